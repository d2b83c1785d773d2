"""``InstanceClient``: instance writes, deletes and generic reads; generated SDK clients subclass it."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from functools import cache
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import httpx
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, create_model

from ._batch import ChunkOutcome, run_chunks, split
from ._config import ClientConfig
from ._errors import InvalidInputError, MultiRequestError, ResponseParseError
from ._http import HTTPClient
from ._ids import EdgeId, NodeId, ViewId, as_node_id
from ._instances import Instance, InstanceWrite, NodeWrite
from ._lists import InstanceList
from ._parsing import UntypedInstance, gc_paused, parse_items
from ._results import DeleteResult, UpsertResult, instance_id
from ._write_items import WriteItems

if TYPE_CHECKING:
    from ._query import Query, SyncQuery

APPLY_LIMIT = 1000
DELETE_LIMIT = 1000
BYIDS_LIMIT = 1000

T = TypeVar("T")
InstanceId = NodeId | EdgeId
InstanceRef = NodeId | EdgeId | tuple[str, str] | str | Instance | InstanceWrite


class QueryResult:
    """Results of ``query``/``sync``: one ``InstanceList`` per selected result set, and the cursors to continue."""

    def __init__(self, items: dict[str, InstanceList[Any]], next_cursors: dict[str, str | None]) -> None:
        self.items = items
        self.next_cursors = next_cursors

    def __getitem__(self, name: str) -> InstanceList[Any]:
        return self.items[name]

    def __repr__(self) -> str:
        sizes = ", ".join(f"{name}: {len(items)}" for name, items in self.items.items())
        return f"QueryResult({sizes})"


class InstanceClient:
    """The client generated SDKs subclass: one pooled ``HTTPClient`` and the instance operations on it.

    Pass a ``ClientConfig`` (the client owns and closes its HTTP client) or an existing ``HTTPClient`` to share one
    connection pool between several clients (then closing is the caller's job).
    """

    # The instance space of write objects created without one and of ids given as bare external ids.
    default_space: str | None = None

    def __init__(
        self,
        config: ClientConfig | HTTPClient,
        *,
        transport: httpx.BaseTransport | None = None,
        default_space: str | None = None,
    ) -> None:
        self.default_space = default_space
        if isinstance(config, HTTPClient):
            self._http = config
            self._owns_http = False
        elif isinstance(config, ClientConfig):
            self._http = HTTPClient(config, transport=transport)
            self._owns_http = True
        else:
            raise InvalidInputError(f"{type(self).__name__}: expected a ClientConfig or HTTPClient, got {config!r}")

    @property
    def http(self) -> HTTPClient:
        return self._http

    @property
    def config(self) -> ClientConfig:
        return self._http.config

    # -- writes -------------------------------------------------------------------------------------------------

    def upsert(
        self,
        items: InstanceWrite | Sequence[InstanceWrite],
        *,
        mode: Literal["patch", "replace"] = "patch",
        skip_on_version_conflict: bool = False,
        delete: Sequence[Any] = (),
        auto_create_direct_relations: bool = True,
        auto_create_start_nodes: bool = False,
        auto_create_end_nodes: bool = False,
    ) -> UpsertResult:
        """Create or update nodes and edges, including the connected objects nested in them.

        ``mode="patch"`` writes only the fields that were set; ``"replace"`` resets every other property of the
        touched containers to its default. Up to 1000 instances (plus ``delete`` ids) go in one request, which DMS
        applies as one transaction; larger batches go 1000 per request over ``max_workers`` threads, all nodes
        before any edge. If some requests fail, ``MultiRequestError`` carries the result of those that succeeded
        and the ids of those that did not.
        """
        if mode not in ("patch", "replace"):
            raise InvalidInputError(f"upsert: mode must be 'patch' or 'replace', got {mode!r}")
        writes = [items] if isinstance(items, InstanceWrite) else list(items)
        if not writes and not delete:
            return UpsertResult()
        collected = WriteItems.from_writes(writes, default_space=self.default_space)
        options: dict[str, Any] = {
            "autoCreateDirectRelations": auto_create_direct_relations,
            "autoCreateStartNodes": auto_create_start_nodes,
            "autoCreateEndNodes": auto_create_end_nodes,
            "skipOnVersionConflict": skip_on_version_conflict,
            "replace": mode == "replace",
        }
        delete_items = [self._delete_item(item, where=f"upsert delete[{index}]") for index, item in enumerate(delete)]
        result = UpsertResult()
        outcomes: list[ChunkOutcome[Any, UpsertResult]] = []
        nodes, edges = list(collected.nodes.values()), list(collected.edges.values())
        phases: list[list[dict[str, Any]]]
        if len(nodes) + len(edges) + len(delete_items) <= APPLY_LIMIT:
            # One request is one transaction: all or nothing.
            phases = [[{"items": nodes + edges, **({"delete": delete_items} if delete_items else {})}]]
        else:  # nodes first, so the nodes an edge connects exist when its request runs
            phases = [
                [{"items": list(chunk)} for chunk in split(nodes, APPLY_LIMIT)],
                [{"items": list(chunk)} for chunk in split(edges, APPLY_LIMIT)],
                [{"items": [], "delete": list(chunk)} for chunk in split(delete_items, APPLY_LIMIT)],
            ]

        def send(chunk: dict[str, Any]) -> UpsertResult:
            response = self._http.post("/models/instances", json={**chunk, **options})
            sent = [instance_id(item) for item in chunk["items"]]
            return UpsertResult.from_response(_json(response, "POST /models/instances"), sent)

        for phase in phases:
            outcomes.extend(run_chunks(phase, send, self.config.max_workers))
        for outcome in outcomes:
            if outcome.result is not None:
                result.extend(outcome.result)
        _raise_for_failures(
            outcomes,
            result,
            "upsert",
            lambda chunk: [instance_id(item) for item in [*chunk["items"], *chunk.get("delete", [])]],
        )
        return result

    def delete(self, items: InstanceRef | Sequence[InstanceRef], *, space: str | None = None) -> DeleteResult:
        """Delete nodes and edges (ids, ``(space, xid)`` tuples, or read/write objects); strings and write objects
        without a space are in ``space``, else in the client's ``default_space``.

        Deleting a node also deletes its edges. Ids that do not exist are ignored by DMS and absent from the result.
        """
        values = _one_or_many(items)
        space = space or self.default_space
        body_items = [
            self._delete_item(item, where=f"delete item {index}", space=space) for index, item in enumerate(values)
        ]

        def send(chunk: Sequence[dict[str, Any]]) -> DeleteResult:
            response = self._http.post("/models/instances/delete", json={"items": list(chunk)})
            body = _json(response, "POST /models/instances/delete")
            return DeleteResult([instance_id(item) for item in body.get("items", [])])

        outcomes = run_chunks(split(body_items, DELETE_LIMIT), send, self.config.max_workers)
        result = DeleteResult()
        for outcome in outcomes:
            if outcome.result is not None:
                result.extend(outcome.result)
        _raise_for_failures(outcomes, result, "delete", lambda chunk: [instance_id(item) for item in chunk])
        return result

    # -- reads --------------------------------------------------------------------------------------------------

    def retrieve(
        self, ids: Any, *, sources: ViewId | Sequence[ViewId] = (), space: str | None = None
    ) -> InstanceList[Any]:
        """Nodes and edges by id, with the raw properties of ``sources``; missing ids are simply absent."""
        views = [sources] if isinstance(sources, ViewId) else list(sources)
        identifiers = self._ids(ids, space=space)
        return InstanceList(self._retrieve(UntypedInstance, identifiers, views))

    def query(
        self, query: Query | Mapping[str, Any], *, result_types: Mapping[str, type[Instance]] | None = None
    ) -> QueryResult:
        """Run a ``/query`` request. ``result_types`` parses the named result sets into typed read classes."""
        body = dict(query) if isinstance(query, Mapping) else query.dump()
        response = self._http.post("/models/instances/query", json=body)
        return _parse_query(
            response.content, list(body.get("select", {})), result_types or {}, "POST /models/instances/query"
        )

    def sync(
        self, query: SyncQuery | Mapping[str, Any], *, result_types: Mapping[str, type[Instance]] | None = None
    ) -> QueryResult:
        """Run a ``/sync`` request; feed ``result.next_cursors`` into the next ``SyncQuery(cursors=...)``."""
        body = dict(query) if isinstance(query, Mapping) else query.dump()
        response = self._http.post("/models/instances/sync", json=body)
        return _parse_query(
            response.content, list(body.get("select", {})), result_types or {}, "POST /models/instances/sync"
        )

    def _retrieve(self, item_type: Any, identifiers: Sequence[InstanceId], views: Sequence[ViewId]) -> list[Any]:
        if not identifiers:
            return []

        def send(chunk: Sequence[InstanceId]) -> list[Any]:
            body: dict[str, Any] = {"items": [identifier.dump_with_type() for identifier in chunk]}
            if views:
                body["sources"] = [{"source": view.dump()} for view in views]
            response = self._http.post("/models/instances/byids", json=body)
            return parse_items(item_type, response.content, what="POST /models/instances/byids")[0]

        outcomes = run_chunks(split(list(identifiers), BYIDS_LIMIT), send, self.config.max_workers)
        for outcome in outcomes:
            if outcome.error is not None:
                raise outcome.error
        return [item for outcome in outcomes for item in outcome.result or []]

    def _ids(self, ids: Any, *, space: str | None, instance_type: str = "node") -> list[InstanceId]:
        values = _one_or_many(ids)
        result: list[InstanceId] = []
        for index, value in enumerate(values):
            where = f"id {index}" if len(values) > 1 else "id"
            if isinstance(value, EdgeId) and instance_type == "node":
                raise InvalidInputError(f"{where}: {value!r} is an edge id, but this API reads nodes")
            if isinstance(value, NodeId) and instance_type == "edge":
                result.append(EdgeId(value.space, value.external_id))  # same identity; only the kind differs
            elif isinstance(value, (NodeId, EdgeId)):
                result.append(value)
            elif isinstance(value, str) and space is None:
                raise InvalidInputError(
                    f"{where}: the external id {value!r} has no space; pass space=... or a NodeId/EdgeId"
                )
            elif instance_type == "edge":
                node = as_node_id(value, where=where, default_space=space)
                result.append(EdgeId(node.space, node.external_id))
            else:
                result.append(as_node_id(value, where=where, default_space=space))
        return result

    def _delete_item(self, item: Any, *, where: str, space: str | None = None) -> dict[str, Any]:
        if isinstance(item, (NodeId, EdgeId)):
            return item.dump_with_type()
        if isinstance(item, NodeWrite) and item.space is None and space is not None:
            return NodeId(space, item.external_id).dump_with_type()
        if isinstance(item, (Instance, InstanceWrite)):
            return item.as_id().dump_with_type()
        return as_node_id(item, where=where, default_space=space).dump_with_type()

    # -- lifecycle ----------------------------------------------------------------------------------------------

    def close(self) -> None:
        """Close the HTTP client if this client created it."""
        if self._owns_http:
            self._http.close()

    def __enter__(self: T) -> T:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()


def _one_or_many(items: Any) -> list[Any]:
    """A single reference (an id, a ``(space, xid)`` tuple, a string, an object) or a collection of them."""
    if isinstance(items, (str, tuple, NodeId, EdgeId, Instance, InstanceWrite)):
        return [items]
    if isinstance(items, (Sequence, set, frozenset)):
        return list(items)
    return [items]


def _json(response: httpx.Response, what: str) -> dict[str, Any]:
    try:
        body = json.loads(response.content)
    except ValueError:
        raise ResponseParseError(f"the response of {what} is not JSON: {response.content[:200]!r}") from None
    if not isinstance(body, dict):
        raise ResponseParseError(f"the response of {what} is not a JSON object: {response.content[:200]!r}")
    return body


def _raise_for_failures(
    outcomes: Sequence[ChunkOutcome[Any, Any]], successful: Any, operation: str, ids_of: Any
) -> None:
    failed_outcomes = [outcome for outcome in outcomes if outcome.error is not None]
    if not failed_outcomes:
        return
    if len(outcomes) == 1:
        assert failed_outcomes[0].error is not None
        raise failed_outcomes[0].error
    failed: list[InstanceId] = []
    unknown: list[InstanceId] = []
    for outcome in failed_outcomes:
        (unknown if outcome.outcome_unknown else failed).extend(ids_of(outcome.chunk))
    raise MultiRequestError(
        f"{operation}: {len(failed_outcomes)} of {len(outcomes)} request(s) failed",
        successful=successful,
        failed=failed,
        unknown=unknown,
        errors=[outcome.error for outcome in failed_outcomes if outcome.error is not None],
    )


class _QueryEnvelope(BaseModel):
    model_config = ConfigDict(extra="ignore", defer_build=True)
    next_cursor: dict[str, str | None] = Field(default_factory=dict, validation_alias="nextCursor")


@cache
def _query_adapter(result_types: tuple[tuple[str, Any], ...]) -> TypeAdapter[Any]:
    fields: dict[str, Any] = {
        f"set_{index}": (list[item_type], Field(default_factory=list, validation_alias=name))  # type: ignore[valid-type]
        for index, (name, item_type) in enumerate(result_types)
    }
    items_model = create_model("QueryItems", __config__=ConfigDict(extra="allow"), **fields)
    envelope = create_model("QueryResponse", __base__=_QueryEnvelope, items=(items_model, ...))
    return TypeAdapter(envelope)


def _parse_query(
    content: bytes, names: Sequence[str], result_types: Mapping[str, type[Instance]], what: str
) -> QueryResult:
    """Typed result sets are parsed in Rust in one pass; the others become ``UntypedNode``/``UntypedEdge``."""
    spec = tuple((name, result_types.get(name, UntypedInstance)) for name in names)
    try:
        with gc_paused(len(content)):
            parsed = _query_adapter(spec).validate_json(content)
    except ValidationError as error:
        raise ResponseParseError(f"cannot parse the response of {what}: {error}") from None
    items = {name: InstanceList(getattr(parsed.items, f"set_{index}")) for index, (name, _) in enumerate(spec)}
    return QueryResult(items, dict(parsed.next_cursor))
