"""Validation findings: one case per check, on a small valid model broken in one place.

Each case lists the exact findings (``severity[code] location: message``) the change produces.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from pygen_client import FINDING_CODES, Finding, ModelFile, validate_model
from pygen_runtime import ViewId

Model = dict[str, Any]
ITEM = {"space": "shop", "externalId": "Item", "version": "v1", "type": "view"}
CATEGORY = {"space": "shop", "externalId": "Category", "version": "v1", "type": "view"}


def _item(model: Model) -> dict[str, Any]:
    return model["views"][0]["properties"]


def _category(model: Model) -> dict[str, Any]:
    return model["views"][1]["properties"]


def _add_view(model: Model, external_id: str, space: str = "shop", **extra: Any) -> dict[str, Any]:
    view = copy.deepcopy(model["views"][1])
    view.update(externalId=external_id, space=space, properties={}, **extra)
    model["views"].append(view)
    return view


def _duplicate_view(model: Model) -> None:
    model["views"].append(copy.deepcopy(model["views"][0]))


def _duplicate_container(model: Model) -> None:
    model["containers"].append(copy.deepcopy(model["containers"][1]))


def _view_reference_only(model: Model) -> None:
    model["views"].append({"space": "shop", "externalId": "Order", "version": "v1", "type": "view"})


def _invalid_ids(model: Model) -> None:
    _category(model)["externalId"] = _category(model).pop("name")
    view = _add_view(model, "String", space="my space", version="v1_")
    view["properties"]["-bad"] = copy.deepcopy(_item(model)["title"])


def _unknown_type(model: Model) -> None:
    _item(model)["price"]["type"] = {"type": "money", "currency": "EUR"}


def _missing_container(model: Model) -> None:
    del model["containers"][1]


def _missing_container_property(model: Model) -> None:
    _item(model)["price"]["containerPropertyIdentifier"] = "cost"


def _type_mismatch(model: Model) -> None:
    _item(model)["price"]["type"] = {"type": "float64", "list": True}


def _implements_outside(model: Model) -> None:
    model["views"][0]["implements"] = [{**CATEGORY, "version": "v2"}]


def _implements_cycle(model: Model) -> None:
    model["views"][0]["implements"] = [CATEGORY]
    model["views"][1]["implements"] = [ITEM]


def _direct_outside(model: Model) -> None:
    _item(model)["category"]["type"]["source"] = {**CATEGORY, "externalId": "Group"}


def _older_direct_outside(model: Model) -> None:
    del _item(model)["category"]["type"]["source"]
    _item(model)["category"]["source"] = {**CATEGORY, "externalId": "Group"}


def _bad_connection(model: Model) -> None:
    _item(model)["similar"].update(connectionType="many_edge_connection", direction="sideways")
    _category(model)["items"]["connectionType"] = "multi_reverse_relation"


def _edge_outside(model: Model) -> None:
    _item(model)["similar"].update(
        source={**ITEM, "externalId": "Product"}, edgeSource={**ITEM, "externalId": "Similarity"}
    )


def _edge_source_node_view(model: Model) -> None:
    _item(model)["similar"]["edgeSource"] = CATEGORY


def _reverse_outside(model: Model) -> None:
    _category(model)["items"]["source"] = {**ITEM, "externalId": "Product"}
    _category(model)["items"]["through"]["source"] = {**ITEM, "externalId": "Product"}


def _reverse_through_not_direct(model: Model) -> None:
    _category(model)["items"]["through"]["identifier"] = "price"
    model["views"][1]["properties"]["edges"] = {
        "source": ITEM,
        "through": {"source": ITEM, "identifier": "similar"},
        "connectionType": "single_reverse_direct_relation",
    }


def _reverse_through_container(model: Model) -> None:
    container = {"space": "shop", "externalId": "Item", "type": "container"}
    _category(model)["items"]["through"] = {"source": container, "identifier": "category"}
    _category(model)["byTitle"] = {
        "source": ITEM,
        "through": {"source": container, "identifier": "title"},
        "connectionType": "multi_reverse_direct_relation",
    }
    _category(model)["byMissing"] = {
        "source": ITEM,
        "through": {"source": container, "identifier": "colour"},
        "connectionType": "multi_reverse_direct_relation",
    }
    _category(model)["elsewhere"] = {
        "source": ITEM,
        "through": {"source": {**container, "externalId": "Stock"}, "identifier": "item"},
        "connectionType": "multi_reverse_direct_relation",
    }


def _class_collisions(model: Model) -> None:
    _add_view(model, "Item", space="archive")
    _add_view(model, "CategoryWrite")
    _add_view(model, "item_view")
    _add_view(model, "ItemView")


def _field_collisions(model: Model) -> None:
    _item(model)["is_active"] = copy.deepcopy(_item(model)["title"])
    _item(model)["isActive"] = copy.deepcopy(_item(model)["title"])
    _item(model)["IsActive"] = copy.deepcopy(_item(model)["title"])


def _reserved(model: Model) -> None:
    for prop_id in ("class", "list", "model_config", "externalId2", "dataRecord", "1st", "copy"):
        _item(model)[prop_id] = copy.deepcopy(_item(model)["title"])
    _add_view(model, "Exception")
    _add_view(model, "Promise")


_TYPES = (
    "text, boolean, float32, float64, int32, int64, timestamp, date, json, timeseries, file, sequence, direct, enum"
)
CASES: dict[str, tuple[Callable[[Model], None], list[str]]] = {
    "duplicate view": (
        _duplicate_view,
        ["error[duplicate-view] view shop:Item/v1: the view is listed 2 times in the data model"],
    ),
    "duplicate container": (
        _duplicate_container,
        [
            "error[duplicate-container] container shop:Category: the container is listed 2 times in the model's containers"
        ],
    ),
    "view without definition": (
        _view_reference_only,
        [
            "error[missing-view] view shop:Order/v1: the view is listed in the data model, but its definition is not "
            "included"
        ],
    ),
    "identifiers CDF rejects": (
        _invalid_ids,
        [
            "error[invalid-identifier] view shop:Category/v1, property 'externalId': property id 'externalId' is "
            "reserved by DMS",
            "error[invalid-identifier] view my space:String/v1_: space 'my space' is not a valid space id (1-43 "
            "characters: a letter, then letters, digits, '_' or '-')",
            "error[invalid-identifier] view my space:String/v1_: view external id 'String' is reserved by DMS",
            "error[invalid-identifier] view my space:String/v1_: view version 'v1_' is not valid (1-43 characters: "
            "letters, digits, '.', '_' or '-', starting and ending with a letter or digit)",
            "error[invalid-identifier] view my space:String/v1_, property '-bad': property id '-bad' is not valid "
            "(1-255 characters: letters, digits, '_' or '-', starting with a letter or digit)",
            "warning[reserved-identifier] view my space:String/v1_: the view generates the class name 'String', "
            "which is a TypeScript global type",
            "warning[reserved-identifier] view shop:Category/v1, property 'externalId': the property generates the "
            "Python field 'external_id', which is an attribute of pygen-runtime's instance classes",
        ],
    ),
    "unknown property type": (
        _unknown_type,
        [
            f"error[unsupported-property-type] view shop:Item/v1, property 'price': property type 'money' is not "
            f"supported; expected one of {_TYPES}",
            "warning[container-type-mismatch] view shop:Item/v1, property 'price': the view types it as money, but "
            "container property shop:Item.price is float64",
        ],
    ),
    "missing container": (
        _missing_container,
        [
            "error[missing-container] view shop:Category/v1: maps container shop:Category (property 'name'), which "
            "is not in the model's containers"
        ],
    ),
    "missing container property": (
        _missing_container_property,
        [
            "error[missing-container-property] view shop:Item/v1, property 'price': maps property 'cost' of "
            "container shop:Item, which has no such property"
        ],
    ),
    "container type mismatch": (
        _type_mismatch,
        [
            "warning[container-type-mismatch] view shop:Item/v1, property 'price': the view types it as list of "
            "float64, but container property shop:Item.price is float64"
        ],
    ),
    "implements outside the model": (
        _implements_outside,
        [
            "warning[implements-outside-model] view shop:Item/v1: implements view shop:Category/v2, which is not in "
            "the data model (the model has shop:Category/v1)"
        ],
    ),
    "implements cycle": (
        _implements_cycle,
        [
            "error[implements-cycle] view shop:Item/v1: views implement each other in a cycle: shop:Item/v1 -> "
            "shop:Category/v1 -> shop:Item/v1"
        ],
    ),
    "direct relation target outside": (
        _direct_outside,
        [
            "warning[direct-relation-target-outside-model] view shop:Item/v1, property 'category': direct relation "
            "targets view shop:Group/v1, which is not in the data model"
        ],
    ),
    "direct relation target outside, older position": (
        _older_direct_outside,
        [
            "warning[direct-relation-target-outside-model] view shop:Item/v1, property 'category': direct relation "
            "targets view shop:Group/v1, which is not in the data model"
        ],
    ),
    "unknown connection types": (
        _bad_connection,
        [
            "error[unsupported-connection] view shop:Item/v1, property 'similar': edge connection type "
            "'many_edge_connection' is not supported; expected single_edge_connection or multi_edge_connection",
            "error[unsupported-connection] view shop:Item/v1, property 'similar': edge direction 'sideways' is not "
            "supported; expected outwards or inwards",
            "error[unsupported-connection] view shop:Category/v1, property 'items': reverse relation type "
            "'multi_reverse_relation' is not supported; expected single_reverse_direct_relation or "
            "multi_reverse_direct_relation",
        ],
    ),
    "edge views outside": (
        _edge_outside,
        [
            "warning[edge-target-outside-model] view shop:Item/v1, property 'similar': edge connection targets view "
            "shop:Product/v1, which is not in the data model",
            "warning[edge-properties-outside-model] view shop:Item/v1, property 'similar': edge properties come from "
            "view shop:Similarity/v1, which is not in the data model",
        ],
    ),
    "edge properties from a node view": (
        _edge_source_node_view,
        [
            "warning[edge-source-not-edge-view] view shop:Item/v1, property 'similar': edge properties come from "
            "view shop:Category/v1, which is used for nodes only (usedFor 'node')"
        ],
    ),
    "reverse relation outside": (
        _reverse_outside,
        [
            "warning[reverse-source-outside-model] view shop:Category/v1, property 'items': reverse direct relation "
            "reads view shop:Product/v1, which is not in the data model",
            "warning[reverse-through-outside-model] view shop:Category/v1, property 'items': reverse direct "
            "relation goes through view shop:Product/v1, which is not in the data model, so 'category' cannot be "
            "checked",
        ],
    ),
    "reverse relation through a non-direct property": (
        _reverse_through_not_direct,
        [
            "error[reverse-through-not-direct] view shop:Category/v1, property 'items': reverse direct relation goes "
            "through shop:Item/v1.price, which is a float64 property, not a direct relation",
            "error[reverse-through-not-direct] view shop:Category/v1, property 'edges': reverse direct relation goes "
            "through shop:Item/v1.similar, which is an edge connection, not a direct relation",
        ],
    ),
    "reverse relations through container properties": (
        _reverse_through_container,
        [
            "error[reverse-through-not-direct] view shop:Category/v1, property 'byTitle': reverse direct relation "
            "goes through shop:Item.title, which is a text property, not a direct relation",
            "error[reverse-through-unresolved] view shop:Category/v1, property 'byMissing': reverse direct relation "
            "goes through shop:Item.colour, but that container has no property 'colour'",
            "warning[reverse-through-outside-model] view shop:Category/v1, property 'elsewhere': reverse direct "
            "relation goes through container shop:Stock, which is not in the model, so 'item' cannot be checked",
        ],
    ),
    "class name collisions": (
        _class_collisions,
        [
            "warning[class-name-collision] view archive:Item/v1: views shop:Item/v1 and archive:Item/v1 both "
            "generate the class name 'Item' (or one derived from it); the generator names them 'ShopItem', "
            "'ArchiveItem'",
            "warning[class-name-collision] view shop:CategoryWrite/v1: views shop:Category/v1 and "
            "shop:CategoryWrite/v1 both generate the class name 'Category' (or one derived from it); the generator "
            "names them 'CategoryV1', 'CategoryWriteV1'",
            "warning[class-name-collision] view shop:ItemView/v1: views shop:item_view/v1 and shop:ItemView/v1 both "
            "generate the class name 'ItemView' (or one derived from it); the generator names them 'ItemView2', "
            "'ItemView'",
        ],
    ),
    "field name collisions": (
        _field_collisions,
        [
            "warning[field-name-collision] view shop:Item/v1, property 'IsActive': properties 'is_active', "
            "'isActive' and 'IsActive' both generate the Python field 'is_active'; the generator names them "
            "'is_active', 'is_active_3', 'is_active_2'",
            "warning[field-name-collision] view shop:Item/v1, property 'IsActive': properties 'is_active', "
            "'isActive' and 'IsActive' both generate the TypeScript field 'isActive'",
        ],
    ),
    "reserved names": (
        _reserved,
        [
            "warning[reserved-identifier] view shop:Exception/v1: the view generates the class name 'Exception', "
            "which is a Python builtin or a name generated code imports",
            "warning[reserved-identifier] view shop:Promise/v1: the view generates the class name 'Promise', which is "
            "a TypeScript global type",
            "warning[reserved-identifier] view shop:Item/v1, property 'class': the property generates the Python "
            "field 'class', which is a Python keyword",
            "warning[reserved-identifier] view shop:Item/v1, property 'list': the property generates the Python "
            "field 'list', which is a Python builtin",
            "warning[reserved-identifier] view shop:Item/v1, property 'model_config': the property generates the "
            "Python field 'model_config', which is reserved by pydantic",
            "warning[reserved-identifier] view shop:Item/v1, property 'dataRecord': the property generates the "
            "Python field 'data_record', which is an attribute of pygen-runtime's instance classes",
            "warning[reserved-identifier] view shop:Item/v1, property '1st': the property generates the Python field "
            "'1_st', which is not a valid Python identifier",
            "warning[reserved-identifier] view shop:Item/v1, property 'copy': the property generates the Python "
            "field 'copy', which is reserved by pydantic",
        ],
    ),
}


def _findings(model: Model) -> list[Finding]:
    return list(validate_model(ModelFile.load(model)))


def test_the_valid_model_has_no_findings(shop_model: Model) -> None:
    assert _findings(shop_model) == []


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_check(shop_model: Model, case: str) -> None:
    change, expected = CASES[case]
    change(shop_model)
    findings = _findings(shop_model)
    assert [str(finding) for finding in findings] == expected
    for finding in findings:
        severity, _ = FINDING_CODES[finding.code]
        assert finding.severity == severity
        assert finding.suggestion.endswith(".")


def test_every_finding_code_is_exercised(shop_model: Model) -> None:
    produced = set()
    for change, _ in CASES.values():
        model = copy.deepcopy(shop_model)
        change(model)
        produced.update(finding.code for finding in _findings(model))
    assert produced == set(FINDING_CODES)


def test_container_checks_are_skipped_without_containers(shop_model: Model) -> None:
    shop_model["containers"] = []
    _missing_container_property(shop_model)
    assert _findings(shop_model) == []


def test_suggestions_name_the_fix(shop_model: Model) -> None:
    _reverse_through_not_direct(shop_model)
    first = _findings(shop_model)[0]
    assert first.suggestion == "Point 'through' at a direct relation property of view shop:Item/v1: category."
    duplicate = copy.deepcopy(shop_model)
    _missing_container_property(duplicate)
    assert _findings(duplicate)[0].suggestion == (
        "Map one of the container's properties (title, price, category) or add 'cost' to the container."
    )


def test_report_helpers_and_plain_data(shop_model: Model, tmp_path: Any) -> None:
    _implements_cycle(shop_model)
    _edge_source_node_view(shop_model)
    path = tmp_path / "shop.json"
    model = ModelFile.load(shop_model, path=path)
    report = validate_model(model)
    assert [finding.code for finding in report.errors] == ["implements-cycle"]
    assert [finding.code for finding in report.warnings] == ["edge-source-not-edge-view"]
    assert report.has_errors and len(report) == 2
    assert report.findings[0].location.file == str(path)
    assert report.findings[0].location.view == ViewId("shop", "Item", "v1")
    assert report.dump()[1] == {
        "severity": "warning",
        "code": "edge-source-not-edge-view",
        "message": "edge properties come from view shop:Category/v1, which is used for nodes only (usedFor 'node')",
        "location": {
            "file": str(path),
            "view": {"space": "shop", "externalId": "Item", "version": "v1"},
            "container": None,
            "property": "similar",
        },
        "suggestion": "Point edgeSource at a view with usedFor 'edge' or 'all'.",
    }
    text = report.format()
    assert text.splitlines()[0] == (
        f"error[implements-cycle] {path}: view shop:Item/v1: views implement each other in a cycle: shop:Item/v1 -> "
        "shop:Category/v1 -> shop:Item/v1"
    )
    assert text.splitlines()[1] == "    fix: Remove one of the implements references in the cycle."
    assert text.splitlines()[-1] == "1 error(s), 1 warning(s)"
    assert validate_model(ModelFile.load(_clean(shop_model))).format() == "no problems found"


def _clean(model: Model) -> Model:
    model = copy.deepcopy(model)
    model["views"][0]["implements"] = []
    model["views"][1]["implements"] = []
    _item(model)["similar"]["edgeSource"] = None
    return model
