"""Property-based: fields CDF may add later, anywhere in a model, survive load and dump unchanged."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pygen_client import ModelFile
from pygen_client import load_example_model as _load_example

_EXAMPLE = _load_example().dump()

_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)
# New fields are named like API fields but never like one this version knows.
_new_key = st.from_regex(r"\Afuture[A-Z][a-zA-Z]{0,8}\Z", fullmatch=True)


def _places(model: dict[str, Any]) -> list[dict[str, Any]]:
    """Every object in the example where CDF could add a field."""
    places: list[dict[str, Any]] = [model]
    for view in model["views"]:
        places.append(view)
        for prop in view["properties"].values():
            places.append(prop)
            if isinstance(prop.get("type"), dict) and "container" in prop:
                places.append(prop["type"])
    for container in model["containers"]:
        places.append(container)
        places.extend(container["properties"].values())
        places.extend(prop["type"] for prop in container["properties"].values())
        places.extend(container.get("indexes", {}).values())
    return places


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(additions=st.lists(st.tuples(st.integers(min_value=0), _new_key, _json), min_size=1, max_size=6))
def test_unknown_fields_anywhere_round_trip(additions: list[tuple[int, str, Any]]) -> None:
    model = copy.deepcopy(_EXAMPLE)
    places = _places(model)
    for index, key, value in additions:
        places[index % len(places)][key] = value
    assert ModelFile.load(model).dump() == model
