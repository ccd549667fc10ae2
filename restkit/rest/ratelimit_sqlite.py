"""A ``limits`` storage in a SQLite file (``sqlite:///path``): counts that processes share.

Every gunicorn worker of one machine opens the same file, so they count
together. The file is in WAL mode with a busy timeout; each counter changes in
one atomic statement, each moving window in one ``BEGIN IMMEDIATE``
transaction. Connections are opened on first use, one per process and thread
(a connection is never used across ``fork``).
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
import typing as t

from limits.storage import MovingWindowSupport, Storage

from ..core.errors import ConfigurationError
from ..core.sqlite_files import open_shared_database

#: What a SQLite store URL starts with; the rest is the file's path
#: (``sqlite:////var/lib/api/store.sqlite3`` for an absolute one).
SCHEME_PREFIX = "sqlite:///"
#: How long a statement waits for another process's write to finish, in seconds.
BUSY_TIMEOUT = 10.0
#: Counters written by one connection between two sweeps of the expired ones.
SWEEP_EVERY = 1000

SCHEMA = """
CREATE TABLE IF NOT EXISTS restkit_rate_limit_counters (
    key TEXT PRIMARY KEY, count INTEGER NOT NULL, expires_at REAL NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS restkit_rate_limit_entries (
    key TEXT NOT NULL, at REAL NOT NULL, expires_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS restkit_rate_limit_entries_by_key
    ON restkit_rate_limit_entries (key, at);
"""
INCREMENT = """
INSERT INTO restkit_rate_limit_counters (key, count, expires_at) VALUES (:key, :amount, :expires)
ON CONFLICT (key) DO UPDATE SET
    count = CASE WHEN expires_at <= :now THEN excluded.count ELSE count + excluded.count END,
    expires_at = CASE WHEN expires_at <= :now THEN excluded.expires_at ELSE expires_at END
RETURNING count
"""
LIVE_COUNTER = (
    "SELECT count, expires_at FROM restkit_rate_limit_counters WHERE key = ? AND expires_at > ?"
)
WINDOW = "SELECT min(at), count(*) FROM restkit_rate_limit_entries WHERE key = ? AND at > ?"


def database_path(uri: str) -> str:
    """Return the path of the SQLite file *uri* names.

    :raises ConfigurationError: for a URL naming no file, or an in-memory database
        (which other connections would not see).
    """
    path = uri.removeprefix(SCHEME_PREFIX)
    if not uri.startswith(SCHEME_PREFIX) or not path or path.startswith(":memory:"):
        raise ConfigurationError(
            f"{uri!r} names no SQLite file: write sqlite:///relative/path or "
            "sqlite:////absolute/path (memory:// for counts kept in this process only)."
        )
    return path


class SQLiteStorage(Storage, MovingWindowSupport):
    """Rate-limit counts in a SQLite file, for the fixed-window and moving-window strategies.

    :param uri: ``sqlite:///path``.
    :param wrap_exceptions: wrap ``sqlite3`` errors in ``limits.errors.StorageError``.
    """

    STORAGE_SCHEME = ["sqlite"]

    def __init__(self, uri: str, wrap_exceptions: bool = False, **options: float | str | bool):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.path = database_path(uri)
        self._local = threading.local()

    def __repr__(self) -> str:
        return f"<SQLiteStorage {self.path!r}>"

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        return sqlite3.Error

    # -- connections ----------------------------------------------------------------------

    def connection(self) -> sqlite3.Connection:
        """Return this thread's connection, opened on first use and again after a fork."""
        local = self._local
        if getattr(local, "pid", None) != os.getpid():
            local.connection = self.connect()
            local.pid = os.getpid()
            local.writes = 0
        return t.cast(sqlite3.Connection, local.connection)

    def connect(self) -> sqlite3.Connection:
        """Open the file (and its folder, and the tables, if missing)."""
        # Each statement commits by itself, unless BEGIN says otherwise.
        connection = open_shared_database(self.path, timeout=BUSY_TIMEOUT)
        connection.execute("PRAGMA synchronous = NORMAL")  # counts need no fsync per request
        connection.executescript(SCHEMA)
        return connection

    # -- fixed window ---------------------------------------------------------------------

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        """Add *amount* to the counter of *key*, starting a new one of *expiry* s if it ended."""
        connection = self.connection()
        now = time.time()
        parameters = {"key": key, "amount": amount, "expires": now + expiry, "now": now}
        [(count,)] = connection.execute(INCREMENT, parameters).fetchall()
        self.sweep_now_and_then(connection, now)
        return int(count)

    def get(self, key: str) -> int:
        """Return the counter of *key* (0 when it ended or never started)."""
        row = self.connection().execute(LIVE_COUNTER, (key, time.time())).fetchone()
        return int(row[0]) if row else 0

    def get_expiry(self, key: str) -> float:
        """Return when the counter of *key* ends (now when there is none)."""
        now = time.time()
        row = self.connection().execute(LIVE_COUNTER, (key, now)).fetchone()
        return float(row[1]) if row else now

    def sweep_now_and_then(self, connection: sqlite3.Connection, now: float) -> None:
        """Delete ended counters and entries once every :data:`SWEEP_EVERY` writes."""
        self._local.writes += 1
        if self._local.writes % SWEEP_EVERY:
            return
        connection.execute("DELETE FROM restkit_rate_limit_counters WHERE expires_at <= ?", (now,))
        connection.execute("DELETE FROM restkit_rate_limit_entries WHERE expires_at <= ?", (now,))

    # -- moving window --------------------------------------------------------------------

    def acquire_entry(self, key: str, limit: int, expiry: int, amount: int = 1) -> bool:
        """Add *amount* entries to the window of *key* if it holds at most *limit* then."""
        if amount > limit:
            return False
        connection = self.connection()
        connection.execute("BEGIN IMMEDIATE")
        try:
            now = time.time()
            _, count = connection.execute(WINDOW, (key, now - expiry)).fetchone()
            acquired = int(count) + amount <= limit
            if acquired:
                connection.executemany(
                    "INSERT INTO restkit_rate_limit_entries (key, at, expires_at) VALUES (?, ?, ?)",
                    [(key, now, now + expiry)] * amount,
                )
                connection.execute(
                    "DELETE FROM restkit_rate_limit_entries WHERE key = ? AND at <= ?",
                    (key, now - expiry),
                )
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        if acquired:
            self.sweep_now_and_then(connection, now)
        return acquired

    def get_moving_window(self, key: str, limit: int, expiry: int) -> tuple[float, int]:
        """Return when the oldest entry of the window of *key* was made, and how many it holds."""
        now = time.time()
        oldest, count = self.connection().execute(WINDOW, (key, now - expiry)).fetchone()
        return (float(oldest), int(count)) if count else (now, 0)

    # -- upkeep ---------------------------------------------------------------------------

    def check(self) -> bool:
        """Whether the file can be read."""
        try:
            self.connection().execute("SELECT 1").fetchone()
        except sqlite3.Error:
            return False
        return True

    def clear(self, key: str) -> None:
        """Forget the counts of *key*."""
        connection = self.connection()
        connection.execute("DELETE FROM restkit_rate_limit_counters WHERE key = ?", (key,))
        connection.execute("DELETE FROM restkit_rate_limit_entries WHERE key = ?", (key,))

    def reset(self) -> int | None:
        """Forget every count; return how many keys had one."""
        connection = self.connection()
        connection.execute("BEGIN IMMEDIATE")
        try:
            (keys,) = connection.execute(
                "SELECT count(*) FROM (SELECT key FROM restkit_rate_limit_counters "
                "UNION SELECT key FROM restkit_rate_limit_entries)"
            ).fetchone()
            connection.execute("DELETE FROM restkit_rate_limit_counters")
            connection.execute("DELETE FROM restkit_rate_limit_entries")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        return int(keys)
