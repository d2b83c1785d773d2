"""Identifier rules of the DMS API (DMS_CONTRACT.md section 2) and validators that name what is wrong."""

from __future__ import annotations

import re

from ._errors import bad_request

SPACE_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9_-]{0,41}[a-zA-Z0-9]?$")
DMS_XID_RE = re.compile(r"^[a-zA-Z]([a-zA-Z0-9_]{0,253}[a-zA-Z0-9])?$")
VERSION_RE = re.compile(r"^[a-zA-Z0-9]([.a-zA-Z0-9_-]{0,41}[a-zA-Z0-9])?$")
PROPERTY_ID_RE = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9_-]{0,253}[a-zA-Z0-9]?$")
ENUM_VALUE_RE = re.compile(r"^[_A-Za-z][_0-9A-Za-z]{0,127}$")

RESERVED_SPACES = frozenset({"space", "cdf", "dms", "pg3", "shared", "system", "node", "edge"})
RESERVED_XIDS = frozenset(
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


def check_space(value: object, where: str, *, creating: bool = False) -> str:
    if not isinstance(value, str) or not SPACE_RE.match(value):
        raise bad_request(
            f"{where}: invalid space identifier {value!r}; expected 1-43 characters matching "
            f"^[a-zA-Z][a-zA-Z0-9_-]{{0,41}}[a-zA-Z0-9]?$"
        )
    if creating and value in RESERVED_SPACES:
        raise bad_request(f"{where}: space identifier {value!r} is reserved")
    return value


def check_dms_xid(value: object, where: str, *, creating: bool = False) -> str:
    if not isinstance(value, str) or not DMS_XID_RE.match(value):
        raise bad_request(
            f"{where}: invalid externalId {value!r}; expected 1-255 characters matching "
            f"^[a-zA-Z]([a-zA-Z0-9_]{{0,253}}[a-zA-Z0-9])?$"
        )
    if creating and value in RESERVED_XIDS:
        raise bad_request(f"{where}: externalId {value!r} is reserved")
    return value


def check_version(value: object, where: str) -> str:
    if not isinstance(value, str) or not VERSION_RE.match(value):
        raise bad_request(
            f"{where}: invalid version {value!r}; expected 1-43 characters matching "
            f"^[a-zA-Z0-9]([.a-zA-Z0-9_-]{{0,41}}[a-zA-Z0-9])?$"
        )
    return value


def check_instance_xid(value: object, where: str) -> str:
    if not isinstance(value, str) or not 1 <= len(value) <= 256 or "\x00" in value:
        raise bad_request(f"{where}: invalid instance externalId {value!r}; expected 1-256 characters without NUL")
    return value


def check_property_id(value: object, where: str) -> str:
    if not isinstance(value, str) or not PROPERTY_ID_RE.match(value):
        raise bad_request(
            f"{where}: invalid property identifier {value!r}; expected characters matching "
            f"^[a-zA-Z0-9][a-zA-Z0-9_-]{{0,253}}[a-zA-Z0-9]?$"
        )
    if value in RESERVED_PROPERTY_IDS:
        raise bad_request(f"{where}: property identifier {value!r} is reserved")
    return value
