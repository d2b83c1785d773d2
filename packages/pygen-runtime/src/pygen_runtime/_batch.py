"""Run one request per chunk over a bounded worker pool and keep every outcome, in chunk order."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from ._errors import CDFAPIError, CDFConnectionError

C = TypeVar("C")
R = TypeVar("R")


@dataclass
class ChunkOutcome(Generic[C, R]):
    chunk: C
    result: R | None = None
    error: BaseException | None = None

    @property
    def outcome_unknown(self) -> bool:
        """The request may have been applied: no answer, or a server error after retries."""
        if isinstance(self.error, CDFConnectionError):
            return True
        return isinstance(self.error, CDFAPIError) and self.error.status >= 500


def split(items: Sequence[C], size: int) -> list[Sequence[C]]:
    return [items[start : start + size] for start in range(0, len(items), size)]


def run_chunks(chunks: Sequence[C], send: Callable[[C], R], max_workers: int) -> list[ChunkOutcome[C, R]]:
    """Send every chunk (each exactly once; the HTTP layer owns retries) and return outcomes in chunk order.

    Errors do not stop the other chunks, so the caller can report what succeeded next to what failed.
    """

    def attempt(chunk: C) -> ChunkOutcome[C, R]:
        try:
            return ChunkOutcome(chunk, result=send(chunk))
        except Exception as error:  # every failure is reported with its chunk, nothing is swallowed
            return ChunkOutcome(chunk, error=error)

    if len(chunks) <= 1 or max_workers <= 1:
        return [attempt(chunk) for chunk in chunks]
    from concurrent.futures import ThreadPoolExecutor  # only batches of several requests need threads

    with ThreadPoolExecutor(max_workers=min(max_workers, len(chunks)), thread_name_prefix="pygen") as pool:
        return list(pool.map(attempt, chunks))
