"""Runs one operation over many items as several requests, and reports partial failure without losing anything."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from pygen_runtime import CDFAPIError, MultiRequestError

__all__ = ["SCHEMA_CHUNK_SIZE", "run_in_chunks"]

SCHEMA_CHUNK_SIZE = 100  # the API's limit for schema apply, byids and delete
_Item = TypeVar("_Item")
_Result = TypeVar("_Result")


def run_in_chunks(
    items: Sequence[_Item],
    send: Callable[[Sequence[_Item]], list[_Result]],
    *,
    id_of: Callable[[_Item], object],
    action: str,
    chunk_size: int = SCHEMA_CHUNK_SIZE,
) -> list[_Result]:
    """Sends ``items`` ``chunk_size`` at a time, in order, and returns the concatenated results.

    Every chunk is attempted. A single request that fails raises its own error; when some of several requests fail,
    ``MultiRequestError`` carries the results of the ones that succeeded (``successful``), the ids of the items the
    API rejected (``failed``), those whose request got no answer (``unknown``: they may have been applied), and
    the errors.
    """
    chunks = [items[start : start + chunk_size] for start in range(0, len(items), chunk_size)]
    if len(chunks) == 1:
        return send(chunks[0])
    results: list[_Result] = []
    failed: list[object] = []
    unknown: list[object] = []
    errors: list[BaseException] = []
    for chunk in chunks:
        try:
            results.extend(send(chunk))
        except CDFAPIError as error:  # the API answered: nothing in this chunk was applied
            failed.extend(id_of(item) for item in chunk)
            errors.append(error)
        except Exception as error:  # no answer (connection, timeout): the outcome is unknown
            unknown.extend(id_of(item) for item in chunk)
            errors.append(error)
    if errors:
        done = len(items) - len(failed) - len(unknown)
        raise MultiRequestError(
            f"{action}: {done} of {len(items)} item(s) succeeded in {len(chunks) - len(errors)} of {len(chunks)} "
            "request(s)",
            successful=results,
            failed=failed,
            unknown=unknown,
            errors=errors,
        )
    return results
