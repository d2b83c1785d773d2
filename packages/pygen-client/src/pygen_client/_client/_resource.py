"""The shared machinery of the four schema resource APIs: chunked apply/byids/delete and cursor-paged lists."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Protocol, TypeVar

from pydantic import ValidationError
from pygen_runtime import InvalidInputError

from .._error_locations import issues_from_validation_error
from .._errors import SchemaResponseError
from .._schema import DMSModel
from ._chunks import run_in_chunks
from ._page import SchemaPage

if TYPE_CHECKING:
    import httpx

__all__ = ["LIST_PAGE_SIZE", "SchemaAPI", "SchemaHTTP"]

LIST_PAGE_SIZE = 1000  # the API's largest page for schema lists

_Id = TypeVar("_Id")
_Apply = TypeVar("_Apply", bound=DMSModel)
_Read = TypeVar("_Read", bound=DMSModel)


class SchemaHTTP(Protocol):
    """What the resource APIs need from the runtime's ``HTTPClient``."""

    def get(self, path: str, params: dict[str, Any] | None = None) -> httpx.Response: ...

    def post(self, path: str, json: Any = None, params: dict[str, Any] | None = None) -> httpx.Response: ...


class SchemaAPI(Generic[_Id, _Apply, _Read]):
    _path: ClassVar[str]
    _kind: ClassVar[str]
    _read_class: type[_Read]

    def __init__(self, http: SchemaHTTP) -> None:
        self._http = http

    # Per-resource conversions.
    def _dump_id(self, item_id: _Id) -> dict[str, Any]:
        raise NotImplementedError

    def _load_id(self, data: Mapping[str, Any]) -> _Id:
        raise NotImplementedError

    def _id_of_apply(self, item: _Apply) -> _Id:
        raise NotImplementedError

    def _id_of_read(self, item: _Read) -> _Id:
        raise NotImplementedError

    # Operations.
    def _create(self, items: Sequence[_Apply]) -> list[_Read]:
        def send(chunk: Sequence[_Apply]) -> list[_Read]:
            body = {"items": [item.dump() for item in chunk]}
            return self._parse_items(self._http.post(self._path, json=body), f"POST {self._path}")

        return run_in_chunks(items, send, id_of=self._id_of_apply, action=f"create {self._kind}s")

    def _retrieve(self, ids: Sequence[_Id], params: dict[str, Any] | None = None) -> list[_Read]:
        path = f"{self._path}/byids"

        def send(chunk: Sequence[_Id]) -> list[_Read]:
            body = {"items": [self._dump_id(item_id) for item_id in chunk]}
            return self._parse_items(self._http.post(path, json=body, params=params), f"POST {path}")

        found = run_in_chunks(_unique(ids), send, id_of=lambda item_id: item_id, action=f"retrieve {self._kind}s")
        # The API omits missing ids and does not promise an order: answer in the order asked.
        by_id: dict[Any, _Read] = {}
        for item in found:
            by_id.setdefault(self._id_of_read(item), item)
        return [by_id[item_id] for item_id in _unique(ids) if item_id in by_id]

    def _delete(self, ids: Sequence[_Id]) -> list[_Id]:
        path = f"{self._path}/delete"

        def send(chunk: Sequence[_Id]) -> list[_Id]:
            body = {"items": [self._dump_id(item_id) for item_id in chunk]}
            data = self._json(self._http.post(path, json=body), f"POST {path}")
            return [self._load_id(item) for item in data.get("items", [])]

        return run_in_chunks(_unique(ids), send, id_of=lambda item_id: item_id, action=f"delete {self._kind}s")

    def _list(self, params: dict[str, Any], limit: int | None) -> list[_Read]:
        if limit is not None and limit < 0:
            raise InvalidInputError(f"limit must be a positive number or None (everything), got {limit}")
        items: list[_Read] = []
        for page in self._iterate(params, chunk_size=LIST_PAGE_SIZE, cursor=None, limit=limit):
            items.extend(page.items)
        return items

    def _iterate(
        self, params: dict[str, Any], *, chunk_size: int, cursor: str | None, limit: int | None = None
    ) -> Iterator[SchemaPage[_Read]]:
        if not 1 <= chunk_size <= LIST_PAGE_SIZE:
            raise InvalidInputError(f"chunk_size must be between 1 and {LIST_PAGE_SIZE}, got {chunk_size}")
        remaining = limit
        while remaining is None or remaining > 0:
            page_size = chunk_size if remaining is None else min(chunk_size, remaining)
            query = {**params, "limit": page_size, **({"cursor": cursor} if cursor else {})}
            data = self._json(self._http.get(self._path, params=query), f"GET {self._path}")
            page_items = self._load_items(data, f"GET {self._path}")[:page_size]
            cursor = data.get("nextCursor") or None
            if remaining is not None:
                remaining -= len(page_items)
            yield SchemaPage(items=page_items, next_cursor=cursor)
            if cursor is None:
                return

    # Response handling.
    def _json(self, response: httpx.Response, request: str) -> dict[str, Any]:
        try:
            data = response.json()
        except ValueError:
            raise SchemaResponseError(f"{request}: the response is not JSON: {response.text[:200]!r}") from None
        if not isinstance(data, dict) or not isinstance(data.get("items", []), list):
            raise SchemaResponseError(f"{request}: expected an object with an 'items' list, got {str(data)[:200]}")
        return data

    def _parse_items(self, response: httpx.Response, request: str) -> list[_Read]:
        return self._load_items(self._json(response, request), request)

    def _load_items(self, data: dict[str, Any], request: str) -> list[_Read]:
        items = []
        for position, raw in enumerate(data.get("items", [])):
            try:
                items.append(self._read_class.model_validate(raw))
            except ValidationError as error:
                issues = issues_from_validation_error(error, raw)
                name = _name_of(raw, position)
                details = "; ".join(str(issue) for issue in issues)
                raise SchemaResponseError(f"{request}: cannot read {self._kind} {name}: {details}") from None
        return items


def _unique(ids: Sequence[_Id]) -> list[_Id]:
    return list(dict.fromkeys(ids))


def _name_of(raw: Any, position: int) -> str:
    if isinstance(raw, dict) and "space" in raw:
        parts = [str(raw["space"])]
        if "externalId" in raw:
            parts.append(f":{raw['externalId']}")
        if "version" in raw:
            parts.append(f"/{raw['version']}")
        return "".join(parts)
    return f"#{position}"


def as_list(value: Any, single: type | tuple[type, ...]) -> tuple[list[Any], bool]:
    """``(items, was_single)`` for an argument that takes one item or a sequence of them."""
    if isinstance(value, single):
        return [value], True
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        raise InvalidInputError(f"expected {_names(single)} or a sequence of them, got {value!r}")
    bad = [item for item in value if not isinstance(item, single)]
    if bad:
        raise InvalidInputError(f"expected {_names(single)} items, got {bad[0]!r}")
    return list(value), False


def _names(single: type | tuple[type, ...]) -> str:
    classes = single if isinstance(single, tuple) else (single,)
    return " or ".join(cls.__name__ for cls in classes)
