"""The ``pygen`` command: generate typed SDKs from a CDF data model, validate models, pull them from CDF, and run a
local emulator. ``main`` is the console script; ``app`` the typer application (to embed or test it)."""

from ._app import app, main
from ._errors import CLIUsageError, ConfigFileError, PygenCLIError
from ._version import __version__

__all__ = ["CLIUsageError", "ConfigFileError", "PygenCLIError", "__version__", "app", "main"]
