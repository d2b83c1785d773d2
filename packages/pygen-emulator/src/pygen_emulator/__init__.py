"""A local, DMS-compatible server on SQLite for developing and testing against CDF data modeling without a CDF project."""

__version__ = "0.1.0"

__all__ = ["__version__"]
