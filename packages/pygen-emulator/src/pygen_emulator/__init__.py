"""A local, DMS-compatible server on SQLite for developing and testing against CDF data modeling without a CDF project.

>>> from pygen_emulator import Emulator, EmulatorConfig
>>> with Emulator(EmulatorConfig(token="secret")) as emu:
...     emu.load_model("pygen_Omni.json")
...     emu.base_url
"""

from ._app import RequestRecord
from ._config import EmulatorConfig, FaultConfig
from ._errors import EmulatorError, ModelLoadError
from ._server import Emulator

__version__ = "0.1.0"

__all__ = [
    "Emulator",
    "EmulatorConfig",
    "EmulatorError",
    "FaultConfig",
    "ModelLoadError",
    "RequestRecord",
    "__version__",
]
