"""Notebook display: ``_repr_html_`` of read lists, read objects and write objects, on data read from the emulator.

The tables are parsed as XML, so they must be well formed whatever the data holds (markup, newlines, long text).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from example_sdk import CategoryWrite, ProductCatalogClient, ProductWrite, RelatesToWrite

HOSTILE = '<script>alert("x")</script> & more\non a second line'


def _table(markup: str) -> ET.Element:
    return ET.fromstring(markup)  # raises on anything that is not well formed


def _rows(table: ET.Element) -> list[list[str]]:
    return [["".join(cell.itertext()) for cell in row] for row in table.iter("tr")]


def _seed(client: ProductCatalogClient, count: int) -> None:
    chairs = CategoryWrite(external_id="chairs", name="Chairs")
    products = [
        ProductWrite(external_id=f"p{index:02}", name=f"Chair {index}", price=float(index), category=chairs)
        for index in range(count)
    ]
    products[0].description = HOSTILE
    products[0].tags = [f"tag{index}" for index in range(7)]
    products[0].related_products = [RelatesToWrite(end_node=products[1], strength=0.5, note="x" * 200)]
    client.upsert(products)


def test_a_list_is_a_table_with_one_row_per_item_and_escaped_values(emulated_catalog: ProductCatalogClient) -> None:
    _seed(emulated_catalog, 3)
    products = emulated_catalog.product.list(sort_by="external_id")
    markup = products._repr_html_()

    assert "<script>" not in markup and "&lt;script&gt;" in markup
    table = _table(markup)
    assert "".join(table.find("caption").itertext()) == "ProductList: 3 items"  # type: ignore[union-attr]
    header, *rows = _rows(table)
    assert header[:2] == ["space", "external_id"] and {"name", "price", "category", "tags"} <= set(header)
    assert [row[1] for row in rows] == ["p00", "p01", "p02"]
    first = dict(zip(header, rows[0], strict=True))
    assert first["description"] == '<script>alert("x")</script> & more on a second line'  # one line, text intact
    assert first["category"] == "shop:chairs"  # a direct relation shows as its id
    assert first["tags"] == "[tag0, tag1, tag2, tag3, tag4, … (7 in all)]"
    assert first["price"] == "0.0" and dict(zip(header, rows[1], strict=True))["description"] == ""


def test_a_long_list_shows_its_first_and_last_rows(emulated_catalog: ProductCatalogClient) -> None:
    _seed(emulated_catalog, 45)
    products = emulated_catalog.product.list(sort_by="external_id", limit=None)
    table = _table(products._repr_html_())

    assert "".join(table.find("caption").itertext()) == "ProductList: 45 items"  # type: ignore[union-attr]
    _, *rows = _rows(table)
    assert len(rows) == 41  # 20 + the gap + 20
    assert rows[20] == ["…"]
    assert [rows[0][1], rows[19][1], rows[21][1], rows[-1][1]] == ["p00", "p19", "p25", "p44"]


def test_one_read_or_write_object_is_a_field_value_table(emulated_catalog: ProductCatalogClient) -> None:
    _seed(emulated_catalog, 2)
    product = emulated_catalog.product.retrieve("p00", retrieve_connections="full")
    assert product is not None
    table = _table(product._repr_html_())
    fields = dict(_rows(table))  # type: ignore[arg-type]

    assert "".join(table.find("caption").itertext()) == "Product shop:p00"  # type: ignore[union-attr]
    assert fields["category"] == "shop:chairs"  # the full Category object shows as its id, not its repr
    assert fields["related_products"] == "[shop:Product.relatedProducts:p00:p01]"
    assert fields["name"] == "Chair 0" and fields["version"] == "1"

    edge = product.related_products[0]
    edge_fields = dict(_rows(_table(edge._repr_html_())))  # type: ignore[arg-type]
    assert edge_fields["note"] == "x" * 79 + "…"  # long values are shortened
    assert edge_fields["end_node"] == "shop:p01"

    write = ProductWrite(external_id="new", name="<b>bold</b>")
    write_table = _table(write._repr_html_())
    assert "".join(write_table.find("caption").itertext()) == "ProductWrite :new"  # type: ignore[union-attr]
    assert dict(_rows(write_table))["name"] == "<b>bold</b>"  # type: ignore[arg-type]


def test_an_empty_list_is_an_empty_table(emulated_catalog: ProductCatalogClient) -> None:
    table = _table(emulated_catalog.product.list()._repr_html_())
    assert "".join(table.find("caption").itertext()) == "ProductList: 0 items"  # type: ignore[union-attr]
    assert _rows(table) == [[]]  # the header row of a table without columns
