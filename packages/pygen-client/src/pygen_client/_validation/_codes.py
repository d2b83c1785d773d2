"""Every finding code, its severity and what it means (the README's table is generated from the same text)."""

from __future__ import annotations

from ._findings import Severity

__all__ = ["FINDING_CODES"]

FINDING_CODES: dict[str, tuple[Severity, str]] = {
    "duplicate-view": ("error", "the same view is listed more than once in the data model"),
    "duplicate-container": ("error", "the same container is listed more than once"),
    "missing-view": ("error", "the data model references a view whose definition is not included"),
    "invalid-identifier": ("error", "a space, external id, version or property id CDF would reject"),
    "unsupported-property-type": ("error", "a property type pygen does not know"),
    "missing-container": ("error", "a view maps a container that is not in the model's containers"),
    "missing-container-property": ("error", "a view maps a container property that does not exist"),
    "container-type-mismatch": ("warning", "a view's copy of a container property type differs from the container"),
    "implements-outside-model": ("warning", "a view implements a view that is not in the model"),
    "implements-cycle": ("error", "views implement each other in a cycle"),
    "direct-relation-target-outside-model": ("warning", "a direct relation targets a view outside the model"),
    "unsupported-connection": ("error", "an edge or reverse relation with an unknown connection type or direction"),
    "edge-target-outside-model": ("warning", "an edge connection targets a view outside the model"),
    "edge-properties-outside-model": (
        "warning",
        "an edge connection's edge properties come from a view outside the model",
    ),
    "edge-source-not-edge-view": ("warning", "edge properties come from a view used for nodes only"),
    "reverse-source-outside-model": ("warning", "a reverse direct relation reads a view outside the model"),
    "reverse-through-unresolved": ("error", "a reverse direct relation goes through a property that does not exist"),
    "reverse-through-not-direct": (
        "error",
        "a reverse direct relation goes through a property that is not a direct relation",
    ),
    "reverse-through-outside-model": (
        "warning",
        "a reverse direct relation goes through a view or container outside the model",
    ),
    "class-name-collision": ("warning", "two views generate the same class name or client attribute"),
    "field-name-collision": ("warning", "two properties of a view generate the same Python or TypeScript field"),
    "reserved-identifier": ("warning", "a generated class or field name is reserved and will get a suffix"),
}
