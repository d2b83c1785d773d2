"""Identifier rules of the DMS API (DMS_CONTRACT.md section 2) and validators that name what is wrong."""

from __future__ import annotations

from pygen_client import (
    DMS_EXTERNAL_ID_PATTERN,
    ENUM_VALUE_PATTERN,
    PROPERTY_ID_PATTERN,
    RESERVED_EXTERNAL_IDS,
    RESERVED_PROPERTY_IDS,
    RESERVED_SPACES,
    SPACE_PATTERN,
    VERSION_PATTERN,
)

from ._errors import bad_request

# The rules live in pygen-client, so that validation of model files and the server agree.
SPACE_RE = SPACE_PATTERN
DMS_XID_RE = DMS_EXTERNAL_ID_PATTERN
VERSION_RE = VERSION_PATTERN
PROPERTY_ID_RE = PROPERTY_ID_PATTERN
ENUM_VALUE_RE = ENUM_VALUE_PATTERN
RESERVED_XIDS = RESERVED_EXTERNAL_IDS


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
