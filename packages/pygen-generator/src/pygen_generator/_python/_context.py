"""What every Python module emitter needs: the IR, the names, the options, and small shared helpers."""

from __future__ import annotations

from dataclasses import dataclass

from pygen_runtime import NodeId, ViewId

from .._ir import SDKModel, View
from .._naming.python import PythonNames
from ._escape import string_literal
from ._layout import Call, call

__all__ = ["EmitOptions", "SDKContext"]


@dataclass(frozen=True)
class EmitOptions:
    """Options of the Python emitter.

    ``runtime`` is the module generated code imports the runtime from: ``pygen_runtime``, or the vendored copy
    ``<package>._runtime`` (imported relatively).
    """

    package: str
    client_name: str
    default_instance_space: str | None = None
    vendored_runtime: bool = False
    pyproject: bool = False
    generator_version: str = "0"


@dataclass(frozen=True)
class SDKContext:
    sdk: SDKModel
    names: PythonNames
    options: EmitOptions

    @property
    def source(self) -> str:
        """The data model(s) the SDK comes from, for headers and docstrings."""
        return ", ".join(str(model) for model in self.sdk.data_models)

    def runtime(self, depth: int) -> str:
        """The module to import runtime names from, in a module ``depth`` packages below the SDK root."""
        if self.options.vendored_runtime:
            return "." * (depth + 1) + "_runtime"
        return "pygen_runtime"

    def view(self, view_id: ViewId | None) -> View | None:
        return self.sdk.view(view_id)


def view_id_call(view: ViewId) -> Call:
    return call("ViewId", string_literal(view.space), string_literal(view.external_id), string_literal(view.version))


def node_id_call(node: NodeId) -> Call:
    return call("NodeId", string_literal(node.space), string_literal(node.external_id))
