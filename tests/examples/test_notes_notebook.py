"""The notes data layer: search patterns taken literally, tags in order, tombstones."""

import sqlite3

import pytest

from examples.notes.notebook import escape_like


@pytest.mark.parametrize(
    ("text", "pattern"),
    [("milk", "%milk%"), ("100%", "%100\\%%"), ("a_b", "%a\\_b%"), ("c:\\", "%c:\\\\%")],
)
def test_search_text_is_a_literal_like_pattern(text, pattern):
    assert escape_like(text) == pattern


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("q=100%25", ["100% sure"]),
        ("q=a_b", ["a_b"]),
        ("q=%5C", ["back\\slash"]),
        ("q=SURE", ["100% sure"]),
        ("q=1", ["1000 things", "100% sure"]),
    ],
    ids=["percent", "underscore", "backslash", "any-case", "plain"],
)
def test_searching_finds_exactly_the_text(ann, query, found):
    for title in ("100% sure", "1000 things", "a_b", "axb", "back\\slash"):
        ann.create({"title": title})

    response = ann.send("GET", f"/v1/notes?{query}")

    assert sorted(note["title"] for note in response.json) == sorted(found)


def test_the_body_is_searched_too(ann):
    ann.create({"title": "Groceries", "body": "oat milk, bread"})
    ann.create({"title": "Work"})

    assert [note["title"] for note in ann.send("GET", "/v1/notes?q=Milk").json] == ["Groceries"]


def test_tags_keep_their_order(ann):
    note = ann.create({"title": "Tagged", "tags": ["zeta", "alpha", "mid"]}).json

    assert note["tags"] == ["zeta", "alpha", "mid"]
    assert ann.send("GET", f"/v1/notes/{note['id']}").json["tags"] == ["zeta", "alpha", "mid"]


def test_a_deleted_note_is_a_tombstone_without_its_content(notes_app, ann):
    note = ann.create({"title": "Secret plan", "body": "...", "tags": ["x"]}).json
    etag = ann.send("GET", f"/v1/notes/{note['id']}").headers["etag"]

    ann.send("DELETE", f"/v1/notes/{note['id']}", headers={"If-Match": etag})

    with sqlite3.connect(notes_app.config["NOTES_DATABASE"]) as connection:
        assert connection.execute("SELECT id, title, body, deleted FROM notes").fetchall() == [
            (note["id"], "", "", 1)
        ]
        assert connection.execute("SELECT count(*) FROM note_tags").fetchone() == (0,)
