"""Read and write classes: lenient reads, "send only what was set" writes, nested flattening, and bad input."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from typing import Annotated, Any, ClassVar

import pytest
from example_sdk import Category, CategoryWrite, Product, ProductWrite, RelatesTo, RelatesToWrite
from pygen_runtime import (
    EdgeConnection,
    EdgeWrite,
    InstanceList,
    InvalidInputError,
    Node,
    NodeId,
    NodeWrite,
    ResponseParseError,
    UntypedEdge,
    UntypedNode,
    ViewId,
    connection_field,
    property_field,
)
from pygen_runtime._parsing import UntypedInstance, parse_items
from pygen_runtime._write_items import WriteItems


def node(
    external_id: str, properties: dict[str, Any] | None = None, view: str = "Product/v1", **extra: Any
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "instanceType": "node",
        "space": "shop",
        "externalId": external_id,
        "version": 3,
        "createdTime": 1717121549000,
        "lastUpdatedTime": 1717121550000,
        **extra,
    }
    if properties is not None:
        body["properties"] = {"pygen_example": {view: properties}}
    return body


def parse(item_type: Any, *items: dict[str, Any]) -> list[Any]:
    parsed, _ = parse_items(item_type, json.dumps({"items": list(items)}).encode(), what="test")
    return parsed


def write_items(*items: Any) -> list[dict[str, Any]]:
    return WriteItems.from_writes(items).all()


# -- reads ------------------------------------------------------------------------------------------------------------


def test_read_every_property_type() -> None:
    (product,) = parse(
        Product,
        node(
            "p1",
            {
                "name": "Chair",
                "description": None,
                "price": 12,
                "quantity": 3,
                "isActive": False,
                "releaseDate": "2024-05-31",
                "updatedAt": "2024-05-31T02:12:29.123+02:00",
                "tags": ["a", "b"],
                "measurements": [1, 2.5],
                "status": "active",
                "attributes": {"nested": {"x": [1, None]}},
                "category": {"space": "shop", "externalId": "c1"},
            },
        ),
    )
    assert (product.space, product.external_id, product.version) == ("shop", "p1", 3)
    assert (product.name, product.description, product.price, product.quantity, product.is_active) == (
        "Chair",
        None,
        12.0,
        3,
        False,
    )
    assert product.release_date == date(2024, 5, 31)
    assert product.updated_at == datetime(2024, 5, 31, 0, 12, 29, 123000, tzinfo=timezone.utc)
    assert (product.tags, product.measurements, product.status) == (["a", "b"], [1.0, 2.5], "active")
    assert product.attributes == {"nested": {"x": [1, None]}}
    assert product.category == NodeId("shop", "c1")
    assert product.data_record.created_time == datetime(2024, 5, 31, 2, 12, 29, tzinfo=timezone.utc)
    assert product.as_id() == NodeId("shop", "p1")


def test_reads_are_lenient() -> None:
    missing, unknown, new_enum, no_properties = parse(
        Product,
        node("p1", {}),
        node("p2", {"name": "x", "addedLater": 5}, newTopLevelField=True),
        node("p3", {"status": "recalled"}),
        node("p4"),
    )
    assert missing.name is None and missing.price is None and missing.tags is None
    assert unknown.name == "x"
    assert new_enum.status == "recalled"
    assert no_properties.external_id == "p4" and no_properties.name is None


def test_read_type_errors_name_the_item_and_field() -> None:
    with pytest.raises(ResponseParseError) as error:
        parse(Product, node("ok", {"price": 1}), node("bad", {"price": "cheap"}))
    message = str(error.value)
    assert message.startswith("cannot parse the response of test as Product:")
    assert "item 1 (shop:bad) properties.pygen_example.Product/v1.price: Input should be a valid number" in message
    assert "got 'cheap'" in message


def test_edges_read_with_properties_and_ends() -> None:
    (edge,) = parse(
        RelatesTo,
        {
            "instanceType": "edge",
            "space": "shop",
            "externalId": "e1",
            "version": 1,
            "createdTime": 0,
            "lastUpdatedTime": 0,
            "type": {"space": "pygen_example", "externalId": "Product.relatedProducts"},
            "startNode": {"space": "shop", "externalId": "a"},
            "endNode": {"space": "shop", "externalId": "b"},
            "properties": {
                "pygen_example": {"RelatesTo/v1": {"strength": 0.5, "since": "2024-01-01T00:00:00.000+00:00"}}
            },
        },
    )
    assert (edge.start_node, edge.end_node, edge.strength, edge.note) == (
        NodeId("shop", "a"),
        NodeId("shop", "b"),
        0.5,
        None,
    )
    assert edge.since == datetime(2024, 1, 1, tzinfo=timezone.utc)


def test_untyped_instances_keep_raw_properties() -> None:
    items = parse(
        UntypedInstance,
        node("n", {"name": "x"}),
        {
            "instanceType": "edge",
            "space": "s",
            "externalId": "e",
            "version": 1,
            "createdTime": 0,
            "lastUpdatedTime": 0,
            "type": {"space": "s", "externalId": "t"},
            "startNode": {"space": "s", "externalId": "a"},
            "endNode": {"space": "s", "externalId": "b"},
        },
    )
    assert isinstance(items[0], UntypedNode) and isinstance(items[1], UntypedEdge)
    assert items[0].properties == {"pygen_example": {"Product/v1": {"name": "x"}}}
    assert items[1].end_node == NodeId("s", "b")


def test_list_helpers_and_dump() -> None:
    products = InstanceList(
        parse(Product, node("p1", {"name": "A", "category": {"space": "shop", "externalId": "c"}}), node("p2", {}))
    )
    assert products.as_ids() == [NodeId("shop", "p1"), NodeId("shop", "p2")]
    assert products.as_external_ids() == ["p1", "p2"]
    assert products.get("p2") is products[1] and products.get("p2", space="other") is None
    dumped = products.dump()[0]
    assert (
        dumped["externalId"] == "p1"
        and dumped["name"] == "A"
        and dumped["category"] == {"space": "shop", "externalId": "c"}
    )
    assert products.dump(camel_case=False)[0]["external_id"] == "p1"
    frame = products.to_pandas()
    assert list(frame.columns[:3]) == ["space", "external_id", "version"] and frame["name"].tolist()[0] == "A"
    assert frame["name"].isna().tolist() == [False, True]


def test_camel_case_dumps_name_edge_and_reverse_relation_fields_by_property_id() -> None:
    (product,) = parse(Product, node("p1", {"name": "A"}))
    (relation,) = parse(
        RelatesTo,
        {
            **node("r", {"strength": 0.5}, view="RelatesTo/v1", instanceType="edge"),
            "type": {"space": "pygen_example", "externalId": "Product.relatedProducts"},
            "startNode": {"space": "shop", "externalId": "p1"},
            "endNode": {"space": "shop", "externalId": "p2"},
        },
    )
    product.related_products = [relation]
    (category,) = parse(Category, node("c", {"name": "C"}, view="Category/v1"))
    category.products = [NodeId("shop", "p1")]

    dumped = product.dump()
    assert "relatedProducts" in dumped and "related_products" not in dumped
    assert dumped["relatedProducts"][0]["endNode"] == {"space": "shop", "externalId": "p2"}
    assert dumped["relatedProducts"][0]["strength"] == 0.5
    assert category.dump()["products"] == [{"space": "shop", "externalId": "p1"}]
    assert "related_products" in product.dump(camel_case=False)
    frame = InstanceList([product]).to_pandas(camel_case=True)
    assert {"relatedProducts", "isActive", "externalId"} <= set(frame.columns)
    assert "related_products" not in frame.columns
    assert "related_products" in InstanceList([product]).to_pandas().columns


ASSET_VIEW = ViewId("m", "Asset", "1")


class Asset(Node):
    """A view with properties named like base fields (as CogniteAsset's ``type``)."""

    view_id: ClassVar[ViewId] = ASSET_VIEW
    type_: str | None = property_field(ASSET_VIEW, "type")
    version_: int | None = property_field(ASSET_VIEW, "version")
    name: str | None = property_field(ASSET_VIEW, "name")


def test_a_property_named_like_a_base_field_keeps_its_field_name_in_camel_case_dumps() -> None:
    (asset,) = parse(
        Asset,
        {
            **node("a", type={"space": "m", "externalId": "pump"}),
            "properties": {"m": {"Asset/1": {"type": "centrifugal", "version": 7, "name": "P"}}},
        },
    )
    dumped = asset.dump()
    assert dumped["type"] == {"space": "m", "externalId": "pump"} and dumped["version"] == 3
    assert (dumped["type_"], dumped["version_"], dumped["name"]) == ("centrifugal", 7, "P")


LINKED_VIEW = ViewId("m", "Linked", "1")


class LinkedWrite(NodeWrite):
    """A node view with an edge connection whose edges have no properties (no edge view)."""

    view_id: ClassVar[ViewId] = LINKED_VIEW
    links: Annotated[list[NodeId] | None, EdgeConnection(NodeId("m", "links"))] = connection_field("links")


def test_edges_from_bare_ids_carry_the_edge_view_only_when_the_connection_has_one() -> None:
    plain = write_items(LinkedWrite(space="s", external_id="a", links=[("s", "b")]))
    assert plain[0]["sources"] == [{"source": LINKED_VIEW.dump(), "properties": {}}]
    assert plain[1]["externalId"] == "links:a:b" and "sources" not in plain[1]
    typed = write_items(ProductWrite(space="s", external_id="a", name="A", related_products=[("s", "b")]))
    assert typed[1]["sources"] == [{"source": ViewId("pygen_example", "RelatesTo", "v1").dump(), "properties": {}}]


def test_as_write_keeps_read_values_and_unknown_enum_values() -> None:
    (product,) = parse(
        Product, node("p1", {"name": "A", "status": "recalled", "category": {"space": "shop", "externalId": "c"}})
    )
    write = product.as_write()
    assert isinstance(write, ProductWrite)
    assert write_items(write) == [
        {
            "instanceType": "node",
            "space": "shop",
            "externalId": "p1",
            "sources": [
                {
                    "source": {"type": "view", "space": "pygen_example", "externalId": "Product", "version": "v1"},
                    "properties": {"name": "A", "status": "recalled", "category": {"space": "shop", "externalId": "c"}},
                }
            ],
        }
    ]


# -- writes -----------------------------------------------------------------------------------------------------------


def test_only_set_fields_are_sent_and_none_clears() -> None:
    item = ProductWrite(space="shop", external_id="p1", name="A", price=None)
    assert item.quantity == 0 and item.is_active is True  # the container defaults, shown but not sent
    (body,) = write_items(item)
    assert body["sources"][0]["properties"] == {"name": "A", "price": None}
    item.tags = ["x"]  # assignment counts as set, and is validated
    (body,) = write_items(item)
    assert body["sources"][0]["properties"] == {"name": "A", "price": None, "tags": ["x"]}


def test_node_without_properties_sends_no_sources() -> None:
    assert write_items(NodeWrite(space="s", external_id="bare", type=("s", "kind"))) == [
        {"instanceType": "node", "space": "s", "externalId": "bare", "type": {"space": "s", "externalId": "kind"}}
    ]


def test_identical_duplicates_are_sent_once_and_different_ones_rejected() -> None:
    chairs = CategoryWrite(space="shop", external_id="chairs", name="Chairs")
    a = ProductWrite(space="shop", external_id="a", name="A", category=chairs)
    b = ProductWrite(
        space="shop",
        external_id="b",
        name="B",
        category=CategoryWrite(space="shop", external_id="chairs", name="Chairs"),
    )
    assert [item["externalId"] for item in write_items(a, b, chairs)] == ["a", "chairs", "b"]
    other = ProductWrite(
        space="shop",
        external_id="c",
        name="C",
        category=CategoryWrite(space="shop", external_id="chairs", name="Seats"),
    )
    with pytest.raises(InvalidInputError) as error:
        write_items(a, other)
    assert str(error.value).startswith(
        "CategoryWrite shop:chairs is given twice with different values; DMS would keep only one."
    )


def test_cycles_between_nested_objects_terminate() -> None:
    parent = CategoryWrite(space="shop", external_id="parent", name="P")
    child = CategoryWrite(space="shop", external_id="child", name="C", parent=parent)
    parent.parent = child
    assert [item["externalId"] for item in write_items(parent)] == ["parent", "child"]


def test_inwards_and_standalone_edges() -> None:
    edge = RelatesToWrite(
        space="shop",
        external_id="e1",
        type=NodeId("pygen_example", "Product.relatedProducts"),
        start_node=("shop", "a"),
        end_node=ProductWrite(space="shop", external_id="b", name="B"),
        note="n",
    )
    bodies = write_items(edge)
    assert [body["instanceType"] for body in bodies] == ["node", "edge"]
    assert bodies[1]["startNode"] == {"space": "shop", "externalId": "a"}
    assert bodies[1]["sources"][0]["properties"] == {"note": "n"}


def test_top_level_edge_without_ends_is_explained() -> None:
    with pytest.raises(InvalidInputError) as error:
        write_items(RelatesToWrite(space="s", external_id="e", strength=1.0))
    assert str(error.value) == (
        "RelatesToWrite e: type, start_node, end_node not set; set them, or nest the edge in the edge connection field "
        "of a node write object, which fills them in"
    )
    with pytest.raises(InvalidInputError, match="space and external_id are required for a top-level edge"):
        write_items(EdgeWrite(type=("s", "t"), start_node=("s", "a"), end_node=("s", "b")))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"updated_at": datetime(2024, 1, 1)},
            "  - updated_at (property 'updatedAt' of view pygen_example:Product/v1): Input should have timezone info; "
            "got datetime.datetime(2024, 1, 1, 0, 0)",
        ),
        (
            {"category": "chairs"},
            "  - category (property 'category' of view pygen_example:Product/v1): the string 'chairs' is not a node id: "
            "it has no space; use NodeId('<space>', 'chairs') or a (space, external_id) tuple",
        ),
        (
            {"tags": "wood"},
            "  - tags (property 'tags' of view pygen_example:Product/v1): expected a list, got the single value 'wood'",
        ),
        (
            {"status": "recalled"},
            "  - status (property 'status' of view pygen_example:Product/v1): Input should be 'draft', 'active' or "
            "'discontinued'; got 'recalled'",
        ),
        (
            {"quantity": 2**31},
            "  - quantity (property 'quantity' of view pygen_example:Product/v1): Input should be less than or equal to "
            "2147483647; got 2147483648",
        ),
        (
            {"price": "cheap"},
            "  - price (property 'price' of view pygen_example:Product/v1): Input should be a valid number, unable to parse string as a number; got 'cheap'",
        ),
        (
            {"release_date": "31/05/2024"},
            "  - release_date (property 'releaseDate' of view pygen_example:Product/v1): Input should be a valid date or datetime, invalid character in year; got '31/05/2024'",
        ),
        (
            {"colour": "red"},
            "  - colour: unknown field; ProductWrite has attributes, category, description, existing_version",
        ),
        ({"related_products": ["p2"]}, "  - related_products.0: the string 'p2' is not a node id: it has no space"),
    ],
)
def test_bad_write_input_names_field_property_and_value(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidInputError) as error:
        ProductWrite(space="shop", external_id="p1", name="A", **kwargs)
    text = str(error.value)
    assert text.startswith("invalid ProductWrite shop:p1:\n")
    assert message in text


def test_missing_required_field() -> None:
    with pytest.raises(InvalidInputError) as error:
        ProductWrite(space="shop", external_id="p1")  # type: ignore[call-arg]
    assert (
        str(error.value)
        == "invalid ProductWrite shop:p1:\n  - name (property 'name' of view pygen_example:Product/v1): required, but not given"
    )


def test_bad_assignment_is_rejected_and_leaves_the_object_unchanged() -> None:
    item = ProductWrite(space="shop", external_id="p1", name="A", price=1.0)
    with pytest.raises(InvalidInputError, match=r"price \(property 'price' of view pygen_example:Product/v1\)"):
        item.price = "cheap"  # type: ignore[assignment]
    assert item.price == 1.0


def test_non_finite_numbers_are_rejected_with_location() -> None:
    with pytest.raises(InvalidInputError) as error:
        write_items(ProductWrite(space="shop", external_id="p1", name="A", measurements=[1.0, float("inf")]))
    assert (
        str(error.value)
        == "ProductWrite shop:p1 field measurements[1]: inf cannot be sent (JSON has no NaN or infinity)"
    )


def test_upsert_rejects_non_write_objects() -> None:
    with pytest.raises(
        InvalidInputError,
        match=r"upsert item 1: expected a write object \(NodeWrite/EdgeWrite subclass\), got \{'space': 's'\}",
    ):
        WriteItems.from_writes([CategoryWrite(space="s", external_id="c", name="c"), {"space": "s"}])  # type: ignore[list-item]


def test_category_read_connections_are_not_written_back() -> None:
    (category,) = parse(
        Category, node("c", {"name": "C", "parent": {"space": "shop", "externalId": "root"}}, view="Category/v1")
    )
    category.products = [NodeId("shop", "p1")]
    (body,) = write_items(category.as_write())
    assert body["sources"][0]["properties"] == {"name": "C", "parent": {"space": "shop", "externalId": "root"}}


def test_partial_updates_leave_required_fields_out() -> None:
    update = ProductWrite.partial("shop", "p1", price=9.5, tags=None)
    (body,) = write_items(update)
    assert body["sources"][0]["properties"] == {"price": 9.5, "tags": None}
    with pytest.raises(InvalidInputError, match=r"price \(property 'price' of view pygen_example:Product/v1\)"):
        ProductWrite.partial("shop", "p1", price="cheap")
    with pytest.raises(InvalidInputError, match=r"ProductWrite.partial: unknown field\(s\) prise"):
        ProductWrite.partial("shop", "p1", prise=1)
