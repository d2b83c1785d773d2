"""Results of write operations: ``UpsertResult`` and ``DeleteResult``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ._ids import EdgeId, NodeId

InstanceId = NodeId | EdgeId


@dataclass
class UpsertResult:
    """What an upsert did, per instance id, in request order.

    ``created``: new instances; ``updated``: changed; ``unchanged``: sent but identical to what was stored;
    ``skipped``: left out by the API because of a version conflict (``skip_on_version_conflict=True``);
    ``deleted``: removed by the ``delete`` part of the same request.
    """

    created: list[InstanceId] = field(default_factory=list)
    updated: list[InstanceId] = field(default_factory=list)
    unchanged: list[InstanceId] = field(default_factory=list)
    skipped: list[InstanceId] = field(default_factory=list)
    deleted: list[InstanceId] = field(default_factory=list)
    versions: dict[InstanceId, int] = field(default_factory=dict, repr=False)

    @property
    def written(self) -> list[InstanceId]:
        """Everything the API accepted: created, updated and unchanged."""
        return [*self.created, *self.updated, *self.unchanged]

    def extend(self, other: UpsertResult) -> None:
        self.created.extend(other.created)
        self.updated.extend(other.updated)
        self.unchanged.extend(other.unchanged)
        self.skipped.extend(other.skipped)
        self.deleted.extend(other.deleted)
        self.versions.update(other.versions)

    @classmethod
    def from_response(cls, body: Mapping[str, Any], sent: Iterable[InstanceId] = ()) -> UpsertResult:
        result = cls()
        returned: set[InstanceId] = set()
        for item in body.get("items", []):
            identifier = instance_id(item)
            returned.add(identifier)
            if isinstance(item.get("version"), int):
                result.versions[identifier] = item["version"]
            if not item.get("wasModified", True):
                result.unchanged.append(identifier)
            elif item.get("createdTime") is not None and item.get("createdTime") == item.get("lastUpdatedTime"):
                result.created.append(identifier)
            else:
                result.updated.append(identifier)
        result.skipped.extend(identifier for identifier in sent if identifier not in returned)
        result.deleted.extend(instance_id(item) for item in body.get("deleted", []) or [])
        return result


@dataclass
class DeleteResult:
    """Ids the API reported as deleted; ids that did not exist are simply absent (DMS ignores them)."""

    deleted: list[InstanceId] = field(default_factory=list)

    def extend(self, other: DeleteResult) -> None:
        self.deleted.extend(other.deleted)


def instance_id(item: Mapping[str, Any]) -> InstanceId:
    kind = EdgeId if item.get("instanceType") == "edge" else NodeId
    return kind(item["space"], item["externalId"])
