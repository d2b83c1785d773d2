"""Model files: loading JSON and YAML, saving, and errors that say where the problem is."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from pygen_client import ModelFile, ModelFileError, load_model_file, save_model_file


def _write(path: Path, data: Any) -> Path:
    text = json.dumps(data, indent=2) if path.suffix == ".json" else yaml.safe_dump(data, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("suffix", [".json", ".yaml", ".yml"])
def test_load_and_save_round_trip_in_every_format(tmp_path: Path, shop_model: dict[str, Any], suffix: str) -> None:
    source = _write(tmp_path / f"shop{suffix}", shop_model)
    model = load_model_file(source)
    assert model.path == source
    assert model.dump() == shop_model
    saved = save_model_file(model, tmp_path / f"copy{suffix}")
    assert load_model_file(saved).dump() == shop_model


def test_json_is_saved_readably_and_keeps_unicode(tmp_path: Path, shop_model: dict[str, Any]) -> None:
    shop_model["description"] = "Ærlig butikk — «alt» du trenger"
    path = save_model_file(ModelFile.load(shop_model), tmp_path / "shop.json")
    text = path.read_text(encoding="utf-8")
    assert "Ærlig butikk — «alt»" in text and text.startswith('{\n  "space": "shop"') and text.endswith("}\n")


def test_a_file_without_containers_round_trips_without_them(tmp_path: Path, shop_model: dict[str, Any]) -> None:
    del shop_model["containers"]
    model = load_model_file(_write(tmp_path / "shop.json", shop_model))
    assert model.containers == [] and "containers" not in model.dump()
    shop_model["containers"] = []
    assert load_model_file(_write(tmp_path / "empty.json", shop_model)).dump()["containers"] == []


def test_unknown_extensions_are_sniffed(tmp_path: Path, shop_model: dict[str, Any]) -> None:
    json_file = tmp_path / "model.txt"
    json_file.write_text(json.dumps(shop_model))
    yaml_file = tmp_path / "model.dm"
    yaml_file.write_text(yaml.safe_dump(shop_model))
    assert load_model_file(json_file).dump() == load_model_file(yaml_file).dump() == shop_model


def test_a_byte_order_mark_is_accepted(tmp_path: Path, shop_model: dict[str, Any]) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(shop_model).encode())
    assert load_model_file(path).data_model.external_id == "Shop"


def test_file_problems_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(ModelFileError) as missing:
        load_model_file(tmp_path / "nope.json")
    assert str(missing.value) == f"{tmp_path / 'nope.json'}: file not found"
    with pytest.raises(ModelFileError) as directory:
        load_model_file(tmp_path)
    assert str(directory.value) == f"{tmp_path}: is a directory, expected a model file"
    binary = tmp_path / "binary.json"
    binary.write_bytes(b'{"space": "\xff"}')
    with pytest.raises(ModelFileError) as not_text:
        load_model_file(binary)
    assert str(not_text.value) == f"{binary}: not UTF-8 text (invalid byte at offset 11)"


def test_every_shape_problem_is_reported_at_once_with_lines(tmp_path: Path, shop_model: dict[str, Any]) -> None:
    shop_model["views"][0]["properties"]["price"]["nullable"] = "no"
    shop_model["views"][1]["properties"]["items"]["through"].pop("identifier")
    shop_model["containers"][0]["properties"]["title"]["type"]["collation"] = 5
    path = _write(tmp_path / "shop.json", shop_model)
    with pytest.raises(ModelFileError) as error:
        load_model_file(path)
    problems = [str(issue) for issue in error.value.issues]
    lines = path.read_text().splitlines()
    nullable, through, collation = (_line(lines, text) for text in ('"nullable": "no"', '"through"', '"collation": 5'))
    assert problems == [
        f"line {nullable}, view shop:Item/v1, property 'price', nullable: input should be a valid boolean, got 'no'",
        f"line {through}, view shop:Category/v1, property 'items', through.identifier: required field is missing",
        f"line {collation}, container shop:Item, property 'title', type.collation: input should be a valid string, "
        "got 5",
    ]
    assert str(error.value).startswith(f"{path}: 3 problems:\n  - line ")


def _line(lines: list[str], needle: str) -> int:
    return next(number for number, line in enumerate(lines, start=1) if needle in line)


def test_objects_without_an_id_are_named_by_position(tmp_path: Path, shop_model: dict[str, Any]) -> None:
    del shop_model["views"][1]["externalId"]
    with pytest.raises(ModelFileError) as error:
        ModelFile.load(shop_model)
    assert [str(issue) for issue in error.value.issues] == ["view #1, externalId: required field is missing"]
    assert str(error.value) == "<model data>: view #1, externalId: required field is missing"


def test_model_file_gives_the_write_forms_to_deploy(shop_model: dict[str, Any]) -> None:
    shop_model["views"][0]["implements"] = [
        {"space": "shop", "externalId": "Category", "version": "v1", "type": "view"}
    ]
    shop_model["containers"][1]["space"] = "shop_schema"
    schema = ModelFile.load(shop_model).as_apply()
    assert [space.space for space in schema.spaces] == ["shop", "shop_schema"]
    assert [container.external_id for container in schema.containers] == ["Item", "Category"]
    assert [view.external_id for view in schema.views] == ["Category", "Item"]  # implemented views first
    assert [model.external_id for model in schema.data_models] == ["Shop"]
    assert schema.data_models[0].dump()["views"] == [
        {"space": "shop", "externalId": "Item", "version": "v1", "type": "view"},
        {"space": "shop", "externalId": "Category", "version": "v1", "type": "view"},
    ]
    assert "writable" not in schema.views[0].dump() and "createdTime" not in schema.containers[0].dump()
