"""The sync feed: every change since a cursor, deletions as tombstones, a cursor to resume from."""

import pytest
from notes_story import PROBLEM


def edit(client, note_id, **fields):
    url = f"/v1/notes/{note_id}"
    etag = client.send("GET", url).headers["etag"]
    return client.send(
        "PUT", url, json_body={"title": "Edited", **fields}, headers={"If-Match": etag}
    )


def delete(client, note_id):
    url = f"/v1/notes/{note_id}"
    etag = client.send("GET", url).headers["etag"]
    return client.send("DELETE", url, headers={"If-Match": etag})


def test_an_empty_account_syncs_to_a_cursor_that_later_gives_what_came_since(ann):
    first = ann.send("GET", "/v1/sync")
    note = ann.create({"title": "After"}).json
    later = ann.send("GET", f"/v1/sync?cursor={first.json['pagination']['next_cursor']}")

    assert first.json["items"] == []
    assert first.json["pagination"]["has_more"] is False
    assert later.json["items"] == [
        {"revision": note["revision"], "id": note["id"], "deleted": False, "note": note}
    ]


def test_sync_pages_by_revision_and_says_when_more_follow(ann):
    ids = [ann.create({"title": f"Note {n}"}).json["id"] for n in range(5)]

    first = ann.send("GET", "/v1/sync?page_size=2")
    pages = [first]
    while pages[-1].json["pagination"]["has_more"]:
        cursor = pages[-1].json["pagination"]["next_cursor"]
        pages.append(ann.send("GET", f"/v1/sync?page_size=2&cursor={cursor}"))

    assert [[item["id"] for item in page.json["items"]] for page in pages] == [
        ids[:2],
        ids[2:4],
        ids[4:],
    ]
    # The metadata is in the body, with the items: no X-Pagination, no Link.
    assert "x-pagination" not in first.headers
    assert "link" not in first.headers


def test_a_note_changed_twice_comes_once_as_it_is_now(ann):
    cursor = ann.send("GET", "/v1/sync").json["pagination"]["next_cursor"]
    note = ann.create({"title": "Draft"}).json
    edit(ann, note["id"], body="first")
    final = edit(ann, note["id"], body="second").json

    items = ann.send("GET", f"/v1/sync?cursor={cursor}").json["items"]

    assert items == [
        {"revision": final["revision"], "id": note["id"], "deleted": False, "note": final}
    ]


def test_a_deleted_note_comes_as_its_id(ann):
    kept = ann.create({"title": "Kept"}).json
    gone = ann.create({"title": "Gone"}).json
    cursor = ann.send("GET", "/v1/sync").json["pagination"]["next_cursor"]

    assert delete(ann, gone["id"]).status == 204
    items = ann.send("GET", f"/v1/sync?cursor={cursor}").json["items"]

    assert [(item["id"], item["deleted"], item["note"]) for item in items] == [
        (gone["id"], True, None)
    ]
    assert items[0]["revision"] > kept["revision"]
    everything = ann.send("GET", "/v1/sync").json["items"]
    assert [(item["id"], item["deleted"]) for item in everything] == [
        (kept["id"], False),
        (gone["id"], True),
    ]


def test_each_user_syncs_only_their_own_changes(ann, bob):
    ann.create({"title": "Ann's"})
    bob_note = bob.create({"title": "Bob's"}).json
    delete(ann, ann.create({"title": "Ann's, deleted"}).json["id"])

    items = bob.send("GET", "/v1/sync").json["items"]

    assert [item["id"] for item in items] == [bob_note["id"]]


@pytest.mark.parametrize(
    ("query", "status"),
    [("cursor=not-a-cursor", 400), ("page_size=501", 422), ("page_size=0", 422), ("cursor=", 422)],
    ids=str,
)
def test_a_bad_cursor_or_page_size_is_refused(ann, query, status):
    response = ann.send("GET", f"/v1/sync?{query}")

    assert (response.status, response.headers["content-type"]) == (status, PROBLEM)


def test_a_cursor_of_the_feed_is_not_one_of_sync(ann):
    for n in range(3):
        ann.create({"title": f"Note {n}"})
    feed_cursor = ann.send("GET", "/v1/notes/feed?page_size=1").pagination["next_cursor"]

    assert ann.send("GET", f"/v1/sync?cursor={feed_cursor}").status == 400


def test_the_document_describes_the_sync_feed(notes_app):
    document = notes_app.test_client().get("/openapi.json").json
    operation = document["paths"]["/v1/sync"]["get"]

    assert [parameter["name"] for parameter in operation["parameters"]] == ["cursor", "page_size"]
    body = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert body["properties"]["items"]["items"] == {"$ref": "#/components/schemas/NoteChange"}
    assert body["properties"]["pagination"] == {
        "$ref": "#/components/schemas/ResumableCursorPaginationMetadata"
    }
    metadata = document["components"]["schemas"]["ResumableCursorPaginationMetadata"]
    assert sorted(metadata["required"]) == ["has_more", "next_cursor", "page_size"]
    change = document["components"]["schemas"]["NoteChange"]
    assert change["properties"]["note"]["anyOf"][1] == {"type": "null"}
