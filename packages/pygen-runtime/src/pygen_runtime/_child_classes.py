"""``ParentInstanceAPI``: the API of a view that other views of the SDK implement (its children), whose ``retrieve``
takes ``as_child_class`` to read the instances of those children as the children's own read classes.

Generated SDKs flatten ``implements``: every view has its own read class with its inherited properties, so a
``CogniteAsset`` is not a subclass of ``CogniteDescribable``. ``client.cognite_describable.retrieve(ids,
as_child_class=["CogniteAsset", "CogniteFile"])`` gives ``CogniteAsset`` objects for the ids with data in that view,
``CogniteFile`` objects for those with data in that one, and ``CogniteDescribable`` objects for the rest.

Rules:
- Which child wins: the most derived of the listed children (a child before every child it implements); children
  that do not implement each other keep the SDK's order (by view id), which the generated mapping holds.
- The set of instances is exactly what the parent's ``retrieve`` gives: a child object is returned only when the
  instance has data in the child view *and* in the parent view.
- Requests: one per listed child (``byids`` with the child and the parent view as sources; with
  ``retrieve_connections``, one ``/query`` run with the child's connections), each for the ids no earlier child
  matched, then one for the rest as the parent. No request is sent for a child once every id is matched. Byids
  keeps each request small and lets each child object come with its own connections; a single ``/query`` with a
  result set per child would save round trips but not the connection runs, which are per view anyway.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Generic, TypeVar, overload

from ._errors import InvalidInputError
from ._ids import EdgeId, NodeId
from ._instance_api import IdLike, InstanceAPI, InstanceFilters, RetrieveConnections, T_List, T_Read, _check_mode
from ._instance_client import InstanceClient
from ._instances import Instance, Node
from ._lazy import resolve_lazy
from ._lists import InstanceList

T_Child = TypeVar("T_Child", bound=str)
T_Family = TypeVar("T_Family", bound=Instance)


class ParentInstanceAPI(InstanceAPI[T_Read, T_List], Generic[T_Read, T_List, T_Child, T_Family]):
    """``InstanceAPI`` of a view with child views: ``retrieve`` also takes ``as_child_class``.

    Type parameters: the read and list class (as ``InstanceAPI``), the ``Literal`` of the child names, and the
    union of the parent's and the children's read classes (what ``retrieve`` with ``as_child_class`` returns).

    Args:
        children: Child name (the child view's external id) -> its read class, or a ``lazy_class`` stand-in (the
            child's module is imported only when ``as_child_class`` names it). Most derived first: the order decides
            which child an instance with data in several of them becomes.
    """

    def __init__(
        self,
        client: InstanceClient,
        read_class: type[T_Read],
        list_class: type[T_List],
        filters: type[Mapping[str, Any]] = InstanceFilters,
        *,
        default_space: str | None = None,
        children: Mapping[str, type[Instance]],
    ) -> None:
        super().__init__(client, read_class, list_class, filters, default_space=default_space)
        self._children = dict(children)

    @overload
    def retrieve(  # type: ignore[overload-overlap]  # a (space, xid) tuple is one id, not a sequence of ids
        self,
        ids: IdLike,
        *,
        space: str | None = None,
        retrieve_connections: RetrieveConnections = "skip",
        as_child_class: None = None,
    ) -> T_Read | None: ...

    @overload
    def retrieve(
        self,
        ids: Sequence[IdLike],
        *,
        space: str | None = None,
        retrieve_connections: RetrieveConnections = "skip",
        as_child_class: None = None,
    ) -> T_List: ...

    @overload
    def retrieve(  # type: ignore[overload-overlap]  # as above
        self,
        ids: IdLike,
        *,
        space: str | None = None,
        retrieve_connections: RetrieveConnections = "skip",
        as_child_class: Sequence[T_Child],
    ) -> T_Family | None: ...

    @overload
    def retrieve(
        self,
        ids: Sequence[IdLike],
        *,
        space: str | None = None,
        retrieve_connections: RetrieveConnections = "skip",
        as_child_class: Sequence[T_Child],
    ) -> InstanceList[T_Family]: ...

    def retrieve(
        self,
        ids: IdLike | Sequence[IdLike],
        *,
        space: str | None = None,
        retrieve_connections: RetrieveConnections = "skip",
        as_child_class: Sequence[T_Child] | None = None,
    ) -> T_Read | T_List | T_Family | InstanceList[T_Family] | None:
        """One instance (or ``None``) for one id; a list, in the order asked, for a list of ids.

        ``as_child_class``: child views (by external id) whose instances come back as their own read classes
        instead of this view's: an instance with data in several listed children becomes the most derived of them;
        the others stay objects of this view. A list is then a plain ``InstanceList`` of the mixed objects. Each
        listed child costs at most one request (``byids``, or one ``/query`` with ``retrieve_connections``, which
        fills each object's own connections). Unknown names raise ``InvalidInputError`` before any request.
        """
        if as_child_class is None:
            return super().retrieve(ids, space=space, retrieve_connections=retrieve_connections)
        classes = self._child_classes(as_child_class)
        _check_mode(retrieve_connections)
        single = isinstance(ids, (str, NodeId, EdgeId, tuple))
        identifiers = self._client._ids(
            [ids] if single else list(ids),  # type: ignore[arg-type]
            space=space or self.default_space,
            instance_type=self._instance_type,
        )
        items = self._retrieve_as_children(identifiers, classes, retrieve_connections)
        # A repeated id comes back once, where it was first asked for (as in TypeScript).
        order = {identifier: index for index, identifier in enumerate(dict.fromkeys(identifiers))}
        items.sort(key=lambda item: order.get(item.as_id(), len(order)))
        if single:
            return items[0] if items else None
        return InstanceList(items)

    def _child_classes(self, names: Sequence[str]) -> list[type[Instance]]:
        """The read classes of the named children, most derived first; unknown names are an error (nothing sent)."""
        wanted = [names] if isinstance(names, str) else list(names)  # one name given bare is still one name
        unknown = [name for name in wanted if name not in self._children]
        if unknown:
            valid = ", ".join(repr(name) for name in self._children) or "none"
            raise InvalidInputError(
                f"as_child_class: {', '.join(repr(name) for name in unknown)} "
                f"{'is not a child view' if len(unknown) == 1 else 'are not child views'} of {self.view_id} in this "
                f"SDK; valid: {valid}"
            )
        chosen = set(wanted)
        classes: list[type[Instance]] = []
        for name, lazy in self._children.items():
            if name not in chosen:
                continue
            cls = resolve_lazy(lazy)
            if not (isinstance(cls, type) and issubclass(cls, Node) and cls.view_id is not None):
                raise InvalidInputError(f"as_child_class: {name!r} maps to {cls!r}, which is not a node read class")
            classes.append(cls)
        return classes

    def _retrieve_as_children(
        self, identifiers: Sequence[NodeId | EdgeId], classes: Sequence[type[Instance]], mode: RetrieveConnections
    ) -> list[Any]:
        found: list[Any] = []
        remaining = list(dict.fromkeys(identifiers))
        for cls in classes:
            if not remaining:
                break
            items = self._fetch(cls, remaining, mode)
            matched = {item.as_id() for item in items}
            found.extend(items)
            remaining = [identifier for identifier in remaining if identifier not in matched]
        if remaining:
            found.extend(self._fetch(self._read_class, remaining, mode))
        return found

    def _fetch(self, cls: type[Instance], identifiers: list[NodeId | EdgeId], mode: RetrieveConnections) -> list[Any]:
        """Instances of ``identifiers`` with data in ``cls``'s view and this one, as ``cls`` (with connections)."""
        child = cls is not self._read_class
        if mode == "skip":
            assert cls.view_id is not None
            views = [cls.view_id, self.view_id] if child else [self.view_id]
            return self._client._retrieve(cls, identifiers, views)
        from ._connection_loader import retrieve_with_connections

        if not child:
            return retrieve_with_connections(self, identifiers, mode)
        api: InstanceAPI[Any, Any] = InstanceAPI(self._client, cls, InstanceList, default_space=self.default_space)
        return retrieve_with_connections(api, identifiers, mode, also_in=self.view_id)
