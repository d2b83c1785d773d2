"""``Emulator``: the programmatic API (start on a free port in a background thread, load models and instances,
reset, stop)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

import uvicorn

from . import _containers, _data_models, _instance_apply, _spaces, _views
from ._app import AppState, RequestRecord, build_app
from ._auth import TokenAuthority
from ._backend import Backend
from ._config import EmulatorConfig, FaultConfig
from ._errors import ApiError, EmulatorError, ModelLoadError
from ._faults import FaultInjector
from ._model_files import instance_writes, model_requests, read_document

_START_TIMEOUT = 15.0
INSTANCE_CHUNK = 1000
SCHEMA_CHUNK = 100


class Emulator:
    """A local DMS-compatible server.

    >>> with Emulator(EmulatorConfig(token="secret")) as emu:
    ...     emu.load_model("pygen_Omni.json")
    ...     print(emu.base_url)  # http://127.0.0.1:PORT; the API is under /api/v1/projects/{project}/models/
    """

    def __init__(self, config: EmulatorConfig | None = None) -> None:
        self.config = config or EmulatorConfig()
        self._backend = Backend(self.config.db, self.config.project)
        self._tokens = TokenAuthority(self.config)
        self._faults = FaultInjector(self.config.faults)
        self._state = AppState(self._backend, self._tokens, self._faults)
        self.app = build_app(self._state)
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._port: int | None = None

    # -- lifecycle ----------------------------------------------------------------------------------------------------

    def start(self) -> Emulator:
        """Serve on ``config.host`` (a free port unless ``config.port`` is set) in a background thread."""
        if self._thread is not None:
            return self
        # proto=IPPROTO_TCP matters: asyncio only sets TCP_NODELAY on accepted sockets whose proto says TCP, and
        # without it every keep-alive response stalls ~40 ms (Nagle + delayed ACK).
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((self.config.host, self.config.port))
        except OSError as error:
            sock.close()
            raise EmulatorError(f"cannot listen on {self.config.host}:{self.config.port}: {error}") from None
        self._port = sock.getsockname()[1]
        server_config = uvicorn.Config(
            self.app, log_level="warning", access_log=False, lifespan="off", timeout_keep_alive=30
        )
        self._server = uvicorn.Server(server_config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [sock]}, name="pygen-emulator", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + _START_TIMEOUT
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise EmulatorError(f"the emulator did not start on {self.config.host}:{self._port}")
            time.sleep(0.005)
        return self

    def stop(self) -> None:
        """Stop serving (the data of a file database stays)."""
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
        self._server = None
        self._thread = None

    def close(self) -> None:
        """Stop and close the database."""
        self.stop()
        self._backend.close()

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # -- addresses ----------------------------------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    @property
    def port(self) -> int:
        if self._port is None:
            raise EmulatorError("the emulator is not started; call start() first")
        return self._port

    @property
    def base_url(self) -> str:
        return f"http://{self.config.host}:{self.port}"

    @property
    def api_url(self) -> str:
        """``{base_url}/api/v1/projects/{project}``: the prefix of every DMS path."""
        return f"{self.base_url}/api/v1/projects/{self.project}"

    @property
    def token_url(self) -> str:
        return f"{self.base_url}/oauth2/token"

    @property
    def project(self) -> str:
        return self.config.project

    # -- data ---------------------------------------------------------------------------------------------------------

    def load_model(self, model: str | Path | Mapping[str, Any]) -> dict[str, int]:
        """Create the spaces, containers, views and data model of a model file (JSON or YAML, the canonical form of
        ``../shared/models/*.json``) or of an already parsed dict. Returns how many of each were applied."""
        document, label = read_document(model, "model")
        requests = model_requests(document, label)
        apply = {
            "spaces": _spaces.apply,
            "containers": _containers.apply,
            "views": _views.apply,
            "datamodels": _data_models.apply,
        }
        counts = {}
        for kind in ("spaces", "containers", "views", "datamodels"):
            items = requests[kind]
            for is_global in (True, False):
                chosen = [
                    {k: v for k, v in item.items() if k != "__global"}
                    for item in items
                    if item["__global"] is is_global
                ]
                for start in range(0, len(chosen), SCHEMA_CHUNK):
                    chunk = chosen[start : start + SCHEMA_CHUNK]
                    try:
                        apply[kind](self._backend, {"items": chunk}, as_global=is_global)
                    except ApiError as error:
                        raise ModelLoadError(f"{label}: cannot create the {kind}: {error.message}") from None
            counts[kind] = len(items)
        return counts

    def load_instances(self, instances: str | Path | Sequence[Mapping[str, Any]]) -> int:
        """Write nodes and edges given in the read shape (a YAML/JSON file like ``pygen_Omni.instances.yaml``, or a
        list of dicts). Missing instance spaces, direct-relation targets and edge ends are created. Returns the number
        written."""
        document, label = read_document(instances, "instances")
        writes = [self._writable(item) for item in instance_writes(document, label)]
        spaces = sorted(
            {w["space"] for w in writes if isinstance(w.get("space"), str)} - set(self._backend.registry.spaces)
        )
        for start in range(0, len(spaces), SCHEMA_CHUNK):
            try:
                _spaces.apply(self._backend, {"items": [{"space": s} for s in spaces[start : start + SCHEMA_CHUNK]]})
            except ApiError as error:
                raise ModelLoadError(f"{label}: cannot create the instance spaces: {error.message}") from None
        for start in range(0, len(writes), INSTANCE_CHUNK):
            chunk = writes[start : start + INSTANCE_CHUNK]
            body = {"items": chunk, "autoCreateStartNodes": True, "autoCreateEndNodes": True}
            try:
                _instance_apply.apply(self._backend, body)
            except ApiError as error:
                raise ModelLoadError(
                    f"{label}: cannot write instances {start}-{start + len(chunk) - 1}: {error.message}"
                ) from None
        return len(writes)

    def _writable(self, item: dict[str, Any]) -> dict[str, Any]:
        """Read groups of views that cannot be written (no containers, or required properties unmapped) are
        written through the containers their properties map to instead; empty groups that cannot be written as they
        are (a snapshot may hold an instance without its required values) are left out."""
        registry = self._backend.registry
        sources = []
        for source in item.get("sources", []):
            ref = source["source"]
            key = (ref["space"], ref["externalId"], ref.get("version", ""))
            if ref["type"] != "view" or key not in registry.views:
                sources.append(source)
                continue
            view = registry.resolve(key)
            if view.writable:
                required = [
                    cprop
                    for container in view.mapped_containers
                    for cprop, prop in container.properties.items()
                    if not prop.nullable and prop.default is None and not prop.auto_increment
                ]
                if source["properties"] or not required:
                    sources.append(source)
                continue
            by_container: dict[tuple[str, str], dict[str, Any]] = {}
            for pid, value in source["properties"].items():
                mapped = view.mapped.get(pid)
                if mapped is None:
                    raise ModelLoadError(
                        f"instance {item.get('space')}:{item.get('externalId')}: view {key} has no property {pid!r}"
                    )
                by_container.setdefault(mapped.container.key, {})[mapped.cprop] = value
            sources.extend(
                {"source": {"type": "container", "space": c[0], "externalId": c[1]}, "properties": props}
                for c, props in by_container.items()
            )
        return {**item, "sources": sources} if sources else {k: v for k, v in item.items() if k != "sources"}

    def reset(self) -> None:
        """Drop all data and schema, restore the configured faults and forget issued tokens and the request log."""
        self._backend.reset()
        self._faults.configure(self.config.faults)
        self._tokens.revoke_all()
        with self._state.lock:
            self._state.requests.clear()

    # -- test helpers -------------------------------------------------------------------------------------------------

    def set_faults(self, faults: FaultConfig) -> None:
        """Change fault injection while running (``reset()`` restores the configured faults)."""
        self._faults.configure(faults)

    def issue_token(self, lifetime: int | None = None) -> str:
        """An access token as the client-credentials endpoint would issue it (``lifetime`` in seconds)."""
        return self._tokens.issue(lifetime)[0]

    def revoke_tokens(self) -> None:
        """Invalidate every issued token (clients must fetch a new one)."""
        self._tokens.revoke_all()

    @property
    def requests(self) -> list[RequestRecord]:
        """The API requests answered so far (most recent last; at most 10,000 kept)."""
        with self._state.lock:
            return list(self._state.requests)

    def clear_requests(self) -> None:
        with self._state.lock:
            self._state.requests.clear()
