import base64
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from itsdangerous import URLSafeSerializer
from marshmallow import Schema, fields

from restkit import Api, App, Blueprint, CursorPage
from restkit.core.errors import SetupError
from restkit.rest.errors import HTTPError
from restkit.rest.pagination_cursors import INVALID_CURSOR, CursorSigner

from .problems import problem

ITEMS = [{"id": number, "slug": f"item-{number:02}"} for number in range(1, 31)]
OLD_KEY, NEW_KEY = "the key we used to sign with", "the key we sign with now"


class Item(Schema):
    id = fields.Int()
    slug = fields.Str()


def feed_app(secret_key=NEW_KEY, fallbacks=None):
    """Return an app with two feeds, ``/items`` (by id) and ``/slugs`` (by slug)."""
    app = App("feeds")
    app.config.update(
        TESTING=True,
        API_TITLE="Feeds",
        API_VERSION="1",
        SECRET_KEY=secret_key,
        SECRET_KEY_FALLBACKS=fallbacks,
    )
    api = Api(app)
    blp = Blueprint("feeds", __name__)

    @blp.route("/items")
    @blp.response(200, Item(many=True))
    @blp.paginate(CursorPage(key="id"))
    def items(pagination_parameters):
        return ITEMS

    @blp.route("/slugs")
    @blp.response(200, Item(many=True))
    @blp.paginate(CursorPage(key="slug"))
    def slugs(pagination_parameters):
        return ITEMS

    api.register_blueprint(blp)
    return app


def next_cursor(response):
    return json.loads(response.headers["X-Pagination"])["next_cursor"]


@pytest.fixture
def client():
    return feed_app().test_client()


@pytest.fixture
def cursor(client):
    """The cursor of the second page of ``/items``."""
    return next_cursor(client.get("/items"))


def refused(response):
    return (response.status_code, response.json) == (400, problem(400, INVALID_CURSOR))


def test_a_cursor_leads_to_the_next_page(client, cursor):
    response = client.get(f"/items?cursor={cursor}")

    assert [item["id"] for item in response.json] == list(range(11, 21))


def flip(text, index):
    """Return *text* with the character at *index* replaced by another URL-safe one."""
    return text[:index] + ("A" if text[index] != "A" else "B") + text[index + 1 :]


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda cursor: flip(cursor, -1), id="signature-changed"),
        pytest.param(lambda cursor: flip(cursor, 0), id="payload-changed"),
        pytest.param(lambda cursor: cursor[:-1], id="signature-cut"),
        pytest.param(lambda cursor: cursor.split(".")[0], id="signature-removed"),
        pytest.param(
            lambda cursor: (
                base64.urlsafe_b64encode(b"20").decode().rstrip("=") + "." + cursor.split(".")[1]
            ),
            id="other-value-same-signature",
        ),
        pytest.param(lambda cursor: "not-a-cursor", id="garbage"),
        pytest.param(lambda cursor: "..", id="dots"),
        pytest.param(lambda cursor: "é" + cursor, id="not-ascii"),
    ],
)
def test_a_tampered_or_malformed_cursor_is_a_400(client, cursor, tamper):
    response = client.get(f"/items?cursor={tamper(cursor)}")

    assert refused(response), response.json


def test_a_cursor_with_a_nul_character_is_refused_as_any_query_text(client):
    response = client.get("/items?cursor=a%00b")

    assert response.status_code == 422
    assert "cursor" in response.json["errors"]["query"]


def test_a_cursor_of_another_feed_is_refused(client):
    slug_cursor = next_cursor(client.get("/slugs"))

    assert refused(client.get(f"/items?cursor={slug_cursor}"))
    assert client.get(f"/slugs?cursor={slug_cursor}").status_code == 200


def test_a_cursor_of_another_app_is_refused(client):
    other = feed_app(secret_key="another app's key").test_client()
    foreign = next_cursor(other.get("/items"))

    assert refused(client.get(f"/items?cursor={foreign}"))


def test_a_cursor_signed_with_an_older_key_still_works_and_new_ones_use_the_newest():
    old_cursor = next_cursor(feed_app(secret_key=OLD_KEY).test_client().get("/items"))
    rotated = feed_app(secret_key=NEW_KEY, fallbacks=[OLD_KEY]).test_client()

    assert rotated.get(f"/items?cursor={old_cursor}").json[0]["id"] == 11
    new_cursor = next_cursor(rotated.get("/items"))
    assert new_cursor != old_cursor
    only_old = feed_app(secret_key=OLD_KEY).test_client()
    assert refused(only_old.get(f"/items?cursor={new_cursor}"))


def test_a_signed_value_a_cursor_cannot_hold_is_refused(client):
    # Signed like a cursor of /items, but holding a list: refused all the same.
    signer = CursorSigner([NEW_KEY], "feeds.items", "id")
    forged = signer.serializer.dumps([1, 2])

    assert refused(client.get(f"/items?cursor={forged}"))


def test_a_feed_without_a_secret_key_is_refused_when_the_app_starts():
    app = feed_app(secret_key=None)

    with pytest.raises(SetupError, match=r"feeds.items is paginated with CursorPage.*SECRET_KEY"):
        app.test_client().get("/items")


@pytest.mark.parametrize("value", [0, -(2**63), 2**70, "", "é/&?=", "x" * 1000, None])
def test_the_signer_gives_back_the_value_it_signed(value):
    signer = CursorSigner(["key"], "endpoint", "id")

    cursor = signer.dumps(value)

    assert signer.loads(cursor) == value
    assert cursor.isascii()
    assert "=" not in cursor


def test_the_signer_says_which_feed_it_signs_for():
    assert repr(CursorSigner(["key"], "pets.feed", "id")) == (
        "<CursorSigner 'restkit.cursor:pets.feed:id'>"
    )


def test_cursors_are_signed_with_sha256_hmac():
    signer = CursorSigner(["key"], "endpoint", "id")
    plain = URLSafeSerializer("key", salt="restkit.cursor:endpoint:id")

    assert len(signer.dumps(1).split(".")[1]) == 43  # 32 bytes, base64 without padding
    with pytest.raises(HTTPError):
        signer.loads(plain.dumps(1))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_no_text_but_a_signed_cursor_is_accepted(text):
    signer = CursorSigner(["key"], "endpoint", "id")

    with pytest.raises(HTTPError) as caught:
        signer.loads(text)

    assert caught.value.code == 400
