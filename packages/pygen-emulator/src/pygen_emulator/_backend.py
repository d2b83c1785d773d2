"""The backend of one emulator: its store and schema registry, shared by every endpoint."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ._schema import Registry
from ._store import Store


class Backend:
    def __init__(self, db: str | Path, project: str) -> None:
        self.project = project
        self.store = Store(db)
        self.registry = Registry()
        with self.store.read() as conn:
            self.registry.load(conn)

    @contextmanager
    def schema_write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction that also restores the in-memory registry when it fails."""
        with self.store.write() as conn:
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                conn.execute("BEGIN IMMEDIATE")  # the store's own handler rolls this empty transaction back
                self.registry.load(conn)
                raise

    def reset(self) -> None:
        with self.store.lock:
            self.store.reset()
            self.registry.clear()

    def close(self) -> None:
        self.store.close()
