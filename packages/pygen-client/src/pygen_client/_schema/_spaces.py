"""Spaces: the read form (``SpaceDefinition``) and the write form (``SpaceApply``)."""

from __future__ import annotations

from ._base import DMSModel, set_fields

__all__ = ["SpaceApply", "SpaceDefinition"]


class SpaceApply(DMSModel):
    space: str
    name: str | None = None
    description: str | None = None


class SpaceDefinition(DMSModel):
    space: str
    name: str | None = None
    description: str | None = None
    is_global: bool = False
    created_time: int | None = None
    last_updated_time: int | None = None

    def as_apply(self) -> SpaceApply:
        return SpaceApply(**set_fields(self, include={"space", "name", "description"}))
