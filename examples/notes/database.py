"""The SQLite database: its schema, a connection per request, and write transactions."""

from __future__ import annotations

import contextlib
import datetime
import sqlite3
import threading
import typing as t

from restkit import current_app, g
from restkit.core import open_shared_database

if t.TYPE_CHECKING:
    from collections.abc import Iterator

SCHEMA = """
BEGIN IMMEDIATE;
CREATE TABLE IF NOT EXISTS users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
);
-- Tokens are kept as SHA-256 hashes: a copy of the table lets no one log in.
CREATE TABLE IF NOT EXISTS tokens (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at TEXT NOT NULL
);
-- The change sequence: one counter, raised inside each write transaction. SQLite
-- runs one write transaction at a time, so revisions commit in their order, and a
-- reader who has seen revision n has seen every revision below it.
CREATE TABLE IF NOT EXISTS revisions (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    last INTEGER NOT NULL
);
INSERT OR IGNORE INTO revisions (id, last) VALUES (1, 0);
-- A deleted note stays as a tombstone (deleted = 1, its content cleared), so that
-- sync can tell clients it is gone.
CREATE TABLE IF NOT EXISTS notes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    revision INTEGER NOT NULL UNIQUE,
    deleted INTEGER NOT NULL DEFAULT 0,
    -- The Idempotency-Key the note was written with: a retry finds the note it wrote.
    request_key TEXT
);
CREATE INDEX IF NOT EXISTS notes_by_owner_revision ON notes (owner_id, revision);
CREATE UNIQUE INDEX IF NOT EXISTS notes_by_request_key ON notes (owner_id, request_key);
CREATE TABLE IF NOT EXISTS note_tags (
    note_id INTEGER NOT NULL REFERENCES notes (id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (note_id, tag)
);
CREATE INDEX IF NOT EXISTS note_tags_by_tag ON note_tags (tag, note_id);
CREATE TABLE IF NOT EXISTS attachments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    note_id INTEGER NOT NULL REFERENCES notes (id) ON DELETE CASCADE,
    file_name TEXT NOT NULL UNIQUE,
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS attachments_by_note ON attachments (note_id);
COMMIT;
"""


def now() -> datetime.datetime:
    """Return the current time, in UTC."""
    return datetime.datetime.now(datetime.UTC)


def timestamp(when: datetime.datetime) -> str:
    """Return *when* as the database keeps it: ISO 8601 text in UTC, which sorts by time."""
    return when.astimezone(datetime.UTC).isoformat(timespec="microseconds")


def moment(text: str) -> datetime.datetime:
    """Return the time a database timestamp holds."""
    return datetime.datetime.fromisoformat(text)


class Database:
    """The SQLite file at *path*: one connection per request, closed at teardown.

    The file, its folder and its tables are created on first use, in WAL mode,
    so readers in one gunicorn worker never wait for a writer in another; every
    worker opens its own connections, after gunicorn forked it.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self._created = False
        self._creating = threading.Lock()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.path!r}>"

    def connection(self) -> sqlite3.Connection:
        """Return this request's connection, opening it on first use."""
        connection: sqlite3.Connection | None = g.get("notes_connection")
        if connection is None:
            self._create()
            connection = self._connect()
            g.setdefault("notes_connection", connection)
        return connection

    def close(self, exc: BaseException | None = None) -> None:
        """Close this request's connection, if it opened one (a ``teardown_appcontext``)."""
        connection = g.pop("notes_connection", None)
        if connection is not None:
            connection.close()

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """Run the block as one write transaction, taking the write lock at once.

        What the block reads is current until it commits: an ``If-Match`` check
        and the change it guards cannot be split by another worker's write.
        An exception rolls everything back.
        """
        connection = self.connection()
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield connection
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")

    def _connect(self) -> sqlite3.Connection:
        # autocommit (isolation_level=None): a statement outside write() is its own transaction
        connection = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        connection.row_factory = sqlite3.Row
        connection.execute("PRAGMA foreign_keys = ON")
        return connection

    def _create(self) -> None:
        if self._created:
            return
        with self._creating:
            if self._created:
                return
            # WAL is kept in the file once set; workers starting together may race to
            # set it, which open_shared_database waits out.
            connection = open_shared_database(self.path)
            try:
                connection.executescript(SCHEMA)
            finally:
                connection.close()
            self._created = True


def database() -> Database:
    """Return the database of the app handling the request."""
    return t.cast(Database, current_app.extensions["notes.database"])


def next_revision(connection: sqlite3.Connection) -> int:
    """Raise the change sequence and return its new value; call it inside :meth:`Database.write`."""
    row = connection.execute("UPDATE revisions SET last = last + 1 RETURNING last").fetchone()
    return t.cast(int, row[0])
