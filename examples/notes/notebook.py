"""Notes in the database: each user's own, with tags, attachments, and a revision per change.

Every function takes the connection to use, so a view can run several in one
write transaction (:meth:`~.database.Database.write`). Notes of other users,
and deleted notes, are not found: a 404, whoever asks.
"""

from __future__ import annotations

import sqlite3
import typing as t

from restkit import abort

from .database import moment, next_revision, now, timestamp

NOTE_COLUMNS = "id, title, body, created_at, updated_at, revision, deleted"
ATTACHMENT_FIELDS = ("id", "note_id", "file_name", "filename", "content_type", "size", "created_at")
ATTACHMENT_COLUMNS = ", ".join(ATTACHMENT_FIELDS)
#: The same columns, named with their table, for a join.
QUALIFIED_ATTACHMENT_COLUMNS = ", ".join(f"attachments.{name}" for name in ATTACHMENT_FIELDS)


def escape_like(text: str) -> str:
    """Return a ``LIKE`` pattern matching *text* anywhere, its ``%`` and ``_`` taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def attachment_of(row: sqlite3.Row) -> dict[str, t.Any]:
    """Return the attachment a row holds."""
    return {**dict(row), "created_at": moment(row["created_at"])}


def notes_of(connection: sqlite3.Connection, rows: list[sqlite3.Row]) -> list[dict[str, t.Any]]:
    """Return the notes *rows* hold, with their tags and attachments (two queries in all)."""
    notes = {
        row["id"]: {
            **dict(row),
            "deleted": bool(row["deleted"]),
            "created_at": moment(row["created_at"]),
            "updated_at": moment(row["updated_at"]),
            "tags": [],
            "attachments": [],
        }
        for row in rows
    }
    if notes:
        ids = ",".join(str(note_id) for note_id in notes)  # integers from the database
        for tag in connection.execute(
            f"SELECT note_id, tag FROM note_tags WHERE note_id IN ({ids}) ORDER BY position"
        ):
            notes[tag["note_id"]]["tags"].append(tag["tag"])
        for attachment in connection.execute(
            f"SELECT {ATTACHMENT_COLUMNS} FROM attachments WHERE note_id IN ({ids}) ORDER BY id"
        ):
            notes[attachment["note_id"]]["attachments"].append(attachment_of(attachment))
    return list(notes.values())


def create_note(
    connection: sqlite3.Connection,
    owner_id: int,
    data: dict[str, t.Any],
    request_key: str | None = None,
) -> dict[str, t.Any]:
    """Store a new note of *owner_id* and return it.

    A note written with *request_key* (the request's ``Idempotency-Key``) keeps
    it: written again with the same key, the note it made first is returned, and
    no second one is made. The store's record of the first answer makes that rare
    (see ``docs/idempotency.md``), but a worker killed after the note was committed
    and before the answer was recorded lets the retry run again.
    """
    if request_key is not None:
        written = connection.execute(
            "SELECT id FROM notes WHERE owner_id = ? AND request_key = ?", (owner_id, request_key)
        ).fetchone()
        if written is not None:
            return get_note(connection, owner_id, written["id"])
    created = timestamp(now())
    (note_id,) = connection.execute(
        "INSERT INTO notes (owner_id, title, body, created_at, updated_at, revision, request_key) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
        (
            owner_id,
            data["title"],
            data["body"],
            created,
            created,
            next_revision(connection),
            request_key,
        ),
    ).fetchone()
    set_tags(connection, note_id, data["tags"])
    return get_note(connection, owner_id, note_id)


def get_note(connection: sqlite3.Connection, owner_id: int, note_id: int) -> dict[str, t.Any]:
    """Return the note *note_id* of *owner_id*, or stop with a 404."""
    rows = connection.execute(
        f"SELECT {NOTE_COLUMNS} FROM notes WHERE id = ? AND owner_id = ? AND NOT deleted",
        (note_id, owner_id),
    ).fetchall()
    if not rows:
        abort(404, f"You have no note {note_id}.")
    return notes_of(connection, rows)[0]


def replace_note(
    connection: sqlite3.Connection, owner_id: int, note_id: int, data: dict[str, t.Any]
) -> dict[str, t.Any]:
    """Replace the title, body and tags of a note found with :func:`get_note`; return it."""
    connection.execute(
        "UPDATE notes SET title = ?, body = ?, updated_at = ?, revision = ? WHERE id = ?",
        (data["title"], data["body"], timestamp(now()), next_revision(connection), note_id),
    )
    set_tags(connection, note_id, data["tags"])
    return get_note(connection, owner_id, note_id)


def touch_note(connection: sqlite3.Connection, note_id: int) -> None:
    """Give a note a new revision (its attachments changed), so that sync sends it again."""
    connection.execute(
        "UPDATE notes SET updated_at = ?, revision = ? WHERE id = ?",
        (timestamp(now()), next_revision(connection), note_id),
    )


def delete_note(connection: sqlite3.Connection, note_id: int) -> list[str]:
    """Turn a note found with :func:`get_note` into a tombstone; return its attachments' files.

    The tombstone keeps the note's id and gets a new revision, so sync reports
    the deletion; its content, tags and attachments go.
    """
    files = [
        row["file_name"]
        for row in connection.execute(
            "DELETE FROM attachments WHERE note_id = ? RETURNING file_name", (note_id,)
        )
    ]
    connection.execute("DELETE FROM note_tags WHERE note_id = ?", (note_id,))
    connection.execute(
        "UPDATE notes SET title = '', body = '', deleted = 1, updated_at = ?, revision = ?, "
        "request_key = NULL WHERE id = ?",
        (timestamp(now()), next_revision(connection), note_id),
    )
    return files


def set_tags(connection: sqlite3.Connection, note_id: int, tags: list[str]) -> None:
    """Make *tags* the tags of the note, in this order."""
    connection.execute("DELETE FROM note_tags WHERE note_id = ?", (note_id,))
    connection.executemany(
        "INSERT INTO note_tags (note_id, tag, position) VALUES (?, ?, ?)",
        [(note_id, tag, position) for position, tag in enumerate(tags)],
    )


def search_notes(
    connection: sqlite3.Connection,
    owner_id: int,
    *,
    text: str | None,
    tag: str | None,
    limit: int,
    offset: int,
) -> tuple[int, list[dict[str, t.Any]]]:
    """Return how many notes of *owner_id* match, and those of one page, last changed first.

    :param text: found in the title or the body (case-insensitive for ASCII letters).
    :param tag: a tag the notes have.
    """
    where = (
        "owner_id = :owner AND NOT deleted "
        "AND (:text IS NULL OR title LIKE :text ESCAPE '\\' OR body LIKE :text ESCAPE '\\') "
        "AND (:tag IS NULL OR EXISTS "
        "(SELECT 1 FROM note_tags WHERE note_id = notes.id AND tag = :tag))"
    )
    parameters = {
        "owner": owner_id,
        "text": None if text is None else escape_like(text),
        "tag": tag,
        "limit": limit,
        "offset": offset,
    }
    count_rows = connection.execute(f"SELECT count(*) FROM notes WHERE {where}", parameters)
    (count,) = count_rows.fetchone()
    rows = connection.execute(
        f"SELECT {NOTE_COLUMNS} FROM notes WHERE {where} "
        "ORDER BY revision DESC LIMIT :limit OFFSET :offset",
        parameters,
    ).fetchall()
    return count, notes_of(connection, rows)


def notes_after(
    connection: sqlite3.Connection, owner_id: int, after: int | None, limit: int
) -> list[dict[str, t.Any]]:
    """Return at most *limit* notes of *owner_id* whose id is above *after*, by id."""
    rows = connection.execute(
        f"SELECT {NOTE_COLUMNS} FROM notes WHERE owner_id = ? AND NOT deleted AND id > ? "
        "ORDER BY id LIMIT ?",
        (owner_id, after or 0, limit),
    ).fetchall()
    return notes_of(connection, rows)


def changes_after(
    connection: sqlite3.Connection, owner_id: int, after: int | None, limit: int
) -> list[dict[str, t.Any]]:
    """Return at most *limit* changes of *owner_id*'s notes after revision *after*, in order.

    A change is the note as it is now, or its tombstone: ``{"revision", "id",
    "deleted", "note"}``, ``note`` being ``None`` for a deleted note.
    """
    rows = connection.execute(
        f"SELECT {NOTE_COLUMNS} FROM notes WHERE owner_id = ? AND revision > ? "
        "ORDER BY revision LIMIT ?",
        (owner_id, after or 0, limit),
    ).fetchall()
    return [
        {
            "revision": note["revision"],
            "id": note["id"],
            "deleted": note["deleted"],
            "note": None if note["deleted"] else note,
        }
        for note in notes_of(connection, rows)
    ]


def add_attachment(
    connection: sqlite3.Connection,
    note_id: int,
    *,
    file_name: str,
    filename: str,
    content_type: str,
    size: int,
) -> dict[str, t.Any]:
    """Record an attachment of a note found with :func:`get_note`, stored as *file_name*."""
    row = connection.execute(
        "INSERT INTO attachments (note_id, file_name, filename, content_type, size, created_at) "
        f"VALUES (?, ?, ?, ?, ?, ?) RETURNING {ATTACHMENT_COLUMNS}",
        (note_id, file_name, filename, content_type, size, timestamp(now())),
    ).fetchone()
    touch_note(connection, note_id)
    return attachment_of(row)


def get_attachment(
    connection: sqlite3.Connection, owner_id: int, note_id: int, attachment_id: int
) -> dict[str, t.Any]:
    """Return the attachment *attachment_id* of a note of *owner_id*, or stop with a 404."""
    row = connection.execute(
        f"SELECT {QUALIFIED_ATTACHMENT_COLUMNS} FROM attachments "
        "JOIN notes ON notes.id = attachments.note_id "
        "WHERE attachments.id = ? AND attachments.note_id = ? AND notes.owner_id = ?",
        (attachment_id, note_id, owner_id),
    ).fetchone()
    if row is None:
        abort(404, f"Your note {note_id} has no attachment {attachment_id}.")
    return attachment_of(row)


def delete_attachment(connection: sqlite3.Connection, attachment: dict[str, t.Any]) -> None:
    """Remove an attachment found with :func:`get_attachment` from its note."""
    connection.execute("DELETE FROM attachments WHERE id = ?", (attachment["id"],))
    touch_note(connection, attachment["note_id"])
