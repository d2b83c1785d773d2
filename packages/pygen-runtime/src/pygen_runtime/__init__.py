"""The runtime every pygen-generated Python SDK depends on: HTTP, auth, retries, filters, paging and (de)serialisation for CDF data modeling."""

__version__ = "0.1.0"

__all__ = ["__version__"]
