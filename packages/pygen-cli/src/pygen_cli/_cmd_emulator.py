"""``pygen emulator``: serve a local, DMS-compatible API (pygen-emulator) with a model and instances loaded.

Needs the ``pygen-cli[emulator]`` extra. The URLs go to stdout (a script can read them, e.g. with ``--port 0``);
progress and the load summary go to stderr. Stops on Ctrl+C or SIGTERM.
"""

from __future__ import annotations

import signal
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ._errors import CLIUsageError, PygenCLIError
from ._options import Quiet, Verbose
from ._output import Output

if TYPE_CHECKING:
    from pygen_emulator import Emulator

__all__ = ["emulator"]


def emulator(
    model: Annotated[
        list[Path] | None, typer.Option("--model", "-m", help="Model file to deploy at start; repeat for several.")
    ] = None,
    instances: Annotated[
        list[Path] | None,
        typer.Option("--instances", "-i", help="Instances file (nodes and edges, JSON or YAML) to load; repeatable."),
    ] = None,
    example: Annotated[bool, typer.Option("--example", help="Deploy the bundled example model.")] = False,
    host: Annotated[str, typer.Option("--host", help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[
        int, typer.Option("--port", help="Port to listen on; 0 picks a free one.", min=0, max=65535)
    ] = 8000,
    db: Annotated[str, typer.Option("--db", help="SQLite file that keeps the data between runs.")] = ":memory:",
    project: Annotated[str, typer.Option("--project", help="CDF project name to serve.")] = "pygen",
    token: Annotated[
        str | None,
        typer.Option("--token", help="Bearer token to require (default: any bearer token is accepted)."),
    ] = None,
    oauth_client: Annotated[
        list[str] | None,
        typer.Option(
            "--oauth-client",
            metavar="ID:SECRET",
            help="Allow this client at the client-credentials endpoint /oauth2/token; repeatable.",
        ),
    ] = None,
    verbose: Verbose = False,
    quiet: Quiet = False,
) -> None:
    """Run a local CDF data modeling emulator until interrupted (Ctrl+C).

    Point generated SDKs, `pygen generate --base-url` or cognite-sdk at the printed URL.
    """
    output = Output(verbose=verbose, quiet=quiet)
    server: Emulator | None = None
    with output.handle_errors():
        clients: dict[str, str] = {}
        for pair in oauth_client or []:
            client_id, separator, secret = pair.partition(":")
            if not separator or not client_id or not secret:
                raise CLIUsageError("--oauth-client expects ID:SECRET, e.g. --oauth-client my-app:my-secret")
            clients[client_id] = secret
        output.add_secrets([*(clients.values()), *([token] if token else [])])
        try:
            from pygen_emulator import Emulator, EmulatorConfig, EmulatorError
        except ImportError:
            raise PygenCLIError(
                "the emulator is not installed: install it with pip install 'pygen-cli[emulator]'"
            ) from None
        config = EmulatorConfig(db=db, project=project, token=token, oauth_clients=clients, host=host, port=port)
        server = Emulator(config)
        try:
            _load(server, example, model or [], instances or [], output)
            server.start()
        except EmulatorError as error:
            server.close()
            raise PygenCLIError(str(error)) from None
    assert server is not None
    output.result(f"base_url: {server.base_url}")
    output.result(f"project: {server.project}")
    output.result(f"token_url: {server.token_url}")
    output.stdout.file.flush()
    output.info(f"Serving the DMS API at {server.api_url}/models/ (Ctrl+C to stop).")
    stop = threading.Event()
    previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())
    code = 0
    try:
        while not stop.wait(0.5):
            if not server.running:
                output.error("the emulator stopped unexpectedly")
                code = 1
                break
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.close()
        output.info("emulator stopped")
    if code:
        raise typer.Exit(code)


def _load(server: Emulator, example: bool, models: list[Path], instances: list[Path], output: Output) -> None:
    if example:
        import json

        from pygen_client import example_model_text

        counts = server.load_model(json.loads(example_model_text()))
        output.info(f"deployed the example model: {_counts(counts)}")
    for path in models:
        counts = server.load_model(path)
        output.info(f"deployed {path}: {_counts(counts)}")
    for path in instances:
        output.info(f"loaded {server.load_instances(path)} instances from {path}")


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{value} {key}" for key, value in counts.items())
