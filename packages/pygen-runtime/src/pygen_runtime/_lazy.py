"""``lazy_class``: a stand-in for the class of a connected view, so that a view's data classes never import (and
never build the pydantic schemas of) the views they connect to.

Generated data modules name connected classes in their annotations (``category: NodeId | Category | None``). Type
checkers see the real class through an ``if TYPE_CHECKING:`` import; at runtime the module binds the name to a
lazy class instead::

    if TYPE_CHECKING:
        from ._category import Category
    else:
        Category = lazy_class("._category", "Category", __package__)

The stand-in is a real (tiny) class, so ``NodeId | Category`` and ``list[Category]`` work at runtime, and its
pydantic schema is cheap: a value validates when it is an instance of the real class (checked without importing
anything unless such an instance could exist), wire JSON never validates as it (a connected object is never in a
response body; ``{space, externalId}`` parses as the ``NodeId`` member of the union), and it serialises as the real
object would. ``resolve()`` imports the real class when the runtime needs it (``retrieve_connections``).
"""

from __future__ import annotations

import sys
from importlib import import_module
from typing import Any, ClassVar

from pydantic import BaseModel, GetJsonSchemaHandler
from pydantic_core import PydanticCustomError, core_schema


class _LazyMeta(type):
    def __instancecheck__(cls, value: Any) -> bool:
        target = cls._loaded()  # type: ignore[attr-defined]
        return target is not None and isinstance(value, target)

    def __repr__(cls) -> str:
        return f"<lazy class {cls.lazy_module}.{cls.lazy_name}>"  # type: ignore[attr-defined]


class LazyClass(metaclass=_LazyMeta):
    """Base of the stand-ins ``lazy_class`` creates; ``resolve()`` gives the real class, ``isinstance`` checks
    against it."""

    lazy_module: ClassVar[str] = ""
    lazy_name: ClassVar[str] = ""
    _resolved: ClassVar[type[Any] | None] = None

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        # Calling the stand-in behaves like calling the real class.
        return cls.resolve()(*args, **kwargs)

    @classmethod
    def resolve(cls) -> type[Any]:
        """The real class (its module is imported on first call)."""
        target = cls._resolved
        if target is None:
            module = import_module(cls.lazy_module)
            try:
                target = getattr(module, cls.lazy_name)
            except AttributeError:
                raise ImportError(f"{cls.lazy_module} has no class {cls.lazy_name}") from None
            cls._resolved = target
        return target

    @classmethod
    def _loaded(cls) -> type[Any] | None:
        """The real class if its module is imported already: an instance of it can only exist then."""
        if cls._resolved is None and cls.lazy_module in sys.modules:
            return cls.resolve()
        return cls._resolved

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> core_schema.CoreSchema:
        return core_schema.json_or_python_schema(
            json_schema=core_schema.no_info_plain_validator_function(cls._reject),
            python_schema=core_schema.no_info_plain_validator_function(cls._validate),
            serialization=core_schema.plain_serializer_function_ser_schema(_serialize, info_arg=True),
        )

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler) -> Any:
        # An object of the connected view, described by name: expanding it would import every connected view and,
        # since they refer to each other through stand-ins (unseen by pydantic's references), nest without end.
        return {"type": "object", "title": cls.lazy_name, "description": f"A {cls.lazy_name} object"}

    @classmethod
    def _validate(cls, value: Any) -> Any:
        target = cls._loaded()
        if target is not None and isinstance(value, target):
            return value
        return cls._reject(value)

    @classmethod
    def _reject(cls, value: Any) -> Any:
        raise PydanticCustomError(
            "is_instance_of", "Input should be an instance of {class_name}", {"class_name": cls.lazy_name}
        )


def lazy_class(module: str, name: str, package: str | None = None) -> type[Any]:
    """A stand-in for the class ``name`` of ``module`` (relative to ``package`` when it starts with a dot)."""
    qualified = module
    if module.startswith("."):
        if not package:
            raise ImportError(f"lazy_class({module!r}, {name!r}): a relative module needs its package")
        base = package
        level = len(module) - len(module.lstrip("."))
        for _ in range(level - 1):
            base = base.rpartition(".")[0]
        qualified = f"{base}.{module[level:]}"
    return type(name, (LazyClass,), {"lazy_module": qualified, "lazy_name": name, "__module__": qualified})


def resolve_lazy(annotation: Any) -> Any:
    """The real class for a stand-in; anything else unchanged."""
    if isinstance(annotation, type) and issubclass(annotation, LazyClass):
        return annotation.resolve()
    return annotation


def _serialize(value: Any, info: core_schema.SerializationInfo) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(
            mode=info.mode,
            by_alias=bool(info.by_alias),
            exclude_unset=info.exclude_unset,
            exclude_defaults=info.exclude_defaults,
            exclude_none=info.exclude_none,
            round_trip=info.round_trip,
        )
    return value
