"""A data model built to break code generators: identifiers that are Python keywords, builtins, runtime and pydantic
attribute names or API parameters; identifiers starting with digits; very long identifiers; views whose names
collide (within a space, across spaces, with generated class names, with enum aliases); and names, descriptions,
enum values and defaults full of quotes, triple quotes, backslashes, comment terminators, newlines, control
characters and unicode. Every identifier is one CDF accepts, so the model deploys and the SDK can run against the
emulator."""

from __future__ import annotations

from pygen_client import ModelFile
from pygen_generator import ModelBuilder

HOSTILE_TEXT = (
    'Ends a docstring: """ then code(); a backslash \\ and "\\n" that is not a newline, */ closes JSDoc,\n'
    "a real newline\tand a tab, unicode: ünïcødé 名前 🚀, a line separator \u2028, a NUL-free bell \x07, "
    'and a quote at the end"'
)
HOSTILE_DEFAULT = 'He said "hi" \\ then\nleft \'quietly\' """'
LONG_ID = "p" + "LongPropertyName" * 15  # 241 characters
LONG_VIEW = "V" + "eryLongViewName" * 16  # 241 characters

KEYWORD_PROPERTIES = [
    "class",
    "def",
    "import",
    "None",
    "type",
    "external_id",
    "dataRecord",
    "model_config",
    "model_fields",
    "modelDump",
    "json",
    "copy",
    "dict",
    "list",
    "str",
    "date",
    "datetime",
    "query",
    "limit",
    "filter",
    "properties",
    "self",
    "as_write",
    "dump",
    "view_id",
    "instance_type",
    "version",
    "Any",
    "cursor",
    "sort_by",
    "match",
]


def hostile_model() -> ModelFile:
    builder = ModelBuilder("hostile", "Hostile", "v1", name='Hostile "model"\nwith a newline', description=HOSTILE_TEXT)
    klass = builder.view("class", name='class\n"""', description=HOSTILE_TEXT)
    for prop_id in KEYWORD_PROPERTIES:
        klass.prop(prop_id, "text", description=f"The property {prop_id!r}: {HOSTILE_TEXT}")
    klass.prop("1st", "int32", name="1st", description="Starts with a digit.")
    klass.prop("3D", "boolean")
    klass.prop("isActive", "boolean").prop("is_active", "boolean").prop("IsActive", "boolean")
    klass.prop("name", "text", nullable=False, name="Name \\ with a backslash")
    klass.prop("name_prefix", "text")  # the equality filter of this field is name's prefix filter keyword
    klass.prop("externalIdPrefix", "text")  # its equality filter keyword is a base filter keyword
    klass.prop("value", "float64").prop("min_value", "text")  # its equality keyword is value's lower bound
    klass.prop(LONG_ID, "text", description="A property with a 241-character id.")
    klass.prop("greeting", "text", default=HOSTILE_DEFAULT, description="A default full of quotes.")
    klass.prop("settings", "json", default={'key "quoted"': "value\\", "nested": {"list": [1, 2.5, True, None]}})
    klass.prop("counter", "int64", nullable=False, auto_increment=True)
    klass.prop(
        "status",
        "enum",
        enum_values={
            "None": {"name": "None", "description": HOSTILE_TEXT},
            "class": {"name": "class"},
            "lambda": {},
            "None_": {},
            "_private": {},
        },
    )
    status_view = builder.view("ClassStatus", description="Takes the name the enum alias of class.status wants.")
    status_view.prop("label", "text")

    field = builder.view("Field", description="A view named like pydantic's Field.")
    field.prop("owner", "direct", target=klass, description="Points at a class.")
    field.prop("owners", "direct", is_list=True, target=klass)
    field.prop("unknownTarget", "direct")
    # Named like list members: the read list's connection properties must not shadow list.count / list.index.
    field.prop("count", "direct", target=klass, description="Named like list.count.")
    klass.reverse("index", field, "count", description="Named like list.index.")
    link = builder.view("Link", used_for="edge", description=f"Edge properties. {HOSTILE_TEXT}")
    link.prop("weight", "float64").prop("class", "text")
    klass.edge("fields", "class.fields", field, edge_source=link, description=HOSTILE_TEXT)
    klass.edge("plainFields", "class.plain", field, multi=False)
    field.edge("classes", "class.fields", klass, edge_source=link, direction="inwards")
    klass.reverse("owned", field, "owner", description="Fields whose owner is this class.")
    klass.reverse("ownedViaContainer", field, "owner", through_container="Field", multi=False)

    builder.view("item_view").prop("a", "text")
    builder.view("ItemView").prop("b", "text")  # the same class name as item_view
    builder.view("Thing").prop("here", "text")
    builder.view("Thing", space="hostile_b", container="ThingB").prop("there", "text")  # same name, other space
    node = builder.view("Node", used_for="all", description="Named like the runtime's base class.")
    node.prop("label", "text")
    builder.view("Upsert").prop("x", "text")  # its client attribute would replace client.upsert
    builder.view("CachedProperty").prop("x", "text")  # its attribute would shadow the client's decorator
    builder.view("Str").prop("x", "text")  # its attribute shadows the builtin inside the client class
    builder.view(LONG_VIEW, description="A view with a 241-character external id.").prop(LONG_ID, "int32")
    return builder.model_file()


def hostile_family_model() -> ModelFile:
    """Views implementing a parent, with child names generated code must not trip over in ``as_child_class``: a
    Python keyword, ``Literal`` (which the generated API's base class uses), a runtime name, ``TypeAlias``, two children with the
    same external id in two spaces (named by their full ids), and a grandchild that must win over its parent."""
    builder = ModelBuilder("hostile_family", "HostileFamily", "v1", description=HOSTILE_TEXT)
    family = builder.view("Family", description=f"The parent. {HOSTILE_TEXT}")
    family.prop("surname", "text")
    keyword = builder.view("lambda", implements=[family], description="Named like a keyword.")
    keyword.prop("lam", "text")
    builder.view("Literal", implements=[family]).prop("lit", "text")
    builder.view("ParentInstanceAPI", implements=[family]).prop("api", "text")
    builder.view("TypeAlias", implements=[family]).prop("alias", "text")
    builder.view("Kid", implements=[family]).prop("here", "text")
    builder.view("Kid", space="hostile_family_b", implements=[family], container="KidB").prop("there", "text")
    builder.view("GrandKid", implements=[keyword]).prop("grand", "text")
    return builder.model_file()
