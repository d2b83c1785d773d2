"""The one place that calls pygen-generator: generate files in memory, find stale files, write."""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pygen_client import ModelFile
from pygen_runtime import ViewId

from ._errors import CLIUsageError, PygenCLIError

__all__ = ["GeneratedSDK", "generate_files", "stale_files", "view_selector", "write_files"]

_VIEW_ID = re.compile(r"^(?P<space>[^:/\s]+):(?P<external_id>[^:/\s]+)/(?P<version>[^:/\s]+)$")


@dataclass
class GeneratedSDK:
    """The files of one language's SDK, relative to its output directory, and what the generator warned about."""

    language: str
    files: dict[Path, str]
    warnings: list[str] = field(default_factory=list)


def view_selector(text: str) -> ViewId | str:
    """``space:externalId/version`` names one view; a bare external id names it in every space and version."""
    match = _VIEW_ID.match(text.strip())
    if match:
        return ViewId(match["space"], match["external_id"], match["version"])
    if ":" in text or "/" in text:
        raise CLIUsageError(f"--exclude-views {text!r}: expected 'externalId' or 'space:externalId/version'")
    return text.strip()


def generate_files(models: list[ModelFile], *, language: str, options: dict[str, Any]) -> GeneratedSDK:
    """Generate one language's SDK in memory. ``options`` are the ``generate_sdk`` keyword arguments to pass."""
    import pygen_generator

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", pygen_generator.GenerationWarning)
        try:
            files = pygen_generator.generate_sdk(models, language=language, **options)  # type: ignore[arg-type]
        except NotImplementedError as error:
            raise PygenCLIError(
                f"{language} generation is not available in pygen-generator {pygen_generator.__version__}: {error}"
            ) from None
    notes = [str(item.message) for item in caught if issubclass(item.category, pygen_generator.GenerationWarning)]
    return GeneratedSDK(language=language, files=dict(files), warnings=notes)


def write_files(sdk: GeneratedSDK, output_dir: Path, *, overwrite: bool) -> None:
    import pygen_generator

    pygen_generator.write_sdk(sdk.files, output_dir, overwrite=overwrite)


def stale_files(files: dict[Path, str], output_dir: Path) -> list[Path]:
    """Files of an earlier generation in ``output_dir`` that writing ``files`` would remove (relative paths)."""
    return []
