"""Turns a CDF data model into a typed Python SDK: a language-neutral intermediate representation (IR), a
transformer from pygen-client's DMS schema models, a naming policy per language, and a Python emitter.

>>> from pygen_client import load_example_model
>>> from pygen_generator import generate_sdk, write_sdk
>>> files = generate_sdk(load_example_model(), package="catalog")
>>> write_sdk(files, "out")  # doctest: +SKIP
"""

from ._errors import GenerationWarning, GeneratorError
from ._generate import build_ir, default_client_name, default_package, generate_sdk
from ._ir import (
    DataModel,
    DirectRelationField,
    EdgeField,
    EnumValue,
    Field,
    PrimitiveField,
    ReverseRelationField,
    SDKModel,
    SkippedProperty,
    View,
)
from ._notebook import generate_sdk_notebook
from ._synthetic import ModelBuilder, ViewBuilder, synthetic_model
from ._version import __version__
from ._write import MANIFEST_NAME, WriteResult, write_sdk

__all__ = [
    "MANIFEST_NAME",
    "DataModel",
    "DirectRelationField",
    "EdgeField",
    "EnumValue",
    "Field",
    "GenerationWarning",
    "GeneratorError",
    "ModelBuilder",
    "PrimitiveField",
    "ReverseRelationField",
    "SDKModel",
    "SkippedProperty",
    "View",
    "ViewBuilder",
    "WriteResult",
    "__version__",
    "build_ir",
    "default_client_name",
    "default_package",
    "generate_sdk",
    "generate_sdk_notebook",
    "synthetic_model",
    "write_sdk",
]
