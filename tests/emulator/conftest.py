"""Fixtures for the emulator tests.

Every request a test sends through ``api`` and every response the emulator returns is validated against the schemas
of the official DMS OpenAPI spec (``../shared/spec/dms-openapi.json``), so conformance is checked by the whole suite,
not by one test. ``raw_api`` skips the request check (for tests that send bad input on purpose) but still checks the
response.

The spec contradicts real CDF (and itself) in a few places; ``SPEC_ERRATA`` patches exactly those, each with the
reason, before validating.
"""

from __future__ import annotations

import copy
import gzip
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from jsonschema import Draft202012Validator
from pygen_emulator import Emulator

TOKEN = "test-token"


def _schemas(spec: dict[str, Any]) -> dict[str, Any]:
    return spec["components"]["schemas"]  # type: ignore[no-any-return]


def _allow_empty_arrays(spec: dict[str, Any]) -> None:
    # Real CDF returns empty lists as property values (pygen_Omni.instances.yaml has `timeseries: []`).
    for option in _schemas(spec)["RawPropertyValueV3"]["anyOf"]:
        option.pop("minItems", None)


def _one_of_as_any_of(spec: dict[str, Any]) -> None:
    # Many oneOf alternatives overlap, so valid bodies match several and fail: RawPropertyValueV3 lists
    # {"type": "object"} twice, a container without usedFor is both an instance and a record container, a
    # {"property": [...]} filter value is also a raw object value. OpenAPI tools read these as "one of these shapes";
    # anyOf says exactly that.
    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "oneOf" in node:
                node["anyOf"] = node.pop("oneOf")
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec)


def _allow_empty_groups(spec: dict[str, Any]) -> None:
    # Real CDF returns an empty group for a source view the instance is in but has no values for
    # (pygen_Omni.instances.yaml: `ConnectionItemC/1: {}`), and accepts one in writes (`properties: {}`, as Cognite's
    # SDK sends for a write with nothing set), which gives the instance its rows in the view's containers.
    for name in ("PropertyValueGroupV3", "PropertyValueGroupWriteV3"):
        _schemas(spec)[name].pop("minProperties", None)


def _allow_empty_deleted(spec: dict[str, Any]) -> None:
    # Deleting nothing (or applying without deletes) answers `items: []` / `deleted: []` (DMS_CONTRACT section 3
    # [sdk]), yet these lists say minItems 1, which no apply response without deletes could satisfy.
    _schemas(spec)["DeletedInstances"].pop("minItems", None)
    for name in ("ListOfSpaceIdsResponse", "ListOfSpaceExternalIdsResponse", "VersionReferencesCollectionResponse"):
        items = spec["components"]["responses"][name]["content"]["application/json"]["schema"]["properties"]["items"]
        items.pop("minItems", None)


def _aggregate_required(spec: dict[str, Any]) -> None:
    # AggregatedResultItemCollection lists "properties" (a JSON-schema keyword) among the required response fields.
    schema = _schemas(spec)["AggregatedResultItemCollection"]
    schema["required"] = [name for name in schema["required"] if name != "properties"]


def _instance_external_id_pattern(spec: dict[str, Any]) -> None:
    # NodeOrEdgeExternalId's pattern is escaped twice ("^[^\\\\x00]{1,256}$" in the JSON text), so the class excludes
    # backslash, "x" and "0" rather than NUL: "reflexive" or "item0" would be invalid. The intent is "no NUL".
    _schemas(spec)["NodeOrEdgeExternalId"]["pattern"] = "^[^\\x00]{1,256}$"


def _null_clears_in_writes(spec: dict[str, Any]) -> None:
    # Writing null clears a nullable property (DMS_CONTRACT section 4; cognite-sdk sends None that way), but
    # RawPropertyValueV3 has no null. Allowed in write bodies only: responses stay null-free.
    schemas = _schemas(spec)
    write_group = copy.deepcopy(schemas["PropertyValueGroupV3"])
    write_group["additionalProperties"] = {"anyOf": [{"type": "null"}, write_group["additionalProperties"]]}
    schemas["PropertyValueGroupWriteV3"] = write_group
    schemas["EdgeOrNodeData"]["properties"]["properties"] = {"$ref": "#/components/schemas/PropertyValueGroupWriteV3"}


def _enum_value_count(spec: dict[str, Any]) -> None:
    # EnumProperty puts "1-32 values" (minProperties/maxProperties) on each value's metadata object instead of on
    # the values map, so a value without a name ({"running": {}}) would be invalid.
    values = _schemas(spec)["EnumProperty"]["properties"]["values"]
    metadata = values["additionalProperties"]
    values["minProperties"], values["maxProperties"] = metadata.pop("minProperties"), metadata.pop("maxProperties")


SPEC_ERRATA: list[Callable[[dict[str, Any]], None]] = [
    _enum_value_count,
    _instance_external_id_pattern,
    _null_clears_in_writes,
    _one_of_as_any_of,
    _allow_empty_arrays,
    _allow_empty_groups,
    _allow_empty_deleted,
    _aggregate_required,
]


def _resolve_pointer(document: Any, pointer: str) -> Any:
    node = document
    for token in pointer.lstrip("/").split("/"):
        node = node[token.replace("~1", "/").replace("~0", "~")]
    return node


def _dereference(node: Any, document: dict[str, Any], done: dict[int, Any]) -> Any:
    if isinstance(node, list):
        return [_dereference(item, document, done) for item in node]
    if not isinstance(node, dict):
        return node
    if id(node) in done:
        return done[id(node)]
    if "$ref" in node:
        target = _resolve_pointer(document, node["$ref"].removeprefix("#"))
        siblings = {k: v for k, v in node.items() if k != "$ref"}
        if not siblings:
            resolved = _dereference(target, document, done)
            done[id(node)] = resolved
            return resolved
        merged: dict[str, Any] = {}
        done[id(node)] = merged
        merged["allOf"] = [_dereference(target, document, done)]
        merged.update({k: _dereference(v, document, done) for k, v in siblings.items()})
        return merged
    out: dict[str, Any] = {}
    done[id(node)] = out
    for key, value in node.items():
        out[key] = _dereference(value, document, done)
    return out


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


class SpecValidator:
    """Validates request and response bodies of DMS paths against the spec's schemas."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = copy.deepcopy(spec)
        for patch in SPEC_ERRATA:
            patch(self.spec)
        # (method, path pattern, operation, JSON pointer of the operation)
        self.routes: list[tuple[str, re.Pattern[str], dict[str, Any], str]] = []
        for path, operations in self.spec["paths"].items():
            pattern = re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", path) + "$")
            for method, operation in operations.items():
                if isinstance(operation, dict) and "responses" in operation:
                    self.routes.append((method.upper(), pattern, operation, f"/paths/{_escape(path)}/{method}"))
        self._validators: dict[str, Draft202012Validator] = {}
        self.checked = {"requests": 0, "responses": 0}

    def _validator(self, pointer: str) -> Draft202012Validator:
        if pointer not in self._validators:
            self._validators[pointer] = Draft202012Validator(self._inlined(pointer))
        return self._validators[pointer]

    def _inlined(self, pointer: str) -> Any:
        """The schema at ``pointer`` with every ``$ref`` replaced by the schema object it names.

        References become shared (and, for the recursive filter schemas, cyclic) Python objects, so validation never
        resolves a reference at run time; with ``$ref`` lookups it is ~50x slower on 1,000-item bodies.
        """
        return _dereference(_resolve_pointer(self.spec, pointer), self.spec, {})

    def _operation(self, method: str, path: str) -> tuple[dict[str, Any], str] | None:
        for route_method, pattern, operation, pointer in self.routes:
            if route_method == method and pattern.match(path):
                return operation, pointer
        return None

    def _assert_valid(self, pointer: str, body: Any, what: str) -> None:
        errors = [
            f"{'/'.join(str(p) for p in error.absolute_path) or '<root>'}: {error.message[:300]}"
            for error in sorted(self._validator(pointer).iter_errors(body), key=lambda e: list(e.absolute_path))[:5]
        ]
        assert not errors, f"{what} violates the DMS spec: {errors}"

    def check_request(self, method: str, path: str, body: Any) -> None:
        found = self._operation(method, path)
        assert found is not None, f"{method} {path} is not a path of the DMS spec"
        operation, pointer = found
        if "requestBody" in operation:
            self._assert_valid(
                f"{pointer}/requestBody/content/application~1json/schema", body, f"request to {method} {path}"
            )
            self.checked["requests"] += 1

    def check_response(self, method: str, path: str, status: int, body: Any) -> None:
        found = self._operation(method, path)
        error_schema = "/components/responses/ErrorResponse/content/application~1json/schema"
        if found is None:
            assert status >= 400, f"{method} {path} answered {status} but is not a path of the DMS spec"
            schema = error_schema
        else:
            operation, pointer = found
            response = operation["responses"].get(str(status))
            if response is None:
                # Statuses the spec leaves out for this path (401, 403, 404, 429, 5xx) use the common error format.
                assert status >= 400, f"{method} {path} answered {status}, which the spec does not document"
                schema = error_schema
            elif "$ref" in response:
                schema = f"/components/responses/{response['$ref'].rsplit('/', 1)[-1]}/content/application~1json/schema"
            else:
                schema = f"{pointer}/responses/{status}/content/application~1json/schema"
        self._assert_valid(schema, body, f"response of {method} {path} ({status})")
        self.checked["responses"] += 1


@pytest.fixture(scope="session")
def spec_validator(dms_openapi_spec: dict[str, Any]) -> SpecValidator:
    return SpecValidator(dms_openapi_spec)


def _dms_path(url: httpx.URL, project: str) -> str | None:
    prefix = f"/api/v1/projects/{project}"
    return url.path[len(prefix) :] if url.path.startswith(prefix + "/models") else None


def _client(emulator: Emulator, validator: SpecValidator, *, check_requests: bool) -> httpx.Client:
    def on_request(request: httpx.Request) -> None:
        path = _dms_path(request.url, emulator.project)
        if path is None or not check_requests or request.method != "POST":
            return
        raw = request.content
        if request.headers.get("content-encoding") == "gzip":
            raw = gzip.decompress(raw)
        validator.check_request(request.method, path, json.loads(raw))

    def on_response(response: httpx.Response) -> None:
        path = _dms_path(response.request.url, emulator.project)
        if path is None:
            return
        response.read()
        assert response.headers.get("content-type", "").startswith("application/json"), response.headers
        assert response.headers.get("x-request-id"), "every response carries x-request-id"
        validator.check_response(response.request.method, path, response.status_code, response.json())

    return httpx.Client(
        base_url=emulator.api_url,
        headers={"Authorization": f"Bearer {TOKEN}"},
        event_hooks={"request": [on_request], "response": [on_response]},
        timeout=60,
    )


@pytest.fixture(scope="session")
def _session_api(emulator_server: Emulator, spec_validator: SpecValidator) -> Iterator[httpx.Client]:
    with _client(emulator_server, spec_validator, check_requests=True) as client:
        yield client


@pytest.fixture(scope="session")
def _session_raw_api(emulator_server: Emulator, spec_validator: SpecValidator) -> Iterator[httpx.Client]:
    with _client(emulator_server, spec_validator, check_requests=False) as client:
        yield client


@pytest.fixture
def api(emulator: Emulator, _session_api: httpx.Client) -> httpx.Client:
    """An HTTP client for the (reset) emulator; requests and responses are checked against the spec."""
    return _session_api


@pytest.fixture
def raw_api(emulator: Emulator, _session_raw_api: httpx.Client) -> httpx.Client:
    """Like ``api``, but requests are not checked (for tests that send bad input on purpose)."""
    return _session_raw_api


@pytest.fixture(scope="session")
def omni_model_path(shared_dir: Path) -> Path:
    return shared_dir / "models" / "pygen_Omni.json"


@pytest.fixture(scope="session")
def omni_instances_path(shared_dir: Path) -> Path:
    return shared_dir / "models" / "pygen_Omni.instances.yaml"


@pytest.fixture
def omni(emulator: Emulator, omni_model_path: Path, omni_instances_path: Path) -> Emulator:
    """The emulator with the Omni model and its 90 instances loaded."""
    emulator.load_model(omni_model_path)
    emulator.load_instances(omni_instances_path)
    return emulator


PLANT = "plant"


def _ref(kind: str, xid: str) -> dict[str, str]:
    if kind == "view":
        return {"type": "view", "space": PLANT, "externalId": xid, "version": "1"}
    return {"type": "container", "space": PLANT, "externalId": xid}


def _mapped(container: str, prop: str, **extra: Any) -> dict[str, Any]:
    return {"container": _ref("container", container), "containerPropertyIdentifier": prop, **extra}


PLANT_MODEL: dict[str, Any] = {
    "space": PLANT,
    "externalId": "Plant",
    "version": "1",
    "name": "Plant",
    "containers": [
        {
            "space": PLANT,
            "externalId": "Asset",
            "usedFor": "node",
            "properties": {
                "name": {"type": {"type": "text"}, "nullable": False},
                "tag": {"type": {"type": "text"}},
                "rating": {"type": {"type": "float64"}},
                "count": {"type": {"type": "int64"}},
                "active": {"type": {"type": "boolean"}},
                "installed": {"type": {"type": "timestamp"}},
                "commissioned": {"type": {"type": "date"}},
                "meta": {"type": {"type": "json"}},
                "parent": {"type": {"type": "direct"}},
                "related": {"type": {"type": "direct", "list": True}},
                "tags": {"type": {"type": "text", "list": True}},
                "readings": {"type": {"type": "float64", "list": True, "maxListSize": 5}},
                "status": {"type": {"type": "enum", "values": {"running": {}, "stopped": {"name": "Stopped"}}}},
                "serial": {"type": {"type": "text"}, "immutable": True},
                "number": {"type": {"type": "int64"}, "nullable": False, "autoIncrement": True},
                "color": {"type": {"type": "text"}, "defaultValue": "grey"},
                "start": {"type": {"type": "timestamp"}},
                "end": {"type": {"type": "timestamp"}},
            },
        },
        {
            "space": PLANT,
            "externalId": "Pump",
            "usedFor": "node",
            "properties": {"flow": {"type": {"type": "float64"}}},
            "constraints": {"asset": {"constraintType": "requires", "require": _ref("container", "Asset")}},
        },
        {
            "space": PLANT,
            "externalId": "Flow",
            "usedFor": "edge",
            "properties": {"amount": {"type": {"type": "float64"}}},
        },
    ],
    "views": [
        {
            "space": PLANT,
            "externalId": "Asset",
            "version": "1",
            "implements": [],
            "properties": {
                **{
                    prop: _mapped("Asset", prop)
                    for prop in (
                        "name",
                        "tag",
                        "rating",
                        "count",
                        "active",
                        "installed",
                        "commissioned",
                        "meta",
                        "related",
                        "tags",
                        "readings",
                        "status",
                        "serial",
                        "number",
                        "color",
                        "start",
                        "end",
                    )
                },
                "parent": _mapped("Asset", "parent", source=_ref("view", "Asset")),
                "children": {
                    "connectionType": "multi_reverse_direct_relation",
                    "source": _ref("view", "Asset"),
                    "through": {"source": _ref("view", "Asset"), "identifier": "parent"},
                },
                "feeds": {
                    "connectionType": "multi_edge_connection",
                    "type": {"space": PLANT, "externalId": "feeds"},
                    "source": _ref("view", "Pump"),
                    "edgeSource": _ref("view", "FlowEdge"),
                    "direction": "outwards",
                },
            },
        },
        {
            "space": PLANT,
            "externalId": "Pump",
            "version": "1",
            "implements": [_ref("view", "Asset")],
            "properties": {"flow": _mapped("Pump", "flow")},
        },
        {
            "space": PLANT,
            "externalId": "FlowEdge",
            "version": "1",
            "implements": [],
            "properties": {"amount": _mapped("Flow", "amount")},
        },
    ],
}


@pytest.fixture
def plant(emulator: Emulator) -> Emulator:
    """The emulator with a small synthetic model (space ``plant``): Asset, Pump (implements Asset), FlowEdge."""
    emulator.load_model(copy.deepcopy(PLANT_MODEL))
    return emulator


class Dms:
    """Small helpers over an HTTP client for the instance endpoints, shared by the tests through fixtures."""

    def __init__(self, client: httpx.Client) -> None:
        self.client = client

    @staticmethod
    def ok(response: httpx.Response) -> Any:
        assert response.status_code == 200, f"{response.status_code}: {response.text}"
        return response.json()

    @staticmethod
    def error(response: httpx.Response, status: int) -> str:
        assert response.status_code == status, f"expected {status}, got {response.status_code}: {response.text}"
        return str(response.json()["error"]["message"])

    def post(self, path: str, body: dict[str, Any], **kwargs: Any) -> httpx.Response:
        return self.client.post(f"/models/{path}", json=body, **kwargs)

    def apply(self, *items: dict[str, Any], **options: Any) -> httpx.Response:
        return self.post("instances", {"items": list(items), **options})

    def applied(self, *items: dict[str, Any], **options: Any) -> list[dict[str, Any]]:
        return self.ok(self.apply(*items, **options))["items"]  # type: ignore[no-any-return]

    def list(self, **body: Any) -> list[dict[str, Any]]:
        return self.ok(self.post("instances/list", body))["items"]  # type: ignore[no-any-return]

    def ids(self, **body: Any) -> list[str]:
        return [item["externalId"] for item in self.list(**body)]

    def node(self, xid: str, space: str = PLANT, **body: Any) -> dict[str, Any] | None:
        found = self.ok(
            self.post(
                "instances/byids", {"items": [{"instanceType": "node", "space": space, "externalId": xid}], **body}
            )
        )
        return found["items"][0] if found["items"] else None

    def snapshot(self) -> Any:
        """Everything the database holds that a write could change (for "the database is unchanged" checks)."""
        nodes = self.ok(
            self.post(
                "instances/list",
                {"limit": 1000, "instanceType": "node", "sources": [{"source": _ref("view", "Asset")}]},
            )
        )
        bare = self.ok(self.post("instances/list", {"limit": 1000, "instanceType": "node"}))
        edges = self.ok(self.post("instances/list", {"limit": 1000, "instanceType": "edge"}))
        return nodes["items"], bare["items"], edges["items"]


@pytest.fixture
def dms(api: httpx.Client) -> Dms:
    return Dms(api)


@pytest.fixture
def raw_dms(raw_api: httpx.Client) -> Dms:
    return Dms(raw_api)
