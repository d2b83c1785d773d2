"""The bundled example data model: a product catalog, so the CLI and tests can generate without CDF."""

from __future__ import annotations

import json
from importlib import resources

from ._model_file import ModelFile

__all__ = ["EXAMPLE_MODEL_FILE_NAME", "example_model_text", "load_example_model"]

EXAMPLE_MODEL_FILE_NAME = "product_catalog.json"


def example_model_text() -> str:
    """The example model file's JSON text, as shipped (to copy it somewhere, for example)."""
    return (resources.files("pygen_client") / "_example" / EXAMPLE_MODEL_FILE_NAME).read_text(encoding="utf-8")


def load_example_model() -> ModelFile:
    """The product catalog: a ``Product`` node (text, numbers, boolean, date, timestamp, lists, enum, JSON, a direct
    relation to ``Category`` and a ``relatedProducts`` edge), a ``Category`` node (with a reverse relation to its
    products) and the ``RelatesTo`` edge view carrying edge properties."""
    return ModelFile.load(json.loads(example_model_text()))
