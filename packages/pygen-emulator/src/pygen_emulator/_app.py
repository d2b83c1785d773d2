"""The ASGI application: routes of the DMS API, token endpoints, and the per-request pipeline.

Pipeline of an API request: request id -> injected fault (if configured) -> bearer-token check -> project check ->
body decoding (gzip, strict JSON) -> the endpoint, run in a worker thread -> JSON response carrying ``x-request-id``.
Every failure is answered in the DMS error format.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import uuid
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from . import (
    _aggregate,
    _containers,
    _data_models,
    _instance_apply,
    _instance_delete,
    _instance_read,
    _query,
    _search,
    _spaces,
    _statistics,
    _sync,
    _views,
)
from ._auth import TokenAuthority
from ._backend import Backend
from ._errors import ApiError
from ._faults import FaultInjector
from ._http import decode_body, error_response, json_response

logger = logging.getLogger("pygen_emulator")

Handler = Callable[[Backend, dict[str, Any], Mapping[str, str], "Request"], dict[str, Any]]


@dataclass(frozen=True)
class RequestRecord:
    """One API request the emulator answered (kept for resilience tests: how often did the client retry?)."""

    method: str
    path: str
    status: int
    request_id: str


class AppState:
    """Everything the routes share."""

    def __init__(self, backend: Backend, tokens: TokenAuthority, faults: FaultInjector) -> None:
        self.backend = backend
        self.tokens = tokens
        self.faults = faults
        self.requests: deque[RequestRecord] = deque(maxlen=10_000)
        self.lock = threading.Lock()

    def record(self, request: Request, status: int, request_id: str) -> None:
        with self.lock:
            self.requests.append(RequestRecord(request.method, request.url.path, status, request_id))


def _post(handler: Callable[[Backend, dict[str, Any]], dict[str, Any]]) -> Handler:
    return lambda backend, body, params, request: handler(backend, body)


def _post_with_params(handler: Callable[[Backend, dict[str, Any], Mapping[str, str]], dict[str, Any]]) -> Handler:
    return lambda backend, body, params, request: handler(backend, body, params)


def _get(handler: Callable[[Backend, Mapping[str, str]], dict[str, Any]]) -> Handler:
    return lambda backend, body, params, request: handler(backend, params)


def _list_containers(
    backend: Backend, body: dict[str, Any], params: Mapping[str, str], request: Request
) -> dict[str, Any]:
    used_for = [v for value in request.query_params.getlist("usedFor") for v in value.split(",") if v]
    return _containers.list_(backend, params, used_for)


# (method, path under /models) -> (handler, reads a JSON body)
ROUTES: dict[tuple[str, str], tuple[Handler, bool]] = {
    ("POST", "/spaces"): (_post(_spaces.apply), True),
    ("GET", "/spaces"): (_get(_spaces.list_), False),
    ("POST", "/spaces/byids"): (_post(_spaces.by_ids), True),
    ("POST", "/spaces/delete"): (_post(_spaces.delete), True),
    ("POST", "/containers"): (_post(_containers.apply), True),
    ("GET", "/containers"): (_list_containers, False),
    ("POST", "/containers/byids"): (_post(_containers.by_ids), True),
    ("POST", "/containers/delete"): (_post(_containers.delete), True),
    ("POST", "/containers/indexes/delete"): (
        _post(lambda b, body: _containers.delete_sub_objects(b, body, "indexes")),
        True,
    ),
    ("POST", "/containers/constraints/delete"): (
        _post(lambda b, body: _containers.delete_sub_objects(b, body, "constraints")),
        True,
    ),
    ("POST", "/views"): (_post(_views.apply), True),
    ("GET", "/views"): (_get(_views.list_), False),
    ("POST", "/views/byids"): (_post_with_params(_views.by_ids), True),
    ("POST", "/views/delete"): (_post(_views.delete), True),
    ("POST", "/datamodels"): (_post(_data_models.apply), True),
    ("GET", "/datamodels"): (_get(_data_models.list_), False),
    ("POST", "/datamodels/byids"): (_post_with_params(_data_models.by_ids), True),
    ("POST", "/datamodels/delete"): (_post(_data_models.delete), True),
    ("POST", "/instances"): (_post(_instance_apply.apply), True),
    ("POST", "/instances/list"): (_post(_instance_read.list_), True),
    ("POST", "/instances/byids"): (_post(_instance_read.by_ids), True),
    ("POST", "/instances/delete"): (_post(_instance_delete.delete), True),
    ("POST", "/instances/search"): (_post(_search.search), True),
    ("POST", "/instances/aggregate"): (_post(_aggregate.aggregate), True),
    ("POST", "/instances/query"): (_post(_query.query), True),
    ("POST", "/instances/sync"): (_post(_sync.sync), True),
    ("GET", "/statistics"): (lambda backend, body, params, request: _statistics.project(backend), False),
}


def _request_id(request: Request) -> str:
    return request.headers.get("x-request-id") or uuid.uuid4().hex[:16]


async def _admit(state: AppState, request: Request, request_id: str) -> Response | None:
    """Faults and authentication, before any work is done; returns the response to send instead, if any."""
    fault = state.faults.pick()
    if state.faults.config.latency:
        await asyncio.sleep(state.faults.config.latency)
    if fault is not None:
        return error_response(ApiError(fault.status, fault.message, headers=fault.headers), request_id)
    problem = state.tokens.check(request.headers.get("authorization"))
    if problem is not None:
        return error_response(ApiError(401, problem), request_id)
    return None


def _api_endpoint(state: AppState) -> Callable[[Request], Any]:
    async def endpoint(request: Request) -> Response:
        request_id = _request_id(request)
        response = await _handle(state, request, request_id)
        state.record(request, response.status_code, request_id)
        return response

    return endpoint


async def _handle(state: AppState, request: Request, request_id: str) -> Response:
    try:
        rejected = await _admit(state, request, request_id)
        if rejected is not None:
            return rejected
        project = request.path_params["project"]
        if project != state.backend.project:
            raise ApiError(
                403, f"Project {project!r} is not served here; this emulator serves {state.backend.project!r}"
            )
        sub_path = "/" + request.path_params["rest"].rstrip("/")
        route = ROUTES.get((request.method, sub_path))
        if route is None:
            if any(path == sub_path for _, path in ROUTES):
                raise ApiError(405, f"Method {request.method} is not allowed on /models{sub_path}")
            raise ApiError(404, f"Unknown endpoint /models{sub_path}")
        handler, reads_body = route
        body: dict[str, Any] = {}
        if reads_body:
            body = decode_body(await request.body(), request.headers.get("content-encoding"))
        params = dict(request.query_params)
        result = await run_in_threadpool(handler, state.backend, body, params, request)
        return json_response(result, headers={"x-request-id": request_id})
    except ApiError as error:
        return error_response(error, request_id)
    except Exception as error:  # a bug in the emulator: say so in the DMS format instead of dropping the connection
        logger.exception("Unhandled error in %s %s", request.method, request.url.path)
        return error_response(ApiError(500, f"Internal emulator error: {type(error).__name__}: {error}"), request_id)


def _token_inspect(state: AppState) -> Callable[[Request], Any]:
    async def endpoint(request: Request) -> Response:
        request_id = _request_id(request)
        rejected = await _admit(state, request, request_id)
        response = rejected or json_response(
            {
                "subject": "pygen-emulator-client",
                "projects": [{"projectUrlName": state.backend.project, "groups": []}],
                "capabilities": [
                    {
                        "dataModelsAcl": {"actions": ["READ", "WRITE"], "scope": {"all": {}}},
                        "projectScope": {"projects": [state.backend.project]},
                    },
                    {
                        "dataModelInstancesAcl": {
                            "actions": ["READ", "WRITE", "WRITE_PROPERTIES"],
                            "scope": {"all": {}},
                        },
                        "projectScope": {"projects": [state.backend.project]},
                    },
                ],
            },
            headers={"x-request-id": request_id},
        )
        state.record(request, response.status_code, request_id)
        return response

    return endpoint


def _oauth_token(state: AppState) -> Callable[[Request], Any]:
    async def endpoint(request: Request) -> Response:
        status, payload = state.tokens.client_credentials(await request.body(), request.headers.get("authorization"))
        headers = {"Cache-Control": "no-store"}
        if status == 401:
            headers["WWW-Authenticate"] = 'Basic realm="pygen-emulator"'
        return json_response(payload, status, headers)

    return endpoint


async def _not_found(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 404
    message = (
        f"Unknown endpoint {request.method} {request.url.path}" if status == 404 else str(getattr(exc, "detail", exc))
    )
    return error_response(ApiError(status, message), _request_id(request))


def build_app(state: AppState) -> Starlette:
    api = _api_endpoint(state)
    routes = [
        Route("/api/v1/projects/{project}/models/{rest:path}", api, methods=["GET", "POST", "PUT", "DELETE", "PATCH"]),
        Route("/api/v1/token/inspect", _token_inspect(state), methods=["GET"]),
        Route("/oauth2/token", _oauth_token(state), methods=["POST"]),
    ]
    app = Starlette(routes=routes, exception_handlers={HTTPException: _not_found, 404: _not_found, 405: _not_found})
    app.state.emulator = state
    return app
