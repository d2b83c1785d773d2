"""Data models, with their views inlined (``ViewDefinition``) or as references (``ViewId``)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Discriminator, Field, Tag
from pygen_runtime import ViewId

from ._base import DataModelId, DMSModel, Version, ViewReference, set_fields
from ._views import ViewApply, ViewDefinition

__all__ = ["DataModelApply", "DataModelDefinition"]


def _view_entry_tag(value: Any) -> str:
    if isinstance(value, dict):
        return "definition" if "properties" in value else "reference"
    return "reference" if isinstance(value, ViewId) else "definition"


_ViewEntry = Annotated[
    Annotated[ViewReference, Tag("reference")] | Annotated[ViewDefinition, Tag("definition")],
    Discriminator(_view_entry_tag),
]
_ViewEntryApply = Annotated[
    Annotated[ViewReference, Tag("reference")] | Annotated[ViewApply, Tag("definition")],
    Discriminator(_view_entry_tag),
]


class DataModelApply(DMSModel):
    space: str
    external_id: str
    version: Version
    name: str | None = None
    description: str | None = None
    views: list[_ViewEntryApply] | None = None

    def as_id(self) -> DataModelId:
        return DataModelId(space=self.space, external_id=self.external_id, version=self.version)


class DataModelDefinition(DMSModel):
    space: str
    external_id: str
    version: Version
    name: str | None = None
    description: str | None = None
    views: list[_ViewEntry] = Field(default_factory=list)
    is_global: bool = False
    created_time: int | None = None
    last_updated_time: int | None = None

    def as_id(self) -> DataModelId:
        return DataModelId(space=self.space, external_id=self.external_id, version=self.version)

    @property
    def view_ids(self) -> list[ViewId]:
        """The id of every view in the model, inlined or referenced, in model order."""
        return [view.as_id() if isinstance(view, ViewDefinition) else view for view in self.views]

    @property
    def inlined_views(self) -> list[ViewDefinition]:
        return [view for view in self.views if isinstance(view, ViewDefinition)]

    def as_apply(self) -> DataModelApply:
        """The write form, listing the views by reference (apply the views themselves separately)."""
        views: list[ViewId | ViewApply] = [*self.view_ids]
        return DataModelApply(
            **set_fields(self, include={"space", "external_id", "version", "name", "description"}), views=views
        )
