"""The notes backend's whole story, told through any transport: the test client or a real server.

``run_story(transport)`` signs up, logs in, writes notes with an idempotency
key and retries, lists them by page and by cursor, searches, reads and writes
them conditionally, attaches an image, syncs after edits and deletes, checks
that another user sees nothing, logs out, and runs into the login rate limit.
"""

from __future__ import annotations

import dataclasses
import io
import json
import struct
import typing as t
import zlib

from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

if t.TYPE_CHECKING:
    from pathlib import Path

    from restkit.testing import TestClient
    from tests.serving.conftest import GunicornServer

PROBLEM = "application/problem+json"
PASSWORD = "correct horse battery"
#: A 1x1 GIF, as image editors write it.
GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


def notes_config(folder: Path) -> dict[str, t.Any]:
    """Return the config of a notes backend keeping its files in *folder*."""
    return {
        "NOTES_DATABASE": str(folder / "notes.sqlite3"),
        "NOTES_ATTACHMENT_FOLDER": str(folder / "attachments"),
    }


def png(width: int = 1, height: int = 1) -> bytes:
    """Return a real PNG image of *width* x *height* red pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@dataclasses.dataclass(frozen=True)
class Reply:
    """What came back: status, headers (names in lower case), body."""

    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> t.Any:
        return json.loads(self.body)

    @property
    def pagination(self) -> dict[str, t.Any]:
        return t.cast(dict[str, t.Any], json.loads(self.headers["x-pagination"]))

    def link(self, relation: str) -> str | None:
        """Return the URL of the ``Link`` header's *relation*, if it has one."""
        for link in filter(None, self.headers.get("link", "").split(", ")):
            target, rel = link.split("; ")
            if rel == f'rel="{relation}"':
                return target.strip("<>")
        return None


Transport = t.Callable[[str, str, dict[str, str], bytes | None], Reply]


def via_test_client(client: TestClient) -> Transport:
    """Return a transport sending requests through *client*."""

    def send(method: str, path: str, headers: dict[str, str], body: bytes | None) -> Reply:
        with client.open(path, method=method, headers=headers, data=body) as response:
            return Reply(
                response.status_code,
                {name.lower(): value for name, value in response.headers.items()},
                response.get_data(),
            )

    return send


def via_server(server: GunicornServer) -> Transport:
    """Return a transport sending requests to a running server, each on a new connection."""

    def send(method: str, path: str, headers: dict[str, str], body: bytes | None) -> Reply:
        reply = server.request(method, path, headers=headers, body=body)
        return Reply(reply.status, reply.headers, reply.body)

    return send


class Notes:
    """A client of the notes API, authenticated with *token* when given."""

    def __init__(self, transport: Transport, token: str | None = None) -> None:
        self.transport = transport
        self.token = token

    def send(
        self,
        method: str,
        path: str,
        *,
        json_body: t.Any = None,
        headers: dict[str, str] | None = None,
        files: dict[str, tuple[bytes, str, str]] | None = None,
    ) -> Reply:
        """Send a request; *files* maps part names to ``(data, filename, content type)``."""
        sent = dict(headers or {})
        if self.token is not None:
            sent.setdefault("Authorization", f"Bearer {self.token}")
        body = None
        if json_body is not None:
            body = json.dumps(json_body).encode()
            sent["Content-Type"] = "application/json"
        elif files is not None:
            parts = {
                name: FileStorage(io.BytesIO(data), filename=filename, content_type=content_type)
                for name, (data, filename, content_type) in files.items()
            }
            boundary, body = encode_multipart(parts)
            sent["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        return self.transport(method, path, sent, body)

    def sign_up(self, email: str, password: str = PASSWORD) -> Reply:
        return self.send("POST", "/v1/accounts", json_body={"email": email, "password": password})

    def log_in(self, email: str, password: str = PASSWORD) -> Reply:
        return self.send("POST", "/v1/tokens", json_body={"email": email, "password": password})

    def user(self, email: str) -> Notes:
        """Sign *email* up, log in, and return a client authenticated as that user."""
        assert self.sign_up(email).status == 201
        login = self.log_in(email)
        assert login.status == 201, login.body
        return Notes(self.transport, login.json["token"])

    def create(self, note: dict[str, t.Any], key: str | None = None) -> Reply:
        headers = {"Idempotency-Key": f'"{key}"'} if key else {}
        return self.send("POST", "/v1/notes", json_body=note, headers=headers)

    def follow(self, url: str | None) -> list[Reply]:
        """Return every page from *url* on, following the ``Link: rel="next"`` headers."""
        pages = []
        while url:
            page = self.send("GET", url)
            assert page.status == 200, page.body
            pages.append(page)
            url = page.link("next")
        return pages

    def sync(self, cursor: str | None, page_size: int = 100) -> tuple[list[dict[str, t.Any]], str]:
        """Return every change since *cursor*, following ``has_more``, and the cursor to keep."""
        changes: list[dict[str, t.Any]] = []
        while True:
            query = f"?page_size={page_size}" + (f"&cursor={cursor}" if cursor else "")
            page = self.send("GET", f"/v1/sync{query}")
            assert page.status == 200, page.body
            changes.extend(page.json["items"])
            cursor = page.json["pagination"]["next_cursor"]
            if not page.json["pagination"]["has_more"]:
                return changes, t.cast(str, cursor)


def titles(reply: Reply) -> list[str]:
    return [note["title"] for note in reply.json]


def run_story(transport: Transport) -> None:
    """Drive the notes backend through its whole story; fail on the first surprise."""
    anonymous = Notes(transport)

    # Sign up, log in.
    signed_up = anonymous.sign_up("ann@example.com")
    assert signed_up.status == 201
    assert signed_up.json["email"] == "ann@example.com"
    assert "password" not in signed_up.json
    assert anonymous.sign_up("ANN@example.com").status == 409  # emails ignore case
    wrong = anonymous.log_in("ann@example.com", "wrong password")
    assert (wrong.status, wrong.headers["content-type"]) == (401, PROBLEM)
    login = anonymous.log_in("ann@example.com")
    assert login.status == 201
    assert login.json["token_type"] == "Bearer"
    ann = Notes(transport, login.json["token"])
    assert ann.send("GET", "/v1/accounts/me").json["email"] == "ann@example.com"
    assert anonymous.send("GET", "/v1/notes").status == 401

    # Create with an idempotency key, and retry.
    first = ann.create({"title": "Note 1", "tags": ["work"]}, key="note-1")
    retry = ann.create({"title": "Note 1", "tags": ["work"]}, key="note-1")
    assert (first.status, retry.status) == (201, 201)
    assert retry.json == first.json
    assert retry.headers["idempotent-replayed"] == "true"
    assert first.headers["location"] == f"/v1/notes/{first.json['id']}"
    assert ann.create({"title": "Note 1 again"}, key="note-1").status == 422
    for number in range(2, 26):
        tags = ["work"] if number % 2 else ["home"]
        assert ann.create({"title": f"Note {number}", "tags": tags}).status == 201

    # List by page: the last changed first.
    pages = ann.follow("/v1/notes?page_size=10")
    assert [len(page.json) for page in pages] == [10, 10, 5]
    assert pages[0].pagination["total"] == 25
    listed = [title for page in pages for title in titles(page)]
    assert listed == [f"Note {number}" for number in range(25, 0, -1)]

    # Read as a feed by cursor: the oldest first, each once.
    feed = ann.follow("/v1/notes/feed?page_size=7")
    assert [len(page.json) for page in feed] == [7, 7, 7, 4]
    assert [title for page in feed for title in titles(page)] == [
        f"Note {number}" for number in range(1, 26)
    ]
    ids = {note["title"]: note["id"] for page in feed for note in page.json}

    # Search by text and by tag.
    found = ann.send("GET", "/v1/notes?q=note%202&page_size=100")
    assert sorted(titles(found)) == sorted(["Note 2", *(f"Note {n}" for n in range(20, 26))])
    work = ann.send("GET", "/v1/notes?tag=work&page_size=100")
    assert work.pagination["total"] == 13
    both = ann.send("GET", "/v1/notes?tag=home&q=1")
    assert sorted(titles(both)) == ["Note 10", "Note 12", "Note 14", "Note 16", "Note 18"]

    # A sync from scratch: every note, then a cursor to keep.
    changes, cursor = ann.sync(None, page_size=10)
    assert len(changes) == 25
    assert not any(change["deleted"] for change in changes)
    assert ann.sync(cursor) == ([], cursor)

    # Conditional GET and update.
    url = f"/v1/notes/{ids['Note 2']}"
    read = ann.send("GET", url)
    etag = read.headers["etag"]
    assert ann.send("GET", url, headers={"If-None-Match": etag}).status == 304
    edited = {"title": "Note 2, edited", "body": "More", "tags": ["home", "edited"]}
    assert ann.send("PUT", url, json_body=edited).status == 428
    replaced = ann.send("PUT", url, json_body=edited, headers={"If-Match": etag})
    assert replaced.status == 200
    assert replaced.json["revision"] > read.json["revision"]
    stale = ann.send("PUT", url, json_body={"title": "Lost"}, headers={"If-Match": etag})
    assert (stale.status, stale.headers["content-type"]) == (412, PROBLEM)
    assert ann.send("GET", url, headers={"If-None-Match": etag}).status == 200

    # Upload an image; fake images are refused.
    image = png(2, 2)
    attachments = f"/v1/notes/{ids['Note 4']}/attachments"
    uploaded = ann.send("POST", attachments, files={"file": (image, "dot.png", "image/png")})
    assert uploaded.status == 201, uploaded.body
    assert (uploaded.json["content_type"], uploaded.json["size"]) == ("image/png", len(image))
    download = ann.send("GET", f"{attachments}/{uploaded.json['id']}")
    assert (download.status, download.body) == (200, image)
    assert download.headers["content-type"] == "image/png"
    fake = ann.send("POST", attachments, files={"file": (b"<svg/>", "x.png", "image/png")})
    assert fake.status == 422
    assert "file" in fake.json["errors"]["files"]

    # Delete, create, and sync from the kept cursor: only what changed since.
    doomed = f"/v1/notes/{ids['Note 3']}"
    doomed_etag = ann.send("GET", doomed).headers["etag"]
    assert ann.send("DELETE", doomed, headers={"If-Match": doomed_etag}).status == 204
    assert ann.send("GET", doomed).status == 404
    new = ann.create({"title": "Note 26"}).json
    changes, later = ann.sync(cursor, page_size=2)
    assert [(change["id"], change["deleted"]) for change in changes] == [
        (ids["Note 2"], False),
        (ids["Note 4"], False),
        (ids["Note 3"], True),
        (new["id"], False),
    ]
    assert changes[0]["note"]["title"] == "Note 2, edited"
    assert changes[1]["note"]["attachments"] == [uploaded.json]
    assert changes[2]["note"] is None
    assert [change["revision"] for change in changes] == sorted(
        change["revision"] for change in changes
    )
    assert ann.sync(later) == ([], later)

    # Another user sees none of it.
    bob = anonymous.user("bob@example.com")
    assert bob.send("GET", "/v1/notes").json == []
    assert bob.send("GET", url).status == 404
    assert bob.send("GET", f"{attachments}/{uploaded.json['id']}").status == 404
    assert bob.sync(None)[0] == []

    # Log out: the token stops working.
    assert ann.send("DELETE", "/v1/tokens/current").status == 204
    assert ann.send("GET", "/v1/notes").status == 401

    # Logging in is limited per client address: five tries a minute, three spent above.
    statuses = [anonymous.log_in("ann@example.com", "guess").status for _ in range(3)]
    assert statuses[:2] == [401, 401]
    assert 429 in statuses
    refused = anonymous.log_in("ann@example.com")
    assert refused.status == 429
    assert refused.headers["content-type"] == PROBLEM
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    assert refused.headers["ratelimit-policy"] == '"login";q=5;w=60'
