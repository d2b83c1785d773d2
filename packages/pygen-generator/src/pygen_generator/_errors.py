"""Errors and warnings of the generator. ``GeneratorError`` is the base of every error it raises."""

from __future__ import annotations

from pygen_runtime import PygenError

__all__ = ["GenerationWarning", "GeneratorError"]


class GeneratorError(PygenError):
    """The generator cannot produce an SDK from this input; the message says what and where."""


class GenerationWarning(UserWarning):
    """Something the generator decided for you: a renamed identifier, a property left out, a connection typed by id
    only because its view is outside the SDK. The message names the view and property."""
