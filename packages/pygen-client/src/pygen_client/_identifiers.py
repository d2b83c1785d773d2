"""The identifier rules of the DMS API (patterns and reserved words), shared by validation and the emulator."""

from __future__ import annotations

import re

__all__ = [
    "DMS_EXTERNAL_ID_PATTERN",
    "ENUM_VALUE_PATTERN",
    "PROPERTY_ID_PATTERN",
    "RESERVED_ENUM_VALUES",
    "RESERVED_EXTERNAL_IDS",
    "RESERVED_PROPERTY_IDS",
    "RESERVED_SPACES",
    "SPACE_PATTERN",
    "VERSION_PATTERN",
]

SPACE_PATTERN = re.compile(r"^[a-zA-Z][a-zA-Z0-9_-]{0,41}[a-zA-Z0-9]?$")
# Containers, views and data models.
DMS_EXTERNAL_ID_PATTERN = re.compile(r"^[a-zA-Z]([a-zA-Z0-9_]{0,253}[a-zA-Z0-9])?$")
VERSION_PATTERN = re.compile(r"^[a-zA-Z0-9]([.a-zA-Z0-9_-]{0,41}[a-zA-Z0-9])?$")
PROPERTY_ID_PATTERN = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9_-]{0,253}[a-zA-Z0-9]?$")
ENUM_VALUE_PATTERN = re.compile(r"^[_A-Za-z][_0-9A-Za-z]{0,127}$")

RESERVED_SPACES = frozenset({"space", "cdf", "dms", "pg3", "shared", "system", "node", "edge"})
RESERVED_EXTERNAL_IDS = frozenset(
    {
        "Query",
        "Mutation",
        "Subscription",
        "String",
        "Int32",
        "Int64",
        "Int",
        "Float32",
        "Float64",
        "Float",
        "Timestamp",
        "JSONObject",
        "Date",
        "Numeric",
        "Boolean",
        "PageInfo",
        "File",
        "Sequence",
        "TimeSeries",
    }
)
RESERVED_PROPERTY_IDS = frozenset(
    {
        "space",
        "externalId",
        "createdTime",
        "lastUpdatedTime",
        "deletedTime",
        "edge_id",
        "node_id",
        "project_id",
        "property_group",
        "seq",
        "tg_table_name",
        "extensions",
    }
)
# Compared case-insensitively.
RESERVED_ENUM_VALUES = frozenset({"true", "false", "null"})
