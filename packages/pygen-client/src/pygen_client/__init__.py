"""The CDF data modeling (DMS) schema client for pygen: schema models, model files and validation."""

__version__ = "0.1.0"

__all__ = ["__version__"]
