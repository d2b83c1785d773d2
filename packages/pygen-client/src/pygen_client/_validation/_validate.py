"""``validate_model``: every check over one data model, as a ``ValidationReport``."""

from __future__ import annotations

from .._model_file import ModelFile
from ._context import CheckContext
from ._findings import ValidationReport
from ._name_checks import check_class_names, check_field_names
from ._reference_checks import check_connections, check_implements
from ._structure_checks import (
    check_containers,
    check_duplicates,
    check_identifiers,
    check_missing_views,
    check_property_types,
)

__all__ = ["validate_model"]

_CHECKS = (
    check_duplicates,
    check_missing_views,
    check_identifiers,
    check_property_types,
    check_containers,
    check_implements,
    check_connections,
    check_class_names,
    check_field_names,
)


def validate_model(model: ModelFile) -> ValidationReport:
    """Check a data model before generation: references, containers, identifiers and generated names.

    Errors are problems generation cannot work around (or CDF would reject); warnings say what the generator
    will do about something and how to choose otherwise. Every finding has a suggested fix.
    """
    context = CheckContext.of(model)
    findings = [finding for check in _CHECKS for finding in check(context)]
    findings.sort(key=lambda finding: finding.severity != "error")  # stable: errors first, then model order
    return ValidationReport(findings=tuple(findings))
