"""The notes database: made on first use in WAL mode, a connection per request, transactions."""

import sqlite3

import pytest

from examples.notes import create_app
from examples.notes.database import database, next_revision
from restkit import current_app


def test_the_database_is_created_on_first_use_in_wal_mode(notes_app, anonymous):
    path = notes_app.config["NOTES_DATABASE"]

    anonymous.sign_up("ann@example.com")

    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        assert connection.execute("SELECT last FROM revisions").fetchone() == (0,)
    assert {"users", "tokens", "notes", "note_tags", "attachments", "revisions"} <= tables


def test_a_database_in_a_missing_folder_is_created(tmp_path):
    path = tmp_path / "var" / "lib" / "notes.sqlite3"
    client = create_app({"NOTES_DATABASE": str(path)}).test_client()

    response = client.post("/v1/accounts", json={"email": "a@example.com", "password": "x" * 8})

    assert response.status_code == 201
    assert path.is_file()


def test_each_request_opens_one_connection_and_closes_it(notes_app, anonymous):
    opened = []

    @notes_app.after_request
    def keep(response):
        opened.append(database().connection())
        assert database().connection() is opened[-1]
        return response

    ann = anonymous.user("ann@example.com")
    opened.clear()
    ann.send("GET", "/v1/notes")
    ann.send("GET", "/v1/notes/feed")

    assert len(opened) == 2
    assert opened[0] is not opened[1]
    for connection in opened:
        with pytest.raises(sqlite3.ProgrammingError, match="closed"):
            connection.execute("SELECT 1")


def test_apps_on_one_database_share_it_as_workers_do(notes_app, ann, tmp_path):
    note = ann.create({"title": "Seen by every worker"}).json
    worker = create_app({"NOTES_DATABASE": notes_app.config["NOTES_DATABASE"]})

    response = worker.test_client().get(
        f"/v1/notes/{note['id']}", headers={"Authorization": f"Bearer {ann.token}"}
    )

    assert response.json == note


def test_a_write_rolls_back_entirely_when_the_block_fails(notes_app, ann):
    ann.create({"title": "First"})

    def failing_write():
        with database().write() as connection:
            next_revision(connection)
            connection.execute("DELETE FROM notes")
            raise RuntimeError("the view failed")

    with notes_app.test_request_context(), pytest.raises(RuntimeError):
        failing_write()

    assert [note["title"] for note in ann.send("GET", "/v1/notes").json] == ["First"]
    with notes_app.test_request_context():
        with database().write() as connection:
            assert next_revision(connection) == 2  # the failed write's revision was not kept
        assert current_app.extensions["notes.database"] is database()


def test_revisions_rise_with_every_change(ann):
    note = ann.create({"title": "One"}).json
    etag = ann.send("GET", f"/v1/notes/{note['id']}").headers["etag"]
    changed = ann.send(
        "PUT", f"/v1/notes/{note['id']}", json_body={"title": "Two"}, headers={"If-Match": etag}
    ).json
    other = ann.create({"title": "Three"}).json

    assert note["revision"] < changed["revision"] < other["revision"]
