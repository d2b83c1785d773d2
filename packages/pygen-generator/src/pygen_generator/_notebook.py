"""``generate_sdk_notebook``: generate an SDK, import it from memory and return a ready client.

No files are written: a meta-path importer serves the generated modules from memory (so it works where writing to
disk is awkward, such as Pyodide), with their source available to tracebacks and ``inspect``. Generating again
under the same package name replaces the earlier modules.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import PurePath
from types import ModuleType
from typing import TYPE_CHECKING, Any

from ._generate import generate_sdk
from ._inputs import ModelInput

if TYPE_CHECKING:  # imported when used: httpx alone takes longer to import than the whole generator
    import httpx
    from pygen_runtime import ClientConfig, HTTPClient, ViewId

__all__ = ["generate_sdk_notebook"]


class _MemoryImporter(importlib.abc.MetaPathFinder, importlib.abc.InspectLoader):
    """Finds and loads the modules of one generated package from ``{dotted name: source}``."""

    def __init__(self, package: str, sources: Mapping[str, str], packages: set[str]) -> None:
        self.package = package
        self.sources = dict(sources)
        self.packages = packages

    def find_spec(self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None) -> Any:
        if fullname not in self.sources and fullname not in self.packages:
            return None
        is_package = fullname in self.packages
        spec = importlib.machinery.ModuleSpec(fullname, self, origin=f"<pygen:{fullname}>", is_package=is_package)
        if is_package:
            spec.submodule_search_locations = []
        spec.has_location = False
        return spec

    def get_source(self, fullname: str) -> str:
        source = self.sources.get(fullname)
        if source is None:
            if fullname in self.packages:
                return ""  # a namespace-like parent of a dotted package name
            raise ImportError(f"no generated module {fullname}", name=fullname)
        return source

    def is_package(self, fullname: str) -> bool:
        return fullname in self.packages

    def exec_module(self, module: ModuleType) -> None:
        source = self.get_source(module.__name__)
        code = compile(source, f"<pygen:{module.__name__}>", "exec", dont_inherit=True)
        exec(code, module.__dict__)


def _modules(files: Mapping[PurePath, str]) -> tuple[dict[str, str], set[str]]:
    sources: dict[str, str] = {}
    packages: set[str] = set()
    for path, text in files.items():
        if path.suffix != ".py":
            continue
        parts = list(path.with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
            packages.add(".".join(parts))
        sources[".".join(parts)] = text
        for depth in range(1, len(parts)):
            packages.add(".".join(parts[:depth]))
    return sources, packages


def generate_sdk_notebook(
    model: ModelInput | Sequence[ModelInput],
    config: ClientConfig | HTTPClient | None = None,
    *,
    package: str | None = None,
    client_name: str | None = None,
    default_instance_space: str | None = None,
    exclude_views: Iterable[ViewId | str] = (),
    exclude_spaces: Iterable[str] = (),
    transport: httpx.BaseTransport | None = None,
) -> Any:
    """Generate the SDK of ``model``, import it from memory and return its client, connected with ``config``
    (default: ``ClientConfig.from_env()``). The other arguments are those of ``generate_sdk``.

    The SDK's package is importable afterwards (``from <package> import ProductWrite``) for the rest of the session.
    """
    from pygen_runtime import ClientConfig, InstanceClient

    files = generate_sdk(
        model,
        package=package,
        client_name=client_name,
        default_instance_space=default_instance_space,
        exclude_views=exclude_views,
        exclude_spaces=exclude_spaces,
    )
    sources, packages = _modules({PurePath(path): text for path, text in files.items()})
    sdk_package = _sdk_package(files)
    _forget(sdk_package.split(".")[0])
    sys.meta_path.insert(0, _MemoryImporter(sdk_package, sources, packages))
    importlib.invalidate_caches()
    client_module = importlib.import_module(f"{sdk_package}._client")
    client_class = next(
        value
        for value in vars(client_module).values()
        if isinstance(value, type) and issubclass(value, InstanceClient) and value.__module__ == client_module.__name__
    )
    return client_class(config if config is not None else ClientConfig.from_env(), transport=transport)


def _sdk_package(files: Mapping[Any, str]) -> str:
    """The dotted name of the SDK package: the folder that holds ``_client.py``."""
    for path in files:
        pure = PurePath(path)
        if pure.name == "_client.py":
            return ".".join(pure.parent.parts)
    raise RuntimeError("the generated files have no _client.py")


def _forget(root: str) -> None:
    """Drop an earlier generation of the same package: its importer and its modules."""
    sys.meta_path[:] = [
        finder
        for finder in sys.meta_path
        if not (isinstance(finder, _MemoryImporter) and finder.package.split(".")[0] == root)
    ]
    for name in [name for name in sys.modules if name == root or name.startswith(f"{root}.")]:
        del sys.modules[name]
