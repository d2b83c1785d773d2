"""The deliberately broken model files in ``broken_models/`` and the exact message each produces.

Files that cannot be read or do not have the shape of a data model fail in ``load_model_file`` with a
``ModelFileError``; files that load but cannot be generated as they are get findings from ``validate_model``.
``{file}`` stands for the file's path.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pygen_client import ModelFileError, load_model_file, validate_model

LOAD_ERRORS = {
    "bad_json.json": "{file}: line 6, column 3: invalid JSON: Expecting ',' delimiter",
    "bad_yaml.yaml": "{file}: line 6, column 16: invalid YAML: mapping values are not allowed in this context",
    "empty.yaml": "{file}: the file is empty, expected a data model",
    "not_a_model.yaml": "{file}: expected a data model object at the top level, got a list",
    "wrong_field_types.yaml": (
        "{file}: 3 problems:\n"
        "  - line 5, version: version must be a string, got the number 1.1 (quote it in YAML: '1.1')\n"
        "  - line 14, view shop:Item/v1, property 'title', type.list: input should be a valid boolean, got 'yes'\n"
        "  - line 15, view shop:Item/v1, property 'price', containerPropertyIdentifier: required field is missing"
    ),
    "duplicate_keys.json": (
        "{file}: 2 problems:\n"
        "  - line 16, view shop:Item/v1, property 'title': the key 'title' appears more than once in this object "
        "(first on line 11); only one value can be kept\n"
        "  - line 19, view shop:Item/v1, property 'title', type.list: the key 'list' appears more than once in this "
        "object (first on line 19); only one value can be kept"
    ),
    "duplicate_keys.yaml": (
        "{file}: line 14, view shop:Item/v1, property 'price', nullable: the key 'nullable' appears more than once "
        "in this object (first on line 13); only one value can be kept"
    ),
    "unknown_view_property.yaml": (
        "{file}: line 9, view shop:Item/v1, property 'related': expected a mapped property (container, "
        "containerPropertyIdentifier), an edge connection (connectionType single_edge_connection/"
        "multi_edge_connection, type, source) or a reverse direct relation (connectionType "
        "single_reverse_direct_relation/multi_reverse_direct_relation, source, through); got connectionType "
        "'graph_connection'"
    ),
}

_TYPES = (
    "text, boolean, float32, float64, int32, int64, timestamp, date, json, timeseries, file, sequence, direct, enum"
)
FINDINGS = {
    "missing_container.json": [
        "error[missing-container] {file}: view shop:Item/v1: maps container shop:Item (properties 'title', 'price'), "
        "which is not in the model's containers"
    ],
    "unknown_property_type.json": [
        "error[unsupported-property-type] {file}: view shop:Item/v1, property 'price': property type 'decimal' is "
        f"not supported; expected one of {_TYPES}",
        "error[unsupported-property-type] {file}: container shop:Item, property 'price': property type 'decimal' is "
        f"not supported; expected one of {_TYPES}",
    ],
    "dangling_implements.json": [
        "warning[implements-outside-model] {file}: view shop:Item/v1: implements view shop:Product/v1, which is not "
        "in the data model"
    ],
    "duplicate_view.json": [
        "error[duplicate-view] {file}: view shop:Item/v1: the view is listed 2 times in the data model, with "
        "different definitions"
    ],
    "implements_cycle.json": [
        "error[implements-cycle] {file}: view shop:Item/v1: views implement each other in a cycle: shop:Item/v1 -> "
        "shop:Article/v1 -> shop:Item/v1"
    ],
    "reverse_through_unresolved.json": [
        "error[reverse-through-unresolved] {file}: view shop:Category/v1, property 'items': reverse direct relation "
        "goes through shop:Item/v1.category, but that view has no property 'category'"
    ],
    "missing_view_definition.json": [
        "error[missing-view] {file}: view shop:Category/v1: the view is listed in the data model, but its definition "
        "is not included"
    ],
}


def test_every_broken_model_has_an_expected_message(broken_models_dir: Path) -> None:
    assert sorted(path.name for path in broken_models_dir.iterdir()) == sorted([*LOAD_ERRORS, *FINDINGS])


@pytest.mark.parametrize("name", sorted(LOAD_ERRORS))
def test_files_that_cannot_be_loaded(broken_models_dir: Path, name: str) -> None:
    path = broken_models_dir / name
    with pytest.raises(ModelFileError) as error:
        load_model_file(path)
    assert str(error.value) == LOAD_ERRORS[name].format(file=path)
    assert error.value.path == path


@pytest.mark.parametrize("name", sorted(FINDINGS))
def test_files_that_load_but_do_not_validate(broken_models_dir: Path, name: str) -> None:
    path = broken_models_dir / name
    report = validate_model(load_model_file(path))
    assert [str(finding) for finding in report] == [message.format(file=path) for message in FINDINGS[name]]
    assert all(finding.suggestion for finding in report)
