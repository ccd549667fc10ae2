"""``sqlite:///path``: the embedded default store, one SQLite file shared by the worker processes.

The file (and its folder) is created on first use, in WAL mode so readers never
wait for the writer. Each thread of each process opens its own connection when
it first uses the store — never at import, never in a parent process that forks
workers later. A claim is one ``BEGIN IMMEDIATE`` transaction: SQLite lets one
writer in at a time, across processes, and the others wait (up to the busy
timeout), so of many claims of a free key exactly one finds it free.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
import typing as t

from ...core.sqlite_files import open_shared_database
from .base import SWEEP_INTERVAL, Claim, Entry, Outcome, Store, check_ttl, new_token

if t.TYPE_CHECKING:
    from collections.abc import Iterator

#: How long, in seconds, a connection waits for another process's write to end.
BUSY_TIMEOUT = 10.0
TABLE = "restkit_store"
SCHEMA = (
    f"CREATE TABLE IF NOT EXISTS {TABLE} (key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, "
    "token TEXT NOT NULL, value BLOB, expires_at REAL NOT NULL) WITHOUT ROWID",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_expires_at ON {TABLE} (expires_at)",
)


class SQLiteStore(Store):
    """A store in the SQLite file at *path*.

    :param path: the database file; its folder is created when missing.
    :param url: the URL it was opened from.
    """

    def __init__(self, path: str, *, url: str | None = None) -> None:
        self.path = path
        self.url = url or f"sqlite:///{path}"
        self._local = threading.local()
        self._connections: list[tuple[int, sqlite3.Connection]] = []
        self._connections_lock = threading.Lock()
        self._next_sweep = 0.0

    def connection(self) -> sqlite3.Connection:
        """Return this thread's connection, opening it on first use (again after a fork)."""
        local = self._local
        pid = os.getpid()
        if getattr(local, "pid", None) != pid:
            local.connection = self.connect()
            local.pid = pid
            with self._connections_lock:
                self._connections.append((pid, local.connection))
        return t.cast(sqlite3.Connection, local.connection)

    def connect(self) -> sqlite3.Connection:
        """Open a connection in WAL mode, with a busy timeout, creating the file and table."""
        # The connection belongs to one thread; it may be closed from another only so
        # close() can end the connections of threads that are gone.
        connection = open_shared_database(self.path, timeout=BUSY_TIMEOUT)
        connection.execute("PRAGMA synchronous = NORMAL")
        for statement in SCHEMA:
            connection.execute(statement)
        return connection

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Run a write transaction: the database's write lock is taken at its start."""
        connection = self.connection()
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield connection
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")

    def get(self, key: str) -> Entry | None:
        row = (
            self.connection()
            .execute(
                f"SELECT fingerprint, value, expires_at FROM {TABLE} "
                "WHERE key = ? AND expires_at > ?",
                (key, time.time()),
            )
            .fetchone()
        )
        return None if row is None else Entry(row[0], row[1], row[2])

    def claim(self, key: str, fingerprint: str, ttl: float) -> Claim:
        ttl = check_ttl(ttl)
        with self.transaction() as connection:
            now = time.time()
            if now >= self._next_sweep:
                self._next_sweep = now + SWEEP_INTERVAL
                connection.execute(f"DELETE FROM {TABLE} WHERE expires_at <= ?", (now,))
            row = connection.execute(
                f"SELECT fingerprint, value FROM {TABLE} WHERE key = ? AND expires_at > ?",
                (key, now),
            ).fetchone()
            if row is None:
                token = new_token()
                connection.execute(
                    f"INSERT OR REPLACE INTO {TABLE} VALUES (?, ?, ?, NULL, ?)",
                    (key, fingerprint, token, now + ttl),
                )
                return Claim(Outcome.CLAIMED, key, token)
        found, value = row
        if found != fingerprint:
            return Claim(Outcome.MISMATCH, key)
        if value is None:
            return Claim(Outcome.IN_PROGRESS, key)
        return Claim(Outcome.DONE, key, value=bytes(value))

    def complete(self, claim: Claim, value: bytes, ttl: float) -> bool:
        ttl = check_ttl(ttl)
        cursor = self.connection().execute(
            f"UPDATE {TABLE} SET value = ?, token = '', expires_at = ? "
            "WHERE key = ? AND token = ? AND value IS NULL AND expires_at > ?",
            (bytes(value), time.time() + ttl, claim.key, claim.token, time.time()),
        )
        return cursor.rowcount == 1

    def release(self, claim: Claim) -> None:
        self.connection().execute(
            f"DELETE FROM {TABLE} WHERE key = ? AND token = ? AND value IS NULL",
            (claim.key, claim.token),
        )

    def expire(self, key: str) -> None:
        self.connection().execute(f"DELETE FROM {TABLE} WHERE key = ?", (key,))

    def close(self) -> None:
        pid = os.getpid()
        with self._connections_lock:
            mine = [connection for owner, connection in self._connections if owner == pid]
            self._connections = [entry for entry in self._connections if entry[0] != pid]
        for connection in mine:
            connection.close()
        self._local = threading.local()
