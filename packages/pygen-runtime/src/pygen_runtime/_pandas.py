"""Conversion to pandas; the only module that imports pandas, and only when called."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

from ._errors import PygenError

if TYPE_CHECKING:
    import pandas as pd

    from ._instances import Instance


def import_pandas() -> Any:
    try:
        import pandas
    except ModuleNotFoundError:
        raise PygenError("to_pandas() needs pandas: pip install 'pygen-runtime[pandas]'") from None
    return pandas


def instances_to_pandas(items: Sequence[Instance], *, camel_case: bool = False) -> pd.DataFrame:
    pandas = import_pandas()
    if not items:
        return cast("pd.DataFrame", pandas.DataFrame())
    columns: dict[str, str] = {}
    for cls in dict.fromkeys(type(item) for item in items):
        for name, info in cls.model_fields.items():
            columns.setdefault(name, (info.serialization_alias or name) if camel_case else name)
    rows = [{column: getattr(item, name, None) for name, column in columns.items()} for item in items]
    return cast("pd.DataFrame", pandas.DataFrame(rows, columns=list(columns.values())))
