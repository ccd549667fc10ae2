"""An app for the gunicorn tests of idempotency keys: orders written to a SQLite table.

The view can be held at a gate (a folder): it marks that it started, then
waits until the file ``open`` exists there, so a test knows a first request is
running while it sends a second.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

from marshmallow import Schema, fields

from restkit import Api, App, Blueprint

GATE_WAIT = 20.0


class Order(Schema):
    id = fields.Int(dump_only=True)
    item = fields.Str(required=True)
    pid = fields.Int(dump_only=True)


def create_app(store_url: str, database: str, gate: str) -> App:
    """Return the app, its idempotency keys in *store_url*, its orders in *database*."""
    app = App(__name__, instance_path=str(Path(database).parent / "instance"))
    app.config.update(API_TITLE="Orders", API_VERSION="1.0.0", API_STORE_URL=store_url)
    api = Api(app)
    blp = Blueprint("orders", __name__)
    gate_folder = Path(gate)
    with sqlite3.connect(database) as connection:
        connection.execute("CREATE TABLE IF NOT EXISTS orders (id INTEGER PRIMARY KEY, item TEXT)")
    connection.close()

    @blp.route("/orders", methods=["POST"])
    @blp.idempotent
    @blp.arguments(Order)
    @blp.response(201, Order)
    def create_order(order: dict[str, str]) -> dict[str, object]:
        (gate_folder / f"started-{os.getpid()}").touch()
        deadline = time.monotonic() + GATE_WAIT
        while not (gate_folder / "open").exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        with sqlite3.connect(database, timeout=GATE_WAIT) as connection:
            cursor = connection.execute("INSERT INTO orders (item) VALUES (?)", (order["item"],))
        connection.close()
        return {"id": cursor.lastrowid, "item": order["item"], "pid": os.getpid()}

    api.register_blueprint(blp)
    return app
