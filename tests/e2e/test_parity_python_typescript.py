"""Parity: one scenario (the same writes and the same queries) run through the Python SDK and the TypeScript SDK
generated from one model, against one emulator, gives the same results. Three scenarios:

- parity_scenario.json on the example model: writes, retrieve, every list argument, iterate (also with connections,
  identifier and full), search, aggregates (one metric, and several named metrics in one request: TypeScript
  `aggregate({...})`, Python `aggregate([Count(), Avg(...)])`), histogram, delete, patch, and the edge API of
  ``Product.relatedProducts`` (its edge view's API for one type);
- parity_edges_scenario.json on a small model made here (``edges_model``): edge APIs without properties (both
  directions, by start/end node, prefix, paged), an edge API whose edge view is used for nodes and edges, and that
  view's two sides (``client.thing`` nodes, ``client.thingEdge`` / ``client.thing_edge`` edges);
- parity_children_scenario.json on the same model's family (Equipment <- Pump <- BigPump, Equipment <- Valve):
  ``retrieve`` with ``asChildClass`` / ``as_child_class`` (mixed ids, one child, the grandchild, none, on the middle
  view, a repeated id, with connections as identifiers and as objects). Each item of such a result carries
  ``readAs``, the view it was read as (Python: the read class's ``view_id``; TypeScript: ``ViewDescriptor.is``).

Each SDK writes into its own instance space; both results are normalised to the same JSON form (property ids as
keys, ids relative to the run's space, timestamps as epoch milliseconds; see parity_scenario.ts) and compared query
by query. Argument and field names are mapped mechanically: the scenario uses the TypeScript names and the Python
runner takes their snake_case (``minPrice`` -> ``min_price``), which is the contract between the two generators; a
query with ``"edges": "<field>"`` runs on the view API's edge API (``<field>Edge`` / ``<field>_edge``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from pygen_client import ModelFile, load_example_model, to_camel_case, to_snake_case
from pygen_generator import ModelBuilder, generate_sdk, generate_sdk_notebook
from pygen_runtime import (
    Avg,
    ClientConfig,
    Count,
    Edge,
    EdgeId,
    Histogram,
    HistogramValue,
    Max,
    Min,
    NodeId,
    Sum,
    Token,
)

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[1]
RUNTIME_ENTRY = REPO_ROOT / "npm" / "pygen-runtime" / "src" / "index.ts"
SCENARIOS = {
    "example": HERE / "parity_scenario.json",
    "edges": HERE / "parity_edges_scenario.json",
    "children": HERE / "parity_children_scenario.json",
}
# Fields every instance has; the others are view properties (with an alias path) or connections.
_BASE_FIELDS = {
    "space",
    "external_id",
    "version",
    "created_time",
    "last_updated_time",
    "deleted_time",
    "type",
    "start_node",
    "end_node",
    "data_record",
    "instance_type",
}


def _deno() -> str:
    beside = Path(sys.executable).parent / "deno"
    found = str(beside) if beside.is_file() else shutil.which("deno")
    if found is None:
        pytest.fail("deno was not found next to the interpreter or on PATH: run `uv sync` (it comes from PyPI)")
    return found


def _scenario(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SCENARIOS[name].read_text(encoding="utf-8"))
    return data


def edges_model() -> ModelFile:
    """Stations linked by edges without properties (``links``, read inwards as ``linkedFrom``) and by edges whose
    properties come from ``Thing``, a view used for nodes and edges (``things``); and a family for
    ``as_child_class``: ``Equipment`` (at a station), implemented by ``Pump`` (which ``feeds`` equipment by edges)
    and ``Valve``, and ``Pump`` by ``BigPump``; each child has a property of its own."""
    builder = ModelBuilder("parity_edges", "Edges", "v1")
    thing = builder.view("Thing", used_for="all")
    thing.prop("name", "text").prop("weight", "float64")
    station = builder.view("Station")
    station.prop("name", "text")
    station.edge("links", "Station.links", station)
    station.edge("linkedFrom", "Station.links", station, direction="inwards")
    station.edge("things", "Station.things", station, edge_source=thing)
    equipment = builder.view("Equipment")
    equipment.prop("name", "text").prop("station", "direct", target=station)
    pump = builder.view("Pump", implements=[equipment])
    pump.prop("flow", "float64").edge("feeds", "Pump.feeds", equipment)
    builder.view("BigPump", implements=[pump]).prop("stages", "int32")
    builder.view("Valve", implements=[equipment]).prop("isOpen", "boolean")
    return builder.model_file()


MODELS = {"example": load_example_model, "edges": edges_model, "children": edges_model}
_AGGREGATIONS = {"count": Count, "avg": Avg, "sum": Sum, "min": Min, "max": Max}


def _view_name(view: Any) -> str:
    """A view id as both runners write "which view was this read as": ``space:externalId/version``."""
    return f"{view.space}:{view.external_id}/{view.version}"


# -- the Python half ---------------------------------------------------------------------------------------------


class PythonRunner:
    """Runs the scenario through the generated Python SDK and normalises what it returns."""

    def __init__(self, client: Any, module: Any, space: str) -> None:
        self.client = client
        self.module = module
        self.space = space

    def value(self, raw: Any) -> Any:
        if isinstance(raw, list):
            return [self.value(item) for item in raw]
        if isinstance(raw, dict):
            if "$node" in raw:
                return NodeId(self.space, raw["$node"])
            if "$id" in raw:
                return NodeId(*raw["$id"])
            if "$date" in raw:
                return date.fromisoformat(raw["$date"])
            if "$timestamp" in raw:
                return datetime.fromisoformat(raw["$timestamp"].replace("Z", "+00:00"))
            return dict(raw)
        return raw

    def kwargs(self, raw: dict[str, Any] | None) -> dict[str, Any]:
        """TypeScript names to Python keywords: the snake_case of each (the names both generators derive)."""
        out: dict[str, Any] = {}
        for key, item in (raw or {}).items():
            name = "chunk_size" if key == "chunkSize" else to_snake_case(key)
            value = self.value(item)
            if key in ("sortBy", "properties", "groupBy", "property"):
                value = [to_snake_case(v) for v in value] if isinstance(value, list) else to_snake_case(value)
            out[name] = value
        return out

    def id(self, item: Any) -> str:
        return f"$/{item.external_id}" if item.space == self.space else f"{item.space}/{item.external_id}"

    def norm(self, item: Any) -> Any:
        if item is None or isinstance(item, (bool, int, float, str)):
            return item
        if isinstance(item, datetime):
            return {"$ms": round(item.timestamp() * 1000)}
        if isinstance(item, date):
            return item.isoformat()
        if isinstance(item, NodeId):
            return self.id(item)
        if isinstance(item, (list, tuple)):
            return [self.norm(inner) for inner in item]
        if isinstance(item, dict):
            return {key: self.norm(inner) for key, inner in item.items()}
        if hasattr(item, "instance_type"):
            return self.instance(item)
        if hasattr(item, "external_id") and hasattr(item, "space"):  # EdgeId
            return self.id(item)
        raise TypeError(f"cannot normalise {item!r}")

    def instance(self, item: Any) -> dict[str, Any]:
        properties: dict[str, Any] = {}
        connections: dict[str, Any] = {}
        for name, info in type(item).model_fields.items():
            path = getattr(info.validation_alias, "path", None)
            if path and path[0] == "properties":
                properties[str(path[-1])] = self.norm(getattr(item, name))
            elif name not in _BASE_FIELDS and getattr(item, name) is not None:
                connections[to_camel_case(name)] = self.norm(getattr(item, name))
        out = {
            "externalId": item.external_id,
            "instanceType": item.instance_type,
            "properties": properties,
            "connections": connections,
        }
        if item.instance_type == "edge":
            out.update(type=self.id(item.type), startNode=self.id(item.start_node), endNode=self.id(item.end_node))
        return out

    def group(self, view: str, group: dict[str, Any]) -> dict[str, Any]:
        """An aggregate group keyed by property ids (the read class is named after the view)."""
        fields = getattr(self.module, view).model_fields
        return {(fields[key].serialization_alias or key): self.norm(value) for key, value in group.items()}

    def metrics(self, api: Any, query: dict[str, Any], args: dict[str, Any]) -> Any:
        """Named metrics as the TypeScript form takes them, sent as Python aggregations in one call; the values are
        taken back by position and named, as TypeScript returns them (counts of nothing are 0 on both sides)."""
        names, aggregations = [], []
        for name, spec in query["metrics"].items():
            names.append(name)
            if spec == "count" or spec == {"count": True}:
                aggregations.append(Count())
                continue
            kind, field = next((key, value) for key, value in spec.items() if key != "interval")
            if kind == "histogram":
                aggregations.append(Histogram(to_snake_case(field), spec["interval"]))
            else:
                aggregations.append(_AGGREGATIONS[kind](to_snake_case(field)))
        extra = {"group_by": to_snake_case(query["groupBy"])} if "groupBy" in query else {}
        result = api.aggregate(aggregations, **extra, **args)

        def values(group: Any) -> dict[str, Any]:
            assert len(group.aggregates) == len(names), group
            return {
                name: [{"start": b.start, "count": b.count} for b in item.buckets]
                if isinstance(item, HistogramValue)
                else item.value
                for name, item in zip(names, group.aggregates, strict=True)
            }

        if "groupBy" not in query:
            return values(result[0])
        groups = [{"group": self.group(query["view"], group.group), "aggregates": values(group)} for group in result]
        return sorted(groups, key=lambda group: json.dumps(group["group"], sort_keys=True))

    def api(self, view: str, edges: str | None = None) -> Any:
        api = getattr(self.client, to_snake_case(view))
        return api if edges is None else getattr(api, f"{to_snake_case(edges)}_edge")

    def write(self, items: list[dict[str, Any]]) -> dict[str, Any]:
        writes = []
        for raw in items:
            data = dict(raw)
            view = data.pop("view")
            writes.append(getattr(self.module, f"{view}Write")(space=self.space, **self.kwargs(data)))
        result = self.client.upsert(writes)
        return {
            "created": sorted(self.id(item) for item in result.created),
            "updated": sorted(self.id(item) for item in result.updated),
            "unchanged": sorted(self.id(item) for item in result.unchanged),
        }

    def run(self, query: dict[str, Any]) -> Any:
        op = query["op"]
        api = self.api(query["view"], query.get("edges")) if "view" in query else None
        # Each SDK writes into a space of its own; every query looks only there.
        args = {"space": self.space, **self.kwargs(query.get("args"))}
        options = self.kwargs(query.get("options"))
        if op == "write":
            return self.write(query["items"])
        if op == "retrieve" and "as_child_class" in options:
            # A mix of the parent's and the children's read classes: each item says which view it was read as.
            return [
                {**self.norm(item), "readAs": _view_name(type(item).view_id)}
                for item in api.retrieve(query["ids"], **options)
            ]
        if op == "retrieve":
            return self.norm(list(api.retrieve(query["ids"], **options)))
        if op == "list":
            return self.norm(list(api.list(**args, **options)))
        if op == "iterate":
            sizes, items = [], []
            for page in api.iterate(**args, **options):
                sizes.append(len(page.items))
                items.extend(self.norm(list(page.items)))
            return {"sizes": sizes, "items": sorted(items, key=lambda item: item["externalId"])}
        if op == "search":
            found = self.norm(list(api.search(query["query"], **args, **options)))
            return sorted(found, key=lambda item: item["externalId"])
        if op == "aggregate" and "metrics" in query:
            return self.metrics(api, query, args)
        if op == "aggregate":
            extra: dict[str, Any] = {}
            if "property" in query:
                extra["property"] = to_snake_case(query["property"])
            if "groupBy" in query:
                extra["group_by"] = to_snake_case(query["groupBy"])
            result = api.aggregate(query["aggregation"], **extra, **args)
            if "groupBy" not in query:
                return result.value
            groups = [
                {"group": self.group(query["view"], group.group), "value": group.aggregates[0].value}
                for group in result
            ]
            return sorted(groups, key=lambda group: json.dumps(group["group"], sort_keys=True))
        if op == "histogram":
            value = api.histogram(to_snake_case(query["property"]), query["interval"], **args)
            return [{"start": bucket.start, "count": bucket.count} for bucket in value.buckets]
        if op == "delete":
            # Python deletes through the client; ids of edges are EdgeIds (a bare external id is a node).
            ids: list[Any] = list(query["ids"])
            if issubclass(getattr(self.module, query["view"]), Edge):
                ids = [EdgeId(self.space, external_id) for external_id in ids]
            return sorted(self.id(item) for item in self.client.delete(ids).deleted)
        raise ValueError(f"unknown op {op}")


# -- the test ----------------------------------------------------------------------------------------------------


@pytest.fixture
def parity_emulator(emulator: Any) -> Any:
    for load in dict.fromkeys(MODELS.values()):
        emulator.load_model(load().dump())
    return emulator


def _python_results(emulator: Any, name: str, scenario: dict[str, Any], space: str) -> dict[str, Any]:
    config = ClientConfig(emulator.base_url, emulator.project, Token(emulator.config.token or "t"))
    package = f"parity_python_{name}"
    client = generate_sdk_notebook(MODELS[name](), config, package=package, default_instance_space=space)
    import importlib

    module = importlib.import_module(package)
    client.http.post("/models/spaces", json={"items": [{"space": space}]})
    runner = PythonRunner(client, module, space)
    results: dict[str, Any] = {"(writes)": runner.write(scenario["writes"])}
    for query in scenario["queries"]:
        try:
            results[query["name"]] = runner.run(query)
        except Exception as error:  # reported as a result, so one query's failure shows next to the other SDK's
            results[query["name"]] = {"error": f"{type(error).__name__}: {error}"}
    client.close()
    return results


def _typescript_results(emulator: Any, tmp_path: Path, name: str, space: str) -> dict[str, Any]:
    files = generate_sdk(MODELS[name](), language="typescript", package="sdk")
    for path, text in files.items():
        target = tmp_path / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    config = {
        "nodeModulesDir": "none",
        "compilerOptions": {"strict": True, "noUncheckedIndexedAccess": True},
        "imports": {"pygen-runtime": RUNTIME_ENTRY.as_uri(), "@generated/": tmp_path.as_uri() + "/"},
    }
    (tmp_path / "deno.json").write_text(json.dumps(config), encoding="utf-8")
    # The space is created from Python: the script only runs the scenario.
    import httpx

    httpx.post(
        f"{emulator.api_url}/models/spaces",
        json={"items": [{"space": space}]},
        headers={"Authorization": f"Bearer {emulator.config.token or 't'}"},
    ).raise_for_status()
    env = {
        **os.environ,
        "NO_COLOR": "1",
        "DENO_DIR": str(tmp_path / "deno_dir"),
        "PARITY_URL": emulator.base_url,
        "PARITY_PROJECT": emulator.project,
        "PARITY_TOKEN": emulator.config.token or "t",
        "PARITY_SPACE": space,
    }
    done = subprocess.run(
        [
            _deno(),
            "run",
            "--check",  # the script is type-checked against the generated SDK
            "--no-prompt",
            "--allow-net",
            "--allow-env",
            f"--allow-read={HERE}",
            "--config",
            str(tmp_path / "deno.json"),
            str(HERE / "parity_scenario.ts"),
            str(SCENARIOS[name]),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, f"deno run failed\n{done.stdout[-4000:]}\n{done.stderr[-8000:]}"
    data: dict[str, Any] = json.loads(done.stdout)
    return data


def _compare(emulator: Any, tmp_path: Path, name: str) -> dict[str, Any]:
    """Both SDKs' results of one scenario, checked equal query by query; the Python ones are returned."""
    scenario = _scenario(name)
    python = _python_results(emulator, name, scenario, f"parity-{name}-python")
    typescript = _typescript_results(emulator, tmp_path, name, f"parity-{name}-typescript")
    assert list(python) == list(typescript) == ["(writes)", *(query["name"] for query in scenario["queries"])]
    errors = {
        name: result
        for name, result in {**python, **typescript}.items()
        if isinstance(result, dict) and "error" in result
    }
    assert not errors, errors
    different = [query for query in python if python[query] != typescript[query]]
    assert not different, "\n\n".join(
        f"{query}:\n  python:     {json.dumps(python[query], sort_keys=True)}\n  typescript: {json.dumps(typescript[query], sort_keys=True)}"
        for query in different
    )
    return python


def test_python_and_typescript_sdks_give_the_same_results(parity_emulator: Any, tmp_path: Path) -> None:
    python = _compare(parity_emulator, tmp_path, "example")
    # The scenario is not vacuous: writes happened and queries found things.
    assert len(python["(writes)"]["created"]) == 15  # 3 categories, 8 products, 4 edges (2 by id, 2 with properties)
    assert len(python["list all"]) == 8 and python["count"] == 8 and len(python["count by status"]) == 3
    assert [item["externalId"] for item in python["after delete"]] == ["p0", "p1", "p2", "p3", "p4", "p5"]
    assert python["delete"] == ["$/p6", "$/p7"]
    related = python["retrieve with connections (edges, reverse relations)"][0]["connections"]["relatedProducts"]
    assert sorted(edge["endNode"] for edge in related) == ["$/p1", "$/p2"]
    chairs = python["retrieve the category's products"][0]["connections"]["products"]
    assert sorted(chairs) == ["$/p0", "$/p2", "$/p4"]
    assert python["after patch"][0]["properties"]["name"] == "Table 5b"
    assert python["after patch"][0]["properties"]["price"] is None
    assert python["after patch"][0]["properties"]["quantity"] == 5  # not given in the patch: kept
    assert python["iterate in pages"]["sizes"] == [3, 3, 2]
    with_connections = python["iterate with connections"]
    assert with_connections["sizes"] == [3, 3, 2]
    p0 = with_connections["items"][0]
    assert sorted(edge["endNode"] for edge in p0["connections"]["relatedProducts"]) == ["$/p1", "$/p2"]
    full = python["iterate with connections, full, limited"]
    assert full["sizes"] == [2, 1]  # three categories, limit 3, chunks of 2
    products = {category["externalId"]: category["connections"]["products"] for category in full["items"]}
    assert sorted(product["externalId"] for product in products["chairs"]) == ["p0", "p2", "p4"]  # objects, not ids
    edges = python["relatedProducts edge API"]
    assert [(edge["startNode"], edge["endNode"]) for edge in edges] == [("$/p3", "$/p4"), ("$/p4", "$/p5")]
    several = python["several metrics"]  # the active products p1, p2, p4, p5, p7
    assert several == {
        "total": 5,
        "avgPrice": several["avgPrice"],
        "maxQuantity": 7,
        "described": 4,
        "prices": [{"start": 0, "count": 2}, {"start": 25, "count": 1}, {"start": 50, "count": 2}],
    }
    assert several["avgPrice"] == pytest.approx((10.5 + 20 + 40 + 50 + 70.25) / 5)
    by_status = {group["group"]["status"]: group["aggregates"] for group in python["several metrics by status"]}
    assert by_status["discontinued"] == {"n": 2, "revenue": 110, "cheapest": 50, "avgQuantity": 5.5}
    assert [group["group"] for group in python["several metrics by category"]] == [{"category": "$/chairs"}]
    assert python["several metrics, nothing to aggregate"] == {"n": 0, "avgPrice": None, "prices": []}


def test_python_and_typescript_edge_apis_and_node_and_edge_views_give_the_same_results(
    parity_emulator: Any, tmp_path: Path
) -> None:
    python = _compare(parity_emulator, tmp_path, "edges")
    links = python["links (no properties)"]
    assert [(edge["startNode"], edge["endNode"]) for edge in links] == [
        ("$/n0", "$/n1"),
        ("$/n0", "$/n2"),
        ("$/n1", "$/n2"),
    ]
    assert all(edge["properties"] == {} and edge["type"] == "parity_edges/Station.links" for edge in links)
    assert [edge["externalId"] for edge in python["linkedFrom by end node (inwards)"]] == [
        "Station.links:n0:n2",
        "Station.links:n1:n2",
    ]
    assert python["links paged"]["sizes"] == [2, 1]
    assert [edge["externalId"] for edge in python["things (edge view used for nodes and edges)"]] == [
        "t-n0-n3",
        "t-n1-n3",
    ]
    assert python["things count"] == 2 and python["edge side count"] == 3
    assert [item["instanceType"] for item in python["node side"]] == ["node"]
    assert python["edge side"][0]["properties"] == {"name": "another type", "weight": 9}
    assert python["edge side search"][0]["externalId"] == "t-n0-n3"
    assert python["delete on the edge side"] == ["$/other-n2-n3"]
    assert [edge["externalId"] for edge in python["edge side after delete"]] == ["t-n0-n3", "t-n1-n3"]
    assert [edge["externalId"] for edge in python["things after delete"]] == ["t-n0-n3", "t-n1-n3"]


def _read_as(items: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(external id, the view it was read as) of each item of a retrieve with as_child_class."""
    return [(item["externalId"], item["readAs"].removeprefix("parity_edges:").removesuffix("/v1")) for item in items]


def test_python_and_typescript_as_child_class_give_the_same_results(parity_emulator: Any, tmp_path: Path) -> None:
    """``retrieve(..., as_child_class=...)`` / ``retrieve(ids, { asChildClass })`` on the family of the edges model
    (Equipment <- Pump <- BigPump, Equipment <- Valve): both SDKs read the same ids as the same views (Python: the
    read class's ``view_id``; TypeScript: ``ViewDescriptor.is``) with the same values; checked here as values too."""
    python = _compare(parity_emulator, tmp_path, "children")
    mixed = python["as child class: mixed ids"]
    # In the order asked; missing and Station-only ids left out; the most derived listed child wins (BigPump is
    # listed last but implements Pump); the plain Equipment node stays one.
    assert _read_as(mixed) == [("p-big", "BigPump"), ("e-plain", "Equipment"), ("p-small", "Pump"), ("v-gate", "Valve")]
    assert mixed[0]["properties"] == {"name": "big pump", "station": "$/n0", "flow": 9, "stages": 3}
    assert mixed[3]["properties"] == {"name": "gate", "station": "$/n2", "isOpen": True}
    # The same set and order as the parent's own retrieve, whose objects have the parent's properties only.
    plain = python["as child class: the same ids without it"]
    assert [item["externalId"] for item in plain] == [external_id for external_id, _ in _read_as(mixed)]
    assert all(set(item["properties"]) == {"name", "station"} and "readAs" not in item for item in plain)
    # One child given bare: the grandchild is read as that child (it has its data), the others as the parent.
    assert _read_as(python["as child class: one child only"]) == [
        ("v-gate", "Equipment"),
        ("p-big", "Pump"),
        ("p-small", "Pump"),
        ("e-plain", "Equipment"),
    ]
    assert python["as child class: one child only"][1]["properties"] == {
        "name": "big pump",
        "station": "$/n0",
        "flow": 9,
    }
    assert _read_as(python["as child class: the grandchild only"]) == [("p-small", "Equipment"), ("p-big", "BigPump")]
    assert _read_as(python["as child class: none listed"]) == [("p-big", "Equipment"), ("v-gate", "Equipment")]
    # On the middle view: the Equipment-only node has no Pump data, so it is not there at all.
    assert _read_as(python["as child class: on the child view"]) == [("p-big", "BigPump"), ("p-small", "Pump")]
    # A repeated id comes back once, where it was first asked for, with and without as_child_class.
    assert _read_as(python["as child class: a repeated id"]) == [("p-small", "Pump"), ("e-plain", "Equipment")]
    assert [item["externalId"] for item in python["a repeated id without as child class"]] == ["p-small", "e-plain"]
    # Connections are each read class's own: the pumps' edges, nothing on objects read as Equipment.
    connected = python["as child class with connections"]
    assert _read_as(connected) == [
        ("p-big", "BigPump"),
        ("e-plain", "Equipment"),
        ("p-small", "Pump"),
        ("v-gate", "Equipment"),
    ]
    assert sorted(connected[0]["connections"]["feeds"]) == ["$/e-plain", "$/p-small"]
    assert connected[2]["connections"] == {"feeds": ["$/e-plain"]}
    assert connected[1]["connections"] == connected[3]["connections"] == {}
    full = python["as child class with connections, full"]
    assert _read_as(full) == [("p-small", "Pump"), ("v-gate", "Valve"), ("e-plain", "Equipment")]
    assert [node["externalId"] for node in full[0]["connections"]["feeds"]] == ["e-plain"]  # objects, not ids
    assert [item["properties"]["station"]["properties"] for item in full] == [
        {"name": "N1"},
        {"name": "N2"},
        {"name": "N0"},
    ]
