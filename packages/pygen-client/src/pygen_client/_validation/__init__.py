"""Validation of a data model for generation."""

from ._codes import FINDING_CODES
from ._findings import Finding, Location, Severity, ValidationReport
from ._validate import validate_model

__all__ = ["FINDING_CODES", "Finding", "Location", "Severity", "ValidationReport", "validate_model"]
