"""The petstore's pets in SQLite, so that every worker serving the app sees the same pets."""

from __future__ import annotations

import sqlite3
import threading
import typing as t

from restkit import abort, g
from restkit.core import open_shared_database

SCHEMA = """
CREATE TABLE IF NOT EXISTS pets (
    id INTEGER PRIMARY KEY AUTOINCREMENT,  -- AUTOINCREMENT: a deleted pet's id is never reused
    name TEXT NOT NULL,
    tag TEXT
)
"""
COLUMNS = "id, name, tag"


def pet_of(row: sqlite3.Row) -> dict[str, t.Any]:
    """Return the pet stored in *row*, without the tag it does not have."""
    return {key: value for key, value in dict(row).items() if value is not None}


class PetStore:
    """Pets in the SQLite database at *path*: one connection per request, closed at teardown.

    The file and its table are created on first use, in WAL mode, so that
    readers in one worker do not wait for a writer in another.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self._created = False
        self._creating = threading.Lock()

    def connection(self) -> sqlite3.Connection:
        """Return this request's connection, opening it on first use."""
        connection: sqlite3.Connection | None = g.get("petstore_connection")
        if connection is None:
            self._create()
            connection = self._connect()
            g.petstore_connection = connection
        return connection

    def close(self, exc: BaseException | None = None) -> None:
        """Close this request's connection, if it opened one (a ``teardown_appcontext``)."""
        connection = g.pop("petstore_connection", None)
        if connection is not None:
            connection.close()

    def _connect(self) -> sqlite3.Connection:
        # autocommit (isolation_level=None): every statement below is a transaction of its own
        connection = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        connection.row_factory = sqlite3.Row
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
                connection.execute(SCHEMA)
            finally:
                connection.close()
            self._created = True

    def list(self, tag: str | None, limit: int) -> list[dict[str, t.Any]]:
        """Return at most *limit* pets, with the tag *tag* if it is not ``None``, by id."""
        rows = self.connection().execute(
            f"SELECT {COLUMNS} FROM pets WHERE ?1 IS NULL OR tag = ?1 ORDER BY id LIMIT ?2",
            (tag, limit),
        )
        return [pet_of(row) for row in rows]

    def add(self, data: dict[str, t.Any]) -> dict[str, t.Any]:
        """Store a new pet and return it with its id."""
        row = self.connection().execute(
            f"INSERT INTO pets (name, tag) VALUES (?, ?) RETURNING {COLUMNS}",
            (data["name"], data.get("tag")),
        )
        return pet_of(row.fetchone())

    def get(self, pet_id: int) -> dict[str, t.Any]:
        """Return the pet *pet_id*, or stop with a 404."""
        rows = self.connection().execute(f"SELECT {COLUMNS} FROM pets WHERE id = ?", (pet_id,))
        return self._found(rows.fetchone(), pet_id)

    def replace(self, pet_id: int, data: dict[str, t.Any]) -> dict[str, t.Any]:
        """Replace the pet *pet_id* by *data* and return it, or stop with a 404."""
        rows = self.connection().execute(
            f"UPDATE pets SET name = ?, tag = ? WHERE id = ? RETURNING {COLUMNS}",
            (data["name"], data.get("tag"), pet_id),
        )
        return self._found(rows.fetchone(), pet_id)

    def delete(self, pet_id: int) -> None:
        """Delete the pet *pet_id*, or stop with a 404."""
        deleted = self.connection().execute("DELETE FROM pets WHERE id = ?", (pet_id,))
        if deleted.rowcount == 0:
            self._missing(pet_id)

    def _found(self, row: sqlite3.Row | None, pet_id: int) -> dict[str, t.Any]:
        if row is None:
            self._missing(pet_id)
        return pet_of(row)

    def _missing(self, pet_id: int) -> t.NoReturn:
        abort(404, f"There is no pet with id {pet_id}.")
