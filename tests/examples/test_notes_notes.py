"""The notes resources: writing, listing by page and by cursor, ETags, idempotency, ownership."""

import json

import pytest
from notes_story import PROBLEM, Notes, notes_config, via_test_client

from examples.notes import create_app


def test_a_new_note_has_its_defaults_and_a_location(ann):
    response = ann.create({"title": "Hello"})

    assert response.status == 201
    note = response.json
    assert {key: note[key] for key in ("title", "body", "tags", "attachments")} == {
        "title": "Hello",
        "body": "",
        "tags": [],
        "attachments": [],
    }
    assert note["created_at"] == note["updated_at"]
    assert response.headers["location"] == f"/v1/notes/{note['id']}"
    assert ann.send("GET", response.headers["location"]).json == note


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        pytest.param({}, {"title": ["Missing data for required field."]}, id="no-title"),
        pytest.param(
            {"title": ""}, {"title": ["Length must be between 1 and 200."]}, id="empty-title"
        ),
        pytest.param({"title": "x", "id": 7}, {"id": ["Unknown field."]}, id="read-only-id"),
        pytest.param(
            {"title": "x", "revision": 1}, {"revision": ["Unknown field."]}, id="read-only-rev"
        ),
        pytest.param(
            {"title": "x", "tags": ["a", "a"]}, {"tags": ["Each item may appear once."]}, id="twice"
        ),
        pytest.param(
            {"title": "x", "tags": [str(n) for n in range(21)]},
            {"tags": ["Longer than maximum length 20."]},
            id="too-many-tags",
        ),
        pytest.param(
            {"title": "x", "tags": [""]},
            {"tags": {"0": ["Length must be between 1 and 40."]}},
            id="empty-tag",
        ),
    ],
)
def test_a_note_the_schema_refuses_is_a_422(ann, body, errors):
    response = ann.create(body)

    assert (response.status, response.headers["content-type"]) == (422, PROBLEM)
    assert response.json["errors"] == {"json": errors}


def test_the_list_is_paged_last_changed_first(ann):
    ids = [ann.create({"title": f"Note {n}"}).json["id"] for n in range(1, 8)]

    first = ann.send("GET", "/v1/notes?page_size=3")
    third = ann.send("GET", "/v1/notes?page=3&page_size=3")

    assert [note["id"] for note in first.json] == ids[::-1][:3]
    assert [note["id"] for note in third.json] == [ids[0]]
    assert first.pagination == {
        "total": 7,
        "total_pages": 3,
        "page": 1,
        "page_size": 3,
        "first_page": 1,
        "last_page": 3,
        "next_page": 2,
    }
    assert first.link("next") == "/v1/notes?page=2&page_size=3"
    assert ann.send("GET", "/v1/notes?page=9&page_size=3").json == []


def test_search_keeps_its_filters_in_the_page_links(ann):
    for n in range(5):
        ann.create({"title": f"Work {n}", "tags": ["work"]})
        ann.create({"title": f"Home {n}", "tags": ["home"]})

    response = ann.send("GET", "/v1/notes?tag=work&q=Work&page_size=2")

    assert response.pagination["total"] == 5
    assert response.link("next") == "/v1/notes?tag=work&q=Work&page=2&page_size=2"


@pytest.mark.parametrize(
    "query", ["page=0", "page_size=101", "q=", "tag=" + "x" * 41, "q=a&q=b"], ids=str
)
def test_list_parameters_outside_their_bounds_are_a_422(ann, query):
    response = ann.send("GET", f"/v1/notes?{query}")

    assert (response.status, response.headers["content-type"]) == (422, PROBLEM)
    assert "query" in response.json["errors"]


def test_the_feed_sends_each_note_once_even_as_notes_are_written(ann):
    ids = [ann.create({"title": f"Note {n}"}).json["id"] for n in range(5)]

    first = ann.send("GET", "/v1/notes/feed?page_size=3")
    ids.append(ann.create({"title": "Written meanwhile"}).json["id"])
    rest = ann.follow(first.link("next"))

    assert [note["id"] for page in [first, *rest] for note in page.json] == ids
    assert set(first.pagination) == {"page_size", "next_cursor"}
    assert rest[-1].pagination == {"page_size": 3}


def test_a_tampered_feed_cursor_is_a_400(ann):
    for n in range(3):
        ann.create({"title": f"Note {n}"})
    cursor = ann.send("GET", "/v1/notes/feed?page_size=1").pagination["next_cursor"]

    response = ann.send("GET", f"/v1/notes/feed?cursor={cursor[:-2]}xx")

    assert (response.status, response.headers["content-type"]) == (400, PROBLEM)


def test_a_note_is_revalidated_with_its_etag(ann):
    url = ann.create({"title": "Cached"}).headers["location"]
    etag = ann.send("GET", url).headers["etag"]

    unchanged = ann.send("GET", url, headers={"If-None-Match": etag})

    assert (unchanged.status, unchanged.body, unchanged.headers["etag"]) == (304, b"", etag)


@pytest.mark.parametrize("method", ["PUT", "DELETE"])
def test_a_change_needs_the_etag_the_note_was_read_with(ann, method):
    url = ann.create({"title": "Shared"}).headers["location"]
    stale = ann.send("GET", url).headers["etag"]
    etag = ann.send("PUT", url, json_body={"title": "Changed"}, headers={"If-Match": stale})
    body = {"title": "Mine"} if method == "PUT" else None

    missing = ann.send(method, url, json_body=body)
    refused = ann.send(method, url, json_body=body, headers={"If-Match": stale})
    accepted = ann.send(method, url, json_body=body, headers={"If-Match": etag.headers["etag"]})

    assert (missing.status, refused.status) == (428, 412)
    assert accepted.status == (200 if method == "PUT" else 204)


def test_a_replaced_note_keeps_its_id_and_creation_time(ann):
    note = ann.create({"title": "Old", "body": "text", "tags": ["a"]}).json
    url = f"/v1/notes/{note['id']}"
    etag = ann.send("GET", url).headers["etag"]

    replaced = ann.send("PUT", url, json_body={"title": "New"}, headers={"If-Match": etag}).json

    assert (replaced["id"], replaced["created_at"]) == (note["id"], note["created_at"])
    assert (replaced["title"], replaced["body"], replaced["tags"]) == ("New", "", [])
    assert replaced["updated_at"] > note["updated_at"]


def test_a_retried_creation_makes_one_note(ann):
    key = {"Idempotency-Key": '"2c4e8d12-6a9b-4f0e-8a41-9b1c7d3e5f60"'}
    first = ann.send("POST", "/v1/notes", json_body={"title": "Once"}, headers=key)
    retry = ann.send("POST", "/v1/notes", json_body={"title": "Once"}, headers=key)
    other_body = ann.send("POST", "/v1/notes", json_body={"title": "Twice"}, headers=key)

    assert (first.status, retry.status, other_body.status) == (201, 201, 422)
    assert retry.json == first.json
    assert retry.headers["idempotent-replayed"] == "true"
    assert ann.send("GET", "/v1/notes").pagination["total"] == 1


def test_a_retry_the_store_forgot_finds_the_note_its_key_wrote(ann, tmp_path):
    # A worker killed after the note was committed, before its answer was kept: the
    # retry reaches a worker whose store holds nothing of the key.
    forgetful = create_app(notes_config(tmp_path))
    again = Notes(via_test_client(forgetful.test_client()), ann.token)

    first = ann.create({"title": "Once"}, key="lost-answer")
    retry = again.create({"title": "Once"}, key="lost-answer")
    other_key = again.create({"title": "Once"}, key="another-key")

    assert (first.status, retry.status, other_key.status) == (201, 201, 201)
    assert "idempotent-replayed" not in retry.headers
    assert retry.json == first.json
    assert other_key.json["id"] != first.json["id"]
    assert ann.send("GET", "/v1/notes").pagination["total"] == 2


def test_a_deleted_note_frees_its_key(ann, tmp_path):
    note = ann.create({"title": "Gone"}, key="reused").json
    url = f"/v1/notes/{note['id']}"
    etag = ann.send("GET", url).headers["etag"]
    assert ann.send("DELETE", url, headers={"If-Match": etag}).status == 204
    forgetful = Notes(via_test_client(create_app(notes_config(tmp_path)).test_client()), ann.token)

    written = forgetful.create({"title": "Gone"}, key="reused")

    assert written.status == 201
    assert written.json["id"] != note["id"]


def test_idempotency_keys_are_each_users_own(ann, bob):
    key = {"Idempotency-Key": '"same-key"'}

    mine = ann.send("POST", "/v1/notes", json_body={"title": "Same"}, headers=key).json
    theirs = bob.send("POST", "/v1/notes", json_body={"title": "Same"}, headers=key)

    assert theirs.status == 201
    assert "idempotent-replayed" not in theirs.headers
    assert theirs.json["id"] != mine["id"]


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/v1/notes/{id}", None),
        ("PUT", "/v1/notes/{id}", {"title": "Hijacked"}),
        ("DELETE", "/v1/notes/{id}", None),
        ("GET", "/v1/notes/{id}/attachments/1", None),
        ("DELETE", "/v1/notes/{id}/attachments/1", None),
    ],
)
def test_another_users_note_does_not_exist_for_them(ann, bob, method, path, body):
    note = ann.create({"title": "Ann's"}).json
    etag = ann.send("GET", f"/v1/notes/{note['id']}").headers["etag"]

    response = bob.send(
        method, path.format(id=note["id"]), json_body=body, headers={"If-Match": etag}
    )

    assert (response.status, response.headers["content-type"]) == (404, PROBLEM)
    assert ann.send("GET", f"/v1/notes/{note['id']}").json == note


def test_lists_feeds_and_searches_hold_only_the_users_notes(ann, bob):
    ann.create({"title": "Ann's", "tags": ["shared-tag"]})
    bob.create({"title": "Bob's", "tags": ["shared-tag"]})

    for url in ("/v1/notes", "/v1/notes/feed", "/v1/notes?tag=shared-tag", "/v1/notes?q=s"):
        assert [note["title"] for note in bob.send("GET", url).json] == ["Bob's"], url


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/v1/notes"),
        ("POST", "/v1/notes"),
        ("GET", "/v1/notes/feed"),
        ("GET", "/v1/notes/1"),
        ("PUT", "/v1/notes/1"),
        ("DELETE", "/v1/notes/1"),
        ("POST", "/v1/notes/1/attachments"),
        ("GET", "/v1/notes/1/attachments/1"),
        ("GET", "/v1/sync"),
        ("GET", "/v1/accounts/me"),
        ("DELETE", "/v1/tokens/current"),
    ],
)
def test_everything_but_signing_up_and_in_needs_a_token(anonymous, method, path):
    response = anonymous.send(method, path)

    assert (response.status, response.headers["content-type"]) == (401, PROBLEM)
    assert response.headers["www-authenticate"] == 'Bearer realm="Authentication Required"'


def test_the_web_client_s_origin_may_call_the_api(anonymous, ann):
    origin = {"Origin": "https://notes.example.com"}
    preflight = anonymous.send(
        "OPTIONS",
        "/v1/notes",
        headers={
            **origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Authorization, Content-Type, Idempotency-Key",
        },
    )
    listed = ann.send("GET", "/v1/notes", headers=origin)
    elsewhere = ann.send("GET", "/v1/notes", headers={"Origin": "https://evil.example"})

    assert preflight.status == 200
    assert preflight.headers["access-control-allow-origin"] == "https://notes.example.com"
    assert "Idempotency-Key" in preflight.headers["access-control-allow-headers"]
    assert listed.headers["access-control-allow-origin"] == "https://notes.example.com"
    assert "X-Pagination" in listed.headers["access-control-expose-headers"]
    assert "access-control-allow-origin" not in elsewhere.headers
    assert json.loads(listed.headers["x-pagination"])["total"] == 0
