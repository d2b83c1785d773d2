"""Lookups shared by the validation checks: the model's views and containers by id, and finding builders."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pygen_runtime import ContainerId, ViewId

from .._model_file import ModelFile
from .._schema import ContainerDefinition, MappedProperty, PropertyTypeBase, ViewDefinition
from ._findings import Finding, Location, Severity

__all__ = ["CheckContext", "container_ref", "describe_type", "view_ref"]


def view_ref(view_id: ViewId) -> str:
    return f"{view_id.space}:{view_id.external_id}/{view_id.version}"


def container_ref(container_id: ContainerId) -> str:
    return f"{container_id.space}:{container_id.external_id}"


def describe_type(property_type: PropertyTypeBase) -> str:
    return f"list of {property_type.type}" if property_type.list else property_type.type


@dataclass
class CheckContext:
    model: ModelFile
    file: str | None = None
    views: dict[ViewId, ViewDefinition] = field(default_factory=dict)
    containers: dict[ContainerId, ContainerDefinition] = field(default_factory=dict)

    @classmethod
    def of(cls, model: ModelFile) -> CheckContext:
        context = cls(model=model, file=None if model.path is None else str(model.path))
        for view in model.views:
            context.views.setdefault(view.as_id(), view)  # duplicates are reported, the first one is used
        for container in model.containers:
            context.containers.setdefault(container.as_id(), container)
        return context

    @property
    def has_containers(self) -> bool:
        return bool(self.containers)

    def at(
        self, *, view: ViewId | None = None, container: ContainerId | None = None, prop: str | None = None
    ) -> Location:
        return Location(file=self.file, view=view, container=container, property=prop)

    def finding(self, severity: Severity, code: str, message: str, suggestion: str, location: Location) -> Finding:
        return Finding(severity=severity, code=code, message=message, location=location, suggestion=suggestion)

    def other_versions(self, view_id: ViewId) -> str:
        """' (the model has X/v2)' when the model holds the same view in other versions: likely a typo."""
        matches = [
            view_ref(other)
            for other in self.views
            if other.space == view_id.space and other.external_id == view_id.external_id and other != view_id
        ]
        return f" (the model has {', '.join(matches)})" if matches else ""

    def container_property_type(self, container_id: ContainerId, identifier: str) -> PropertyTypeBase | None:
        """The type of a container property from the model's containers, or from a view that maps it."""
        container = self.containers.get(container_id)
        if container is not None:
            prop = container.properties.get(identifier)
            return None if prop is None else prop.type
        for view in self.views.values():
            for mapped in view.mapped_properties.values():
                if mapped.container == container_id and mapped.container_property_identifier == identifier:
                    return mapped.type
        return None

    def knows_container(self, container_id: ContainerId) -> bool:
        return container_id in self.containers or any(
            prop.container == container_id for view in self.views.values() for prop in _mapped(view)
        )


def _mapped(view: ViewDefinition) -> Sequence[MappedProperty]:
    return list(view.mapped_properties.values())
