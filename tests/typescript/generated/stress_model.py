"""A model that pushes the TypeScript emitter's layout to its edges (the Python generator's hostile model covers
names and text; this one covers widths and shapes): view and property names at every length around the points
where deno fmt breaks a line, long and non-ASCII string literals (edge types, node types, enum values), enums
with one value and without documentation, a view used for nodes and edges that holds edge properties, an empty
view, a read-only view with connections, reverse relations through lists, odd versions, and a parent view whose
children (``retrieve``'s ``asChildClass``) have names of ``Object.prototype`` members and of every width around the
80-column break of ``["<name>", () => <NAME>_VIEW]``, a child used for nodes and edges and one used for edges only
(which is no child: ``asChildClass`` reads nodes)."""

from __future__ import annotations

from pygen_client import ModelFile
from pygen_generator import ModelBuilder

WORDS = ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel", "India", "Juliet", "Kilo"]
# Edge types are node external ids: any text up to 255 characters.
ODD_EDGE_TYPE = 'Edge "type" with \\ backslash, 名前 and 🚀 emoji, a combining é and a tab\tinside'


def _name(length: int, start: int = 0) -> str:
    """An identifier of about ``length`` characters made of whole words (so camelCase and PascalCase keep it)."""
    words: list[str] = []
    index = start
    while len("".join(words)) < length:
        words.append(WORDS[index % len(WORDS)])
        index += 1
    text = "".join(words)[:length]
    return text[0].lower() + text[1:]


def stress_model() -> ModelFile:
    builder = ModelBuilder("stress", "StressModel", "2023-01_beta", name="Stress", description="Layout stress.")
    hub = builder.view("Hub", description="Has a property of every length from 10 to 90 characters.")
    for length in range(10, 91, 3):
        kind = ["text", "float64", "timestamp", "date", "int64", "boolean", "json"][length % 7]
        hub.prop(_name(length, length), kind, is_list=length % 2 == 0 and kind != "json", nullable=length % 5 != 0)
    hub.prop(
        "status",
        "enum",
        enum_values={
            _name(60, 3): {"name": "A long value", "description": "with a long description " * 3},
            "plain": {},
            "short": {"name": "short"},
        },
    )
    hub.prop("single", "enum", enum_values={"only": {"description": "The only value."}})
    hub.prop("bare", "enum", enum_values={"one": {}, "two": {}})
    # Views whose names sit around the caps of the naming policy and the 80-column breaks.
    targets = []
    for length in (18, 24, 28, 33, 36, 39, 40, 41, 45, 60):
        view = builder.view(_name(length, length)[0].upper() + _name(length, length)[1:], description=f"{length}")
        view.prop(_name(length, 1), "text").prop("related", "direct", is_list=True, target=hub)
        view.prop(_name(70 - length, 2), "direct", target=view)
        targets.append(view)
    both = builder.view("EdgeOrNode", used_for="all", description="Used for nodes and edges; holds edge properties.")
    both.prop("weight", "float64").prop("label", "text")
    edge = builder.view(_name(38, 5)[0].upper() + _name(38, 5)[1:], used_for="edge", description="Edge view.")
    edge.prop("strength", "float64").prop(_name(55, 4), "timestamp")
    for index, target in enumerate(targets):
        hub.edge(_name(20 + 6 * index, index), f"hub.{_name(20 + 6 * index, index)}", target, edge_source=edge)
        target.reverse(_name(30 + 4 * index, 7), hub, "viaList" if index % 2 else "viaSingle", multi=index % 2 == 0)
    hub.prop("viaList", "direct", is_list=True, target=targets[0]).prop("viaSingle", "direct", target=targets[1])
    hub.edge("oddType", ODD_EDGE_TYPE, targets[0], edge_source=both, direction="inwards", multi=False)
    hub.edge(_name(64, 9), "x" * 200, targets[-1], edge_source=both, direction="outwards")
    builder.view("Nothing", description="A view without properties.")
    typed = builder.view(
        "Typed",
        filter={"equals": {"property": ["node", "type"], "value": {"space": "stress", "externalId": ODD_EDGE_TYPE}}},
    )
    typed.prop("value", "int32")
    locked = builder.view("Locked", writable=False, description="Read-only, with connections.")
    locked.prop("hub", "direct", target=hub).edge("hubs", "locked.hubs", hub)
    locked.reverse("typedOnes", typed, "back")
    typed.prop("back", "direct", target=locked)
    parent = builder.view("Parent", description="Implemented by children with awkward names.")
    parent.prop("shared", "text")
    for name in ("constructor", "toString", "hasOwnProperty", "valueOf"):
        builder.view(name, implements=[parent]).prop(f"{name}Value", "text")
    for length in (20, 24, 26, 28, 30, 40):
        child = builder.view(_name(length, length + 1)[0].upper() + _name(length, length + 1)[1:], implements=[parent])
        child.prop("own", "int32")
    builder.view("ChildOfBoth", used_for="all", implements=[parent]).prop("weight", "float64")
    builder.view("EdgeChild", used_for="edge", implements=[parent]).prop("strength", "float64")
    return builder.model_file()
