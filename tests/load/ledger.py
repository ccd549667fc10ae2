"""The ledger: idempotent creation that stays exactly-once when a worker dies mid-request.

Built from restkit's public API for the load tests. Its entries are written in
SQLite together with the request's ``Idempotency-Key``, under a unique
constraint. The store's claim on the key and the entry are two writes in two
places: a worker killed after the entry was committed but before the store
kept the response frees the key when its lease runs out, and the client's
retry runs the view again. Here that second run finds the entry its key wrote
and answers with it, instead of writing it twice (see ``docs/security.md``).
"""

from __future__ import annotations

import sqlite3
import typing as t

from marshmallow import Schema, fields, validate

from restkit import Api, App, Blueprint, request

SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    request_key TEXT NOT NULL UNIQUE
)
"""


class EntrySchema(Schema):
    id = fields.Int(dump_only=True)
    name = fields.Str(required=True, validate=validate.Length(min=1, max=100))


def create_app(config: dict[str, t.Any]) -> App:
    """Build the ledger; ``LEDGER_DATABASE`` names its SQLite file."""
    app = App("ledger")
    app.config.update(API_TITLE="Ledger", API_VERSION="1.0.0")
    app.config.update(config)
    database = app.config["LEDGER_DATABASE"]
    with sqlite3.connect(database) as connection:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute(SCHEMA)
    connection.close()
    blp = Blueprint("ledger", __name__)

    @blp.route("/entries", methods=["POST"])
    @blp.idempotent(required=True)
    @blp.arguments(EntrySchema)
    @blp.response(201, EntrySchema)
    def create_entry(entry: dict[str, str]) -> dict[str, t.Any]:
        """Write an entry once per Idempotency-Key"""
        key = request.headers["Idempotency-Key"]
        with sqlite3.connect(database, timeout=30) as connection:
            connection.execute(
                "INSERT INTO entries (name, request_key) VALUES (?, ?) "
                "ON CONFLICT (request_key) DO NOTHING",
                (entry["name"], key),
            )
            row = connection.execute(
                "SELECT id, name FROM entries WHERE request_key = ?", (key,)
            ).fetchone()
        connection.close()
        return {"id": row[0], "name": row[1]}

    Api(app).register_blueprint(blp)
    return app
