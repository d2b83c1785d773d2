"""SQLite storage: one connection, one lock, explicit transactions, and the table layout.

Layout (see the README for why):

- ``spaces``, ``containers``, ``views``, ``data_models``: the schema, one row per item with its definition as JSON.
  The schema is small and read on every request, so the registry keeps it in memory and writes through.
- ``instances``: one row per node or edge (identity, type, edge ends as node row ids, version, times, the change
  sequence ``seq`` used by sync, and ``deleted`` for soft deletes).
- ``props``: one row per (instance, container) holding that container's property values as a JSON object. Filters,
  sorts and aggregates read it with SQLite's JSON1 functions, so they run in SQL.

All access goes through one connection guarded by one lock: every request sees a consistent snapshot and a write
request is one transaction (BEGIN IMMEDIATE ... COMMIT), which is what the 8-thread concurrency test relies on.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_DDL = """
CREATE TABLE IF NOT EXISTS spaces (
    space TEXT PRIMARY KEY, body TEXT NOT NULL, ord INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS containers (
    id INTEGER PRIMARY KEY, space TEXT NOT NULL, external_id TEXT NOT NULL, body TEXT NOT NULL, ord INTEGER NOT NULL,
    UNIQUE (space, external_id)
);
CREATE TABLE IF NOT EXISTS views (
    space TEXT NOT NULL, external_id TEXT NOT NULL, version TEXT NOT NULL, body TEXT NOT NULL, ord INTEGER NOT NULL,
    PRIMARY KEY (space, external_id, version)
);
CREATE TABLE IF NOT EXISTS data_models (
    space TEXT NOT NULL, external_id TEXT NOT NULL, version TEXT NOT NULL, body TEXT NOT NULL, ord INTEGER NOT NULL,
    PRIMARY KEY (space, external_id, version)
);
CREATE TABLE IF NOT EXISTS instances (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    space TEXT NOT NULL,
    external_id TEXT NOT NULL,
    type_space TEXT,
    type_xid TEXT,
    start_id INTEGER,
    end_id INTEGER,
    version INTEGER NOT NULL,
    created INTEGER NOT NULL,
    updated INTEGER NOT NULL,
    deleted INTEGER,
    seq INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS instances_identity ON instances (space, external_id, kind);
CREATE INDEX IF NOT EXISTS instances_seq ON instances (seq);
CREATE INDEX IF NOT EXISTS instances_start ON instances (start_id) WHERE start_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS instances_end ON instances (end_id) WHERE end_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS instances_type ON instances (type_space, type_xid);
CREATE TABLE IF NOT EXISTS props (
    inst_id INTEGER NOT NULL,
    container_id INTEGER NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (inst_id, container_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS props_by_container ON props (container_id, inst_id);
"""

_TABLES = ("props", "instances", "data_models", "views", "containers", "spaces")


class Store:
    """The SQLite database of one emulator: connection, lock, id and change-sequence counters."""

    def __init__(self, db: str | Path) -> None:
        self.path = str(db)
        self.lock = threading.RLock()
        self.conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self.conn.execute("PRAGMA foreign_keys = OFF")
        if self.path != ":memory:":
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
        self.conn.execute("PRAGMA temp_store = MEMORY")
        self.conn.execute("PRAGMA cache_size = -65536")
        self.conn.executescript(_DDL)
        self.next_instance_id = 1
        self.last_seq = 0
        self._load_counters()

    def _load_counters(self) -> None:
        row = self.conn.execute("SELECT COALESCE(MAX(id), 0), COALESCE(MAX(seq), 0) FROM instances").fetchone()
        self.next_instance_id = int(row[0]) + 1
        self.last_seq = int(row[1])

    def allocate_ids(self, count: int) -> int:
        """Reserve ``count`` consecutive instance row ids; returns the first. Call with the lock held."""
        first = self.next_instance_id
        self.next_instance_id += count
        return first

    def next_seq(self) -> int:
        self.last_seq += 1
        return self.last_seq

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        with self.lock:
            yield self.conn

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One transaction; rolled back (and the counters restored) when the block raises."""
        with self.lock:
            saved = (self.next_instance_id, self.last_seq)
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                self.next_instance_id, self.last_seq = saved
                raise
            self.conn.execute("COMMIT")

    def reset(self) -> None:
        with self.lock:
            self.conn.execute("BEGIN IMMEDIATE")
            for table in _TABLES:
                self.conn.execute(f"DELETE FROM {table}")
            self.conn.execute("COMMIT")
            self.next_instance_id = 1
            self.last_seq = 0

    def close(self) -> None:
        with self.lock:
            self.conn.close()
