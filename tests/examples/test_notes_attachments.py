"""Image attachments: types told by their bytes, size limits, files under the instance folder."""

import io
import os

import pytest
from notes_story import GIF, PROBLEM, Notes, notes_config, png, via_test_client
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from examples.notes import create_app

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + b"\x00" * 100
WEBP = b"RIFF\x70\x00\x00\x00WEBPVP8 " + b"\x00" * 100


@pytest.fixture
def note(ann):
    return ann.create({"title": "With pictures"}).json


def upload(client, note_id, data, filename="image", content_type="application/octet-stream"):
    return client.send(
        "POST",
        f"/v1/notes/{note_id}/attachments",
        files={"file": (data, filename, content_type)},
    )


def stored_files(app):
    folder = app.config["NOTES_ATTACHMENT_FOLDER"]
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


@pytest.mark.parametrize(
    ("data", "declared", "media_type"),
    [
        pytest.param(png(), "image/png", "image/png", id="png"),
        pytest.param(GIF, "image/gif", "image/gif", id="gif"),
        pytest.param(JPEG, "image/jpeg", "image/jpeg", id="jpeg"),
        pytest.param(WEBP, "image/webp", "image/webp", id="webp"),
        pytest.param(png(), "application/octet-stream", "image/png", id="undeclared"),
    ],
)
def test_an_image_is_attached_with_the_type_its_bytes_have(ann, note, data, declared, media_type):
    response = upload(ann, note["id"], data, "photo", declared)

    assert response.status == 201, response.body
    assert response.json["content_type"] == media_type
    assert response.json["size"] == len(data)
    download = ann.send("GET", f"/v1/notes/{note['id']}/attachments/{response.json['id']}")
    assert (download.status, download.body) == (200, data)
    assert download.headers["content-type"] == media_type


@pytest.mark.parametrize(
    ("data", "declared", "message"),
    [
        pytest.param(
            b"<svg onload='alert(1)'/>",
            "image/png",
            "Not a PNG, JPEG, GIF or WebP image: its first bytes say otherwise.",
            id="svg-as-png",
        ),
        pytest.param(
            b"%PDF-1.7",
            "application/octet-stream",
            "Not a PNG, JPEG, GIF or WebP image: its first bytes say otherwise.",
            id="pdf",
        ),
        pytest.param(
            b"",
            "image/png",
            "Not a PNG, JPEG, GIF or WebP image: its first bytes say otherwise.",
            id="empty",
        ),
        pytest.param(
            GIF, "image/png", "Sent as image/png, but the bytes are of image/gif.", id="mismatch"
        ),
    ],
)
def test_a_file_that_is_not_the_image_it_says_is_a_422(
    notes_app, ann, note, data, declared, message
):
    response = upload(ann, note["id"], data, "x.png", declared)

    assert (response.status, response.headers["content-type"]) == (422, PROBLEM)
    assert response.json["errors"] == {"files": {"file": [message]}}
    assert stored_files(notes_app) == []


def test_an_upload_without_its_file_part_is_a_422(ann, note):
    response = ann.send(
        "POST", f"/v1/notes/{note['id']}/attachments", files={"photo": (GIF, "a", "")}
    )

    assert response.status == 422
    assert response.json["errors"] == {
        "files": {"file": ["Missing data for required field."], "photo": ["Unknown field."]}
    }


def test_an_image_over_the_limit_is_a_413(tmp_path):
    app = create_app({**notes_config(tmp_path), "NOTES_MAX_ATTACHMENT_SIZE": 100})
    ann = Notes(via_test_client(app.test_client())).user("ann@example.com")
    note_id = ann.create({"title": "Big"}).json["id"]

    fits = upload(ann, note_id, GIF.ljust(100, b"\x00"))
    too_big = upload(ann, note_id, GIF.ljust(101, b"\x00"))

    assert fits.status == 201
    assert (too_big.status, too_big.headers["content-type"]) == (413, PROBLEM)
    assert too_big.json["detail"] == "An attachment may hold at most 100 bytes."
    assert len(stored_files(app)) == 1


def test_a_body_over_the_request_limit_is_a_413_before_it_is_read(notes_app, ann, note):
    response = upload(ann, note["id"], png() + b"\x00" * notes_app.config["MAX_CONTENT_LENGTH"])

    assert (response.status, response.headers["content-type"]) == (413, PROBLEM)
    assert stored_files(notes_app) == []


def test_files_get_names_of_the_servers_choosing(notes_app, ann, note):
    response = upload(ann, note["id"], GIF, "../../../etc/passwd.gif", "image/gif")

    assert response.json["filename"] == "etc_passwd.gif"
    [name] = stored_files(notes_app)
    assert len(name) == 32
    assert int(name, 16) >= 0  # hexadecimal: random, never the client's name
    with open(os.path.join(notes_app.config["NOTES_ATTACHMENT_FOLDER"], name), "rb") as file:
        assert file.read() == GIF


def test_the_attachment_folder_defaults_to_the_instance_folder():
    app = create_app("development")

    assert app.config["NOTES_ATTACHMENT_FOLDER"] == os.path.join(app.instance_path, "attachments")


def test_an_attachment_is_kept_privately_by_the_owners_device(ann, note):
    attachment = upload(ann, note["id"], GIF).json

    download = ann.send("GET", f"/v1/notes/{note['id']}/attachments/{attachment['id']}")

    assert set(download.headers["cache-control"].split(", ")) == {
        "private",
        "max-age=31536000",
        "immutable",
    }
    assert download.headers["x-content-type-options"] == "nosniff"
    assert download.headers["content-disposition"] == "inline; filename=image"


def test_attaching_changes_the_note_and_its_etag(ann, note):
    url = f"/v1/notes/{note['id']}"
    etag = ann.send("GET", url).headers["etag"]

    attachment = upload(ann, note["id"], GIF).json
    after = ann.send("GET", url)

    assert after.json["attachments"] == [attachment]
    assert after.json["revision"] > note["revision"]
    assert ann.send("PUT", url, json_body={"title": "x"}, headers={"If-Match": etag}).status == 412


def test_removing_an_attachment_removes_its_file(notes_app, ann, note):
    attachment = upload(ann, note["id"], GIF).json
    url = f"/v1/notes/{note['id']}/attachments/{attachment['id']}"

    assert ann.send("DELETE", url).status == 204

    assert ann.send("GET", url).status == 404
    assert ann.send("GET", f"/v1/notes/{note['id']}").json["attachments"] == []
    assert stored_files(notes_app) == []


def test_deleting_a_note_removes_its_files(notes_app, ann, note):
    upload(ann, note["id"], GIF)
    upload(ann, note["id"], png())
    url = f"/v1/notes/{note['id']}"
    etag = ann.send("GET", url).headers["etag"]

    assert ann.send("DELETE", url, headers={"If-Match": etag}).status == 204

    assert stored_files(notes_app) == []


def test_an_upload_to_a_missing_note_stores_nothing(notes_app, ann):
    response = upload(ann, 999, GIF)

    assert (response.status, response.headers["content-type"]) == (404, PROBLEM)
    assert stored_files(notes_app) == []


def test_a_retried_upload_attaches_once(ann, note):
    part = FileStorage(io.BytesIO(GIF), filename="a.gif", content_type="image/gif")
    boundary, body = encode_multipart({"file": part})  # a retry sends the very same bytes
    headers = {
        "Authorization": f"Bearer {ann.token}",
        "Content-Type": f"multipart/form-data; boundary={boundary}",
        "Idempotency-Key": '"upload-1"',
    }
    url = f"/v1/notes/{note['id']}/attachments"

    first = ann.transport("POST", url, headers, body)
    retry = ann.transport("POST", url, headers, body)

    assert (first.status, retry.status) == (201, 201)
    assert (retry.json, retry.headers["idempotent-replayed"]) == (first.json, "true")
    assert len(ann.send("GET", f"/v1/notes/{note['id']}").json["attachments"]) == 1
