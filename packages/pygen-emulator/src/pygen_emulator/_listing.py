"""Paging for the schema list endpoints (GET): items in creation order, the cursor is the last position seen."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol, TypeVar

from . import _cursors
from ._request import query_bool, query_int


class _Ordered(Protocol):
    ord: int
    is_global: bool


T = TypeVar("T", bound=_Ordered)


def page(
    records: Sequence[T],
    params: Mapping[str, str],
    render: Callable[[T], dict[str, Any]],
    *,
    extra_fingerprint: object = None,
) -> dict[str, Any]:
    limit = query_int(params, "limit", 10, 1, 1000)
    include_global = query_bool(params, "includeGlobal", False)
    fingerprint = _cursors.fingerprint(sorted((k, v) for k, v in params.items() if k not in ("cursor", "limit")))
    after = 0
    if params.get("cursor"):
        after = int(_cursors.decode(params["cursor"], "query parameter cursor", expected_fingerprint=fingerprint)["o"])
    selected = [
        r for r in sorted(records, key=lambda r: r.ord) if r.ord > after and (include_global or not r.is_global)
    ]
    out: dict[str, Any] = {"items": [render(r) for r in selected[:limit]]}
    if len(selected) > limit:
        out["nextCursor"] = _cursors.encode({"o": selected[limit - 1].ord, "f": fingerprint})
    return out
