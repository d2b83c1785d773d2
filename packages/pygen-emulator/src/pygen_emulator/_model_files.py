"""Loading model files (the canonical form in ``../shared/models``) and instance files into an emulator.

A model file is the ``datamodels/byids?inlineViews=true`` item plus a top-level ``containers`` list, as JSON or YAML.
It becomes apply requests: spaces for every space it mentions, the containers, the views (read form turned back into
the write form, inherited properties left to inheritance), and the data model. Instance files hold nodes and edges in
the read shape (``properties: {space: {"View/1": {...}}}``) and become ``sources`` writes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ._errors import ModelLoadError

_READ_ONLY = {"isGlobal", "createdTime", "lastUpdatedTime", "writable", "queryable", "usedFor", "mappedContainers"}


def read_document(source: str | Path | Mapping[str, Any] | Sequence[Any], what: str) -> tuple[Any, str]:
    """The parsed JSON/YAML document and a label for messages."""
    if isinstance(source, (str, Path)):
        path = Path(source)
        if not path.is_file():
            raise ModelLoadError(f"{what} file {path} does not exist")
        text = path.read_text(encoding="utf-8")
        try:
            if path.suffix.lower() in (".yaml", ".yml"):
                import yaml

                return yaml.safe_load(text), str(path)
            return json.loads(text), str(path)
        except Exception as error:  # json and yaml raise different errors; both mean the same thing here
            raise ModelLoadError(
                f"{what} file {path} is not valid {path.suffix.lstrip('.').upper() or 'JSON'}: {error}"
            ) from None
    return source, f"the {what} passed in"


def _clean(value: Any) -> Any:
    """Drop nulls (the canonical files spell out every absent field as null)."""
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def container_write(container: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in _clean(container).items() if k not in _READ_ONLY or k == "usedFor"}
    out["properties"] = {
        pid: {k: v for k, v in spec.items() if k != "constraintState"}
        for pid, spec in (out.get("properties") or {}).items()
    }
    for section in ("constraints", "indexes"):
        if section in out:
            out[section] = {k: {kk: vv for kk, vv in v.items() if kk != "state"} for k, v in out[section].items()}
    return out


def view_property_write(spec: dict[str, Any]) -> dict[str, Any]:
    spec = _clean(spec)
    if "container" in spec:
        out = {"container": spec["container"], "containerPropertyIdentifier": spec["containerPropertyIdentifier"]}
        source = spec.get("source") or (spec.get("type") or {}).get("source")
        if source:
            out["source"] = source
        for key in ("name", "description"):
            if key in spec:
                out[key] = spec[key]
        return out
    return {k: v for k, v in spec.items() if k != "targetsList"}


def view_write(view: dict[str, Any], inherited: Mapping[tuple[str, str, str], dict[str, Any]]) -> dict[str, Any]:
    """The write form of a view; properties identical to what inheritance gives are left out."""
    clean = _clean(view)
    out = {k: v for k, v in clean.items() if k not in _READ_ONLY and k != "properties"}
    parents = [inherited.get((p["space"], p["externalId"], p["version"])) for p in clean.get("implements") or []]
    properties = {}
    for pid, spec in (view.get("properties") or {}).items():
        written = view_property_write(spec)
        from_parent = next((p["properties"][pid] for p in parents if p and pid in p.get("properties", {})), None)
        if from_parent is not None and view_property_write(from_parent) == written:
            continue
        properties[pid] = written
    out["properties"] = properties
    return out


def _view_order(views: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Views with the ones they implement first."""
    by_key = {(v["space"], v["externalId"], v["version"]): v for v in views}
    ordered: list[dict[str, Any]] = []
    done: set[tuple[str, str, str]] = set()

    def visit(key: tuple[str, str, str], stack: tuple[tuple[str, str, str], ...]) -> None:
        if key in done or key not in by_key or key in stack:
            return
        for parent in by_key[key].get("implements") or []:
            visit((parent["space"], parent["externalId"], parent["version"]), (*stack, key))
        done.add(key)
        ordered.append(by_key[key])

    for key in by_key:
        visit(key, ())
    return ordered


def model_requests(document: Any, label: str) -> dict[str, list[dict[str, Any]]]:
    """Apply request items per kind ("spaces", "containers", "views", "datamodels"), each tagged global or not."""
    if not isinstance(document, dict):
        raise ModelLoadError(f"{label}: expected a data model object, got {type(document).__name__}")
    for key in ("space", "externalId", "version"):
        if not isinstance(document.get(key), str):
            raise ModelLoadError(
                f"{label}: the data model has no {key!r} (expected the datamodels/byids?inlineViews=true form)"
            )
    containers = document.get("containers") or []
    views = document.get("views") or []
    if not isinstance(containers, list) or not isinstance(views, list):
        raise ModelLoadError(f"{label}: 'containers' and 'views' must be lists")
    for index, view in enumerate(views):
        if not isinstance(view, dict) or not all(
            isinstance(view.get(k), str) for k in ("space", "externalId", "version")
        ):
            raise ModelLoadError(
                f"{label}: views[{index}] is not an inline view definition with space, externalId and version "
                "(export the model with inlineViews=true)"
            )
    spaces = {document["space"]}
    spaces.update(c.get("space") for c in containers if isinstance(c, dict))
    spaces.update(v["space"] for v in views)
    by_key = {(v["space"], v["externalId"], v["version"]): v for v in views}
    view_items = [dict(view_write(v, by_key), **{"__global": bool(v.get("isGlobal"))}) for v in _view_order(views)]
    global_spaces = {c.get("space") for c in containers if isinstance(c, dict) and c.get("isGlobal")}
    global_spaces.update(v["space"] for v in views if v.get("isGlobal"))
    if document.get("isGlobal"):
        global_spaces.add(document["space"])
    return {
        "spaces": [
            {"space": s, "__global": s in global_spaces} for s in sorted(s for s in spaces if isinstance(s, str))
        ],
        "containers": [dict(container_write(c), **{"__global": bool(c.get("isGlobal"))}) for c in containers],
        "views": view_items,
        "datamodels": [
            {
                **{
                    k: v
                    for k, v in _clean(document).items()
                    if k in ("space", "externalId", "version", "name", "description")
                },
                "views": [
                    {"type": "view", "space": v["space"], "externalId": v["externalId"], "version": v["version"]}
                    for v in views
                ],
                "__global": bool(document.get("isGlobal")),
            }
        ],
    }


def instance_writes(document: Any, label: str) -> list[dict[str, Any]]:
    """Read-shape nodes and edges turned into write items (``sources``)."""
    if isinstance(document, dict) and "items" in document:
        document = document["items"]
    if not isinstance(document, list):
        raise ModelLoadError(f"{label}: expected a list of nodes and edges, got {type(document).__name__}")
    out = []
    for index, item in enumerate(document):
        where = f"{label}: item {index}"
        if not isinstance(item, dict) or item.get("instanceType") not in ("node", "edge"):
            raise ModelLoadError(f"{where}: expected a node or edge with instanceType 'node' or 'edge'")
        write: dict[str, Any] = {
            "instanceType": item["instanceType"],
            "space": item.get("space"),
            "externalId": item.get("externalId"),
        }
        for key in ("type", "startNode", "endNode"):
            if item.get(key) is not None:
                write[key] = item[key]
        sources = []
        for space, groups in (item.get("properties") or {}).items():
            if not isinstance(groups, dict):
                raise ModelLoadError(f"{where}: properties.{space} must map views or containers to property values")
            for group, values in groups.items():
                if "/" in group:
                    xid, version = group.split("/", 1)
                    source = {"type": "view", "space": space, "externalId": xid, "version": version}
                else:
                    source = {"type": "container", "space": space, "externalId": group}
                sources.append({"source": source, "properties": values or {}})
        if sources:
            write["sources"] = sources
        out.append(write)
    return out
