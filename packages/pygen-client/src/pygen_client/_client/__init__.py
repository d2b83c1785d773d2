"""The DMS schema client."""

from ._containers import ContainersAPI
from ._data_models import DataModelsAPI
from ._page import SchemaPage
from ._pygen_client import DeployResult, PygenClient
from ._spaces import SpacesAPI
from ._views import ViewsAPI

__all__ = ["ContainersAPI", "DataModelsAPI", "DeployResult", "PygenClient", "SchemaPage", "SpacesAPI", "ViewsAPI"]
