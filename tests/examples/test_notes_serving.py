"""The notes backend under a real gunicorn with two workers on 127.0.0.1.

The whole story runs against it twice: with raw HTTP requests, and with a
client generated from ``openapi/notes.json`` by openapi-python-client, made at
test time in a temporary folder (without network, where ``unshare`` allows).
"""

from __future__ import annotations

import concurrent.futures
import importlib
import io
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from notes_story import GIF, Notes, notes_config, png, run_story, via_server

from tests.serving.conftest import gunicorn_server

ROOT = Path(__file__).resolve().parents[2]
DOCUMENT = ROOT / "openapi" / "notes.json"
#: openapi-python-client reads JSON, text and octet-stream bodies; an image is bytes too.
GENERATOR_CONFIG = (
    'post_hooks: []\ncontent_type_overrides:\n  "image/*": application/octet-stream\n'
)
TIMEOUT = 120


@pytest.fixture
def server(tmp_path):
    logs = tmp_path / "logs"
    logs.mkdir()
    # The workers share the database and the store (idempotency keys, rate-limit counts).
    config = {**notes_config(tmp_path), "API_STORE_URL": f"sqlite:///{tmp_path}/store.sqlite3"}
    with gunicorn_server(f"examples.notes:create_app({config!r})", logs, workers=2) as running:
        yield running


def test_the_whole_story_under_gunicorn_with_two_workers(server):
    run_story(via_server(server))


def test_concurrent_writes_on_both_workers_all_reach_sync(server):
    ann = Notes(via_server(server)).user("ann@example.com")
    _, cursor = ann.sync(None)
    seen = []

    def write(writer):
        return [ann.create({"title": f"{writer}-{n}"}).json["id"] for n in range(10)]

    # Four writers keep both sync workers busy while a reader syncs from its cursor.
    with concurrent.futures.ThreadPoolExecutor(max_workers=5) as pool:
        writers = [pool.submit(write, writer) for writer in range(4)]
        while not all(future.done() for future in writers):
            changes, cursor = ann.sync(cursor, page_size=3)
            seen.extend(changes)
        written = {note_id for future in writers for note_id in future.result()}
    changes, cursor = ann.sync(cursor)
    seen.extend(changes)

    assert sorted(change["id"] for change in seen) == sorted(written)
    revisions = [change["revision"] for change in seen]
    assert revisions == sorted(revisions)
    assert len(server.pids_in_access_log()) == 2


# -- a client generated from the document ---------------------------------------------------


def without_network() -> list[str]:
    """Return a command prefix that runs a command with no network, if this machine allows it."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return []
    probe = subprocess.run([unshare, "-n", "true"], capture_output=True, timeout=TIMEOUT)
    return [unshare, "-n"] if probe.returncode == 0 else []


@pytest.fixture(scope="module")
def notes_client(tmp_path_factory):
    """The package openapi-python-client generates from openapi/notes.json, imported."""
    folder = tmp_path_factory.mktemp("generated")
    config = folder / "config.yaml"
    config.write_text(GENERATOR_CONFIG, encoding="utf-8")
    generator = Path(sys.executable).with_name("openapi-python-client")
    command = [str(generator), "generate", "--path", str(DOCUMENT), "--meta", "none"]
    command += ["--output-path", str(folder / "notes_client"), "--config", str(config)]
    result = subprocess.run(
        [*without_network(), *command], capture_output=True, text=True, timeout=TIMEOUT
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Warning" not in result.stdout, result.stdout  # nothing was left out
    sys.path.insert(0, str(folder))
    try:
        yield importlib.import_module("notes_client")
    finally:
        sys.path.remove(str(folder))
        for name in [name for name in sys.modules if name.split(".")[0] == "notes_client"]:
            del sys.modules[name]


def test_the_generated_client_runs_the_story(server, notes_client):
    from notes_client import AuthenticatedClient, Client
    from notes_client.api.v1_accounts import v_1_log_in, v_1_log_out, v_1_sign_up
    from notes_client.api.v1_attachments import v_1_create_attachment, v_1_get_attachment
    from notes_client.api.v1_notes import (
        v_1_create_note,
        v_1_delete_note,
        v_1_get_note,
        v_1_list_notes,
        v_1_note_feed,
        v_1_replace_note,
    )
    from notes_client.api.v1_sync import v_1_sync_changes
    from notes_client.models import (
        Account,
        AttachmentUpload,
        LoginInput,
        Note,
        NoteInput,
        Problem,
        SignUpInput,
        Token,
    )
    from notes_client.types import File

    base_url = f"http://127.0.0.1:{server.port}"
    with Client(base_url=base_url, timeout=10) as anonymous:
        account = v_1_sign_up.sync(
            client=anonymous, body=SignUpInput(email="ann@example.com", password="a long secret")
        )
        token = v_1_log_in.sync(
            client=anonymous, body=LoginInput(email="ann@example.com", password="a long secret")
        )
        wrong = v_1_log_in.sync(
            client=anonymous, body=LoginInput(email="ann@example.com", password="a guess")
        )
    assert isinstance(account, Account)
    assert isinstance(token, Token)
    assert isinstance(wrong, Problem)
    assert wrong.status == 401

    with AuthenticatedClient(base_url=base_url, token=token.token, timeout=10) as client:
        # Create with an idempotency key, and retry.
        key = f'"{uuid.uuid4()}"'
        body = NoteInput(title="Shopping", body="Milk", tags=["home"])
        created = v_1_create_note.sync_detailed(client=client, body=body, idempotency_key=key)
        retried = v_1_create_note.sync_detailed(client=client, body=body, idempotency_key=key)
        assert isinstance(created.parsed, Note)
        assert retried.parsed == created.parsed
        assert retried.headers["Idempotent-Replayed"] == "true"
        for number in range(2, 13):
            v_1_create_note.sync(client=client, body=NoteInput(title=f"Note {number}"))

        # Both paginations, and search.
        second_page = v_1_list_notes.sync_detailed(client=client, page=2, page_size=5)
        assert [note.title for note in second_page.parsed] == [f"Note {n}" for n in range(7, 2, -1)]
        feed = v_1_note_feed.sync_detailed(client=client, page_size=100)
        assert len(feed.parsed) == 12
        found = v_1_list_notes.sync(client=client, q="milk")
        assert [note.title for note in found] == ["Shopping"]
        assert [note.title for note in v_1_list_notes.sync(client=client, tag="home")] == [
            "Shopping"
        ]

        # GET -> modify -> PUT, the way the models invite: the note read, turned into
        # the input model, changed, and sent back with the ETag it was read with.
        note_id = created.parsed.id
        read = v_1_get_note.sync_detailed(note_id, client=client)
        edited = NoteInput.from_dict(read.parsed.to_dict())
        edited.title = "Shopping list"
        edited.tags.append("weekly")
        replaced = v_1_replace_note.sync_detailed(
            note_id, client=client, body=edited, if_match=read.headers["ETag"]
        )
        assert replaced.status_code == 200
        assert (replaced.parsed.title, replaced.parsed.body) == ("Shopping list", "Milk")
        assert replaced.parsed.tags == ["home", "weekly"]
        stale = v_1_replace_note.sync(
            note_id, client=client, body=edited, if_match=read.headers["ETag"]
        )
        assert isinstance(stale, Problem)
        assert stale.status == 412

        # An image attachment, up and down.
        image = png(3, 1)
        upload = AttachmentUpload(
            file=File(payload=io.BytesIO(image), file_name="dot.png", mime_type="image/png")
        )
        attachment = v_1_create_attachment.sync(note_id, client=client, body=upload)
        downloaded = v_1_get_attachment.sync(note_id, attachment.id, client=client)
        assert downloaded.payload.read() == image
        gif = AttachmentUpload(file=File(payload=io.BytesIO(GIF), file_name="x.gif"))
        assert v_1_create_attachment.sync(note_id, client=client, body=gif).content_type == (
            "image/gif"
        )

        # Sync, then a delete, then sync from the kept cursor.
        state, cursor = {}, None
        while True:
            page = v_1_sync_changes.sync(client=client, cursor=cursor, page_size=5)
            state.update({change.id: change.note for change in page.items})
            cursor = page.pagination.next_cursor
            if not page.pagination.has_more:
                break
        assert len(state) == 12
        assert state[note_id].title == "Shopping list"
        etag = v_1_get_note.sync_detailed(note_id, client=client).headers["ETag"]
        deleted = v_1_delete_note.sync_detailed(note_id, client=client, if_match=etag)
        assert deleted.status_code == 204
        page = v_1_sync_changes.sync(client=client, cursor=cursor)
        assert [(change.id, change.deleted, change.note) for change in page.items] == [
            (note_id, True, None)
        ]

        assert v_1_log_out.sync_detailed(client=client).status_code == 204
        assert v_1_get_note.sync(note_id, client=client).status == 401
