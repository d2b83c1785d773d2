"""Helpers of the pygen-runtime tests (a uniquely named module, so it never collides with another conftest):
a recording mock transport and request/response validation against the DMS OpenAPI spec."""

from __future__ import annotations

import copy
import gzip
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

BASE_URL = "https://test.cognitedata.com"
PROJECT = "proj"
PROJECT_PATH = f"/api/v1/projects/{PROJECT}"


# -- a recording mock server --------------------------------------------------------------------------------------


@dataclass
class Call:
    """One request as the server saw it, with the JSON body decoded (and gunzipped)."""

    method: str
    url: httpx.URL
    headers: httpx.Headers
    raw: bytes
    body: Any

    @property
    def path(self) -> str:
        """The path relative to the project URL (``/models/instances``), or the full path for other URLs."""
        path = self.url.path
        return path[len(PROJECT_PATH) :] if path.startswith(PROJECT_PATH) else path


Handler = Callable[[Call], "httpx.Response | BaseException"]


@dataclass
class MockServer:
    """An ``httpx.MockTransport`` handler that records every request and delegates the answer to ``handler``."""

    handler: Handler
    calls: list[Call] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        raw = request.read()
        content = gzip.decompress(raw) if request.headers.get("content-encoding") == "gzip" else raw
        try:
            body = json.loads(content) if content and "json" in request.headers.get("content-type", "") else content
        except ValueError:
            body = content
        call = Call(request.method, request.url, request.headers, raw, body)
        with self.lock:
            self.calls.append(call)
        answer = self.handler(call)
        if isinstance(answer, BaseException):
            raise answer
        return answer

    def calls_to(self, path: str) -> list[Call]:
        return [call for call in self.calls if call.path == path]


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(status, json=body, headers={"x-request-id": "req-1", **(headers or {})})


def error_response(status: int, message: str, headers: dict[str, str] | None = None, **extra: Any) -> httpx.Response:
    return json_response({"error": {"code": status, "message": message, **extra}}, status, headers)


@dataclass
class MockEnv:
    server: MockServer
    sleeps: list[float]

    def http(self, **config: Any) -> Any:
        from pygen_runtime import ClientConfig, HTTPClient, Token

        settings: dict[str, Any] = {"credentials": Token("test-token"), **config}
        client_config = ClientConfig(BASE_URL, PROJECT, **settings)
        return HTTPClient(
            client_config, transport=httpx.MockTransport(self.server), sleep=self.sleeps.append, random=lambda: 0.5
        )


# -- the OpenAPI spec as a validator ---------------------------------------------------------------------------------


def _one_of_as_any_of(node: Any) -> Any:
    # The spec's oneOf branches overlap (RawPropertyValueV3 has two plain "object" branches, RangeValue has "number"
    # and "integer"), so a strict oneOf rejects valid values such as a direct relation {space, externalId}. anyOf
    # keeps every other constraint; the exact-body assertions and the key check below catch the rest.
    if isinstance(node, dict):
        return {("anyOf" if key == "oneOf" else key): _one_of_as_any_of(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_one_of_as_any_of(item) for item in node]
    return node


class SpecValidator:
    """Validates bodies against the spec's component schemas (``$ref``s resolved by ``referencing``)."""

    def __init__(self, spec: dict[str, Any]) -> None:
        from jsonschema import Draft202012Validator
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT202012

        self._spec = _one_of_as_any_of(copy.deepcopy(spec))
        # Writing null clears a nullable property (DMS_CONTRACT.md section 4, and what every SDK sends), but the spec's
        # PropertyValueGroupV3 lists only non-null value types.
        group = self._spec["components"]["schemas"]["PropertyValueGroupV3"]
        group["additionalProperties"] = {"anyOf": [group["additionalProperties"], {"type": "null"}]}
        # A write object with nothing set still writes through its view with an empty group (`properties: {}`), as
        # Cognite's own SDK sends it; CDF accepts it and gives the instance its container rows (it also returns empty
        # groups in reads), although the spec says minProperties 1.
        group.pop("minProperties", None)
        # The aggregate response lists "properties" as required but never defines it, and no API response has it.
        self._spec["components"]["schemas"]["AggregatedResultItemCollection"]["required"] = ["items"]
        # NodeOrEdgeExternalId's pattern is escaped twice ("[^\\x00]"), which forbids backslash, "x" and "0" instead of
        # NUL; the DMS contract (section 2) says any character but NUL.
        external_id = self._spec["components"]["schemas"]["NodeOrEdgeExternalId"]
        external_id["pattern"] = "^[^\x00]{1,256}$"

        self._registry = Registry().with_resource(
            "urn:dms", Resource.from_contents(self._spec, default_specification=DRAFT202012)
        )
        self._validator_class = Draft202012Validator

    def example(self, schema_name: str) -> Any:
        """An example instance of a component schema, built from the spec's own ``example`` values where it has
        them, else from the types (every declared property filled, one item per array, first enum value)."""
        return self._example({"$ref": f"#/components/schemas/{schema_name}"})

    def _example(self, schema: Any) -> Any:
        schema = self._resolve(schema)
        if "example" in schema:
            return copy.deepcopy(schema["example"])
        if "allOf" in schema:
            parts = [self._example(part) for part in schema["allOf"]]
            if not all(isinstance(part, dict) for part in parts):
                return parts[0]
            merged: dict[str, Any] = {}
            for part in parts:
                merged.update(part)
            return merged
        if "anyOf" in schema:
            return self._example(schema["anyOf"][0])
        if "enum" in schema:
            return schema["enum"][0]
        kind = schema.get("type", "object")
        if kind == "object":
            properties = schema.get("properties", {})
            if properties:
                return {key: self._example(sub) for key, sub in properties.items()}
            additional = schema.get("additionalProperties")
            return {"key": self._example(additional)} if isinstance(additional, dict) else {}
        if kind == "array":
            return [self._example(schema.get("items", {}))]
        return {"string": "text", "integer": 1, "number": 1.5, "boolean": True}.get(kind, "text")

    def errors(self, body: Any, pointer: str) -> list[str]:
        validator = self._validator_class({"$ref": f"urn:dms#{pointer}"}, registry=self._registry)
        return [
            f"{'/'.join(str(part) for part in error.absolute_path)}: {error.message}"
            for error in validator.iter_errors(body)
        ]

    def request(self, body: Any, schema: str) -> None:
        """Assert ``body`` is a valid ``schema`` (a components/schemas name) and uses no key the schema lacks."""
        pointer = f"/components/schemas/{schema}"
        errors = self.errors(body, pointer)
        assert not errors, f"{schema} rejects the request body:\n" + "\n".join(errors)
        unknown = self._unknown_keys(body, self._resolve({"$ref": f"#{pointer}"}), "")
        assert not unknown, f"{schema} has no such key(s): {unknown}"

    def response(self, body: Any, response: str) -> None:
        pointer = f"/components/responses/{response}/content/application~1json/schema"
        errors = self.errors(body, pointer)
        assert not errors, f"{response} rejects the body:\n" + "\n".join(errors)

    def _resolve(self, schema: Any) -> Any:
        while isinstance(schema, dict) and "$ref" in schema:
            node: Any = self._spec
            for part in schema["$ref"].removeprefix("#/").split("/"):
                node = node[part.replace("~1", "/").replace("~0", "~")]
            schema = {**node, **{key: value for key, value in schema.items() if key != "$ref"}}
        return schema

    def _branches(self, schema: Any) -> list[Any]:
        schema = self._resolve(schema)
        if not isinstance(schema, dict):
            return []
        found = [schema]
        for key in ("allOf", "anyOf"):
            for item in schema.get(key, []):
                found.extend(self._branches(item))
        return found

    def _unknown_keys(self, value: Any, schema: Any, path: str) -> list[str]:
        branches = self._branches(schema)
        if isinstance(value, list):
            item_schemas = [branch["items"] for branch in branches if isinstance(branch.get("items"), dict)]
            problems: list[str] = []
            for index, item in enumerate(value):
                if item_schemas:
                    candidates = [self._unknown_keys(item, candidate, f"{path}/{index}") for candidate in item_schemas]
                    problems.extend(min(candidates, key=len))
            return problems
        if not isinstance(value, dict):
            return []
        declared: dict[str, list[Any]] = {}
        open_ended = False
        for branch in branches:
            for key, sub in branch.get("properties", {}).items():
                declared.setdefault(key, []).append(sub)
            additional = branch.get("additionalProperties")
            if additional not in (None, False) or (
                "properties" not in branch
                and branch.get("type") == "object"
                and not branch.get("allOf")
                and not branch.get("anyOf")
            ):
                open_ended = True
        if not declared:
            return []
        problems = []
        for key, item in value.items():
            if key in declared:
                candidates = [self._unknown_keys(item, sub, f"{path}/{key}") for sub in declared[key]]
                problems.extend(min(candidates, key=len))
            elif not open_ended:
                problems.append(f"{path}/{key}")
        return problems
