"""Everything needed to deploy a data model, in the order it must be applied."""

from __future__ import annotations

from dataclasses import dataclass, field

from ._containers import ContainerApply
from ._data_models import DataModelApply
from ._spaces import SpaceApply
from ._views import ViewApply

__all__ = ["SchemaApply"]


@dataclass
class SchemaApply:
    """Write forms of spaces, containers, views and data models; ``PygenClient.deploy`` applies them in that order."""

    spaces: list[SpaceApply] = field(default_factory=list)
    containers: list[ContainerApply] = field(default_factory=list)
    views: list[ViewApply] = field(default_factory=list)
    data_models: list[DataModelApply] = field(default_factory=list)
