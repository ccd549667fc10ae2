"""Secrets are compared in constant time: through ``hmac.compare_digest``, or not in Python at all.

A spy wraps ``hmac.compare_digest`` and records what it compares: session
cookie signatures (itsdangerous), cursor signatures (itsdangerous), the notes
login's password check (werkzeug's ``check_password_hash``) and restkit's
``compare_secrets`` helper for verify callbacks all go through it. The notes
bearer token is never compared: the database is asked for its SHA-256, so
nothing an attacker can time depends on the token's characters.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import sqlite3
import typing as t

import pytest

from restkit import Api, App, session
from restkit.auth import APIKeyAuth, HTTPBasicAuth, compare_secrets
from restkit.rest import Blueprint
from tests.example_apps import NOTES

from .clients import sender

if t.TYPE_CHECKING:
    from pathlib import Path

    from restkit.testing import TestClient

CompareCalls = list[tuple[t.Any, t.Any, bool]]


@pytest.fixture
def compared(monkeypatch: pytest.MonkeyPatch) -> CompareCalls:
    """Spy on ``hmac.compare_digest``: every call, its arguments and its answer."""
    calls: CompareCalls = []
    real = hmac.compare_digest

    def spy(a: t.Any, b: t.Any) -> bool:
        result = real(a, b)
        calls.append((a, b, result))
        return result

    monkeypatch.setattr(hmac, "compare_digest", spy)
    return calls


def tampered(signed: str) -> str:
    """Change a character inside the signature (the last one may only hold padding bits)."""
    index = len(signed) - 10
    return signed[:index] + ("A" if signed[index] != "A" else "B") + signed[index + 1 :]


# -- session cookies ------------------------------------------------------------------------


def session_client(**config: t.Any) -> TestClient:
    app = App(__name__)
    app.config.update({"SECRET_KEY": "the newest key", **config})

    @app.post("/login")
    def login() -> dict[str, str]:
        session["user"] = "ann"
        return {}

    @app.get("/me")
    def me() -> dict[str, t.Any]:
        return {"user": session.get("user")}

    return app.test_client()


def session_cookie(client: TestClient) -> str:
    cookie = client.get_cookie("session")
    assert cookie is not None
    return cookie.value


def test_a_session_cookie_signature_is_checked_by_compare_digest(compared: CompareCalls) -> None:
    client = session_client()
    client.post("/login")
    compared.clear()

    assert client.get("/me").json == {"user": "ann"}
    assert [result for _, _, result in compared] == [True]


def test_a_tampered_session_cookie_fails_in_compare_digest(compared: CompareCalls) -> None:
    client = session_client()
    client.post("/login")
    value = session_cookie(client)
    forged = tampered(value)
    client.set_cookie("session", forged)
    compared.clear()

    assert client.get("/me").json == {"user": None}
    assert compared
    assert not any(result for _, _, result in compared)


def test_a_cookie_of_a_rotated_key_is_checked_by_compare_digest(compared: CompareCalls) -> None:
    old = session_client(SECRET_KEY="the old key")
    old.post("/login")
    client = session_client(SECRET_KEY_FALLBACKS=["the old key"])
    client.set_cookie("session", session_cookie(old))
    compared.clear()

    assert client.get("/me").json == {"user": "ann"}
    assert [result for _, _, result in compared] == [False, True]  # the newest key first


# -- the notes backend: passwords, tokens, cursors ------------------------------------------


@pytest.fixture
def notes(tmp_path: Path) -> TestClient:
    return NOTES.create_app(tmp_path).test_client()


ACCOUNT = {"email": "ann@example.com", "password": "a long password"}


def test_the_notes_password_check_goes_through_compare_digest(
    notes: TestClient, compared: CompareCalls
) -> None:
    assert notes.post("/v1/accounts", json=ACCOUNT).status_code == 201
    outcomes = {}
    for name, credentials in {
        "right": ACCOUNT,
        "wrong password": {**ACCOUNT, "password": "a wrong password"},
        "unknown email": {**ACCOUNT, "email": "nobody@example.com"},
    }.items():
        compared.clear()
        status = notes.post("/v1/tokens", json=credentials).status_code
        outcomes[name] = (status, [result for _, _, result in compared])

    assert outcomes == {
        "right": (201, [True]),
        "wrong password": (401, [False]),
        "unknown email": (401, [False]),  # a hash is checked all the same
    }


def test_the_notes_bearer_token_is_looked_up_by_its_hash_never_compared(
    notes: TestClient, compared: CompareCalls, tmp_path: Path
) -> None:
    headers = NOTES.sign_in(sender(notes))
    token = headers["Authorization"].removeprefix("Bearer ")
    compared.clear()

    assert notes.get("/v1/notes", headers=headers).status_code == 200
    almost = {"Authorization": f"Bearer {token[:-1]}{'A' if token[-1] != 'A' else 'B'}"}
    assert notes.get("/v1/notes", headers=almost).status_code == 401
    assert compared == []  # no comparison of the token in Python
    with sqlite3.connect(tmp_path / "notes.sqlite3") as database:
        stored = [row[0] for row in database.execute("SELECT token_hash FROM tokens")]
    assert stored == [hashlib.sha256(token.encode()).hexdigest()]  # never the token itself


def test_a_feed_cursor_signature_is_checked_by_compare_digest(
    notes: TestClient, compared: CompareCalls
) -> None:
    headers = NOTES.sign_in(sender(notes))
    for title in ("one", "two"):
        notes.post("/v1/notes", json={"title": title}, headers=headers)
    first = notes.get("/v1/notes/feed?page_size=1", headers=headers)
    cursor = json.loads(first.headers["X-Pagination"])["next_cursor"]
    compared.clear()

    assert notes.get(f"/v1/notes/feed?cursor={cursor}", headers=headers).status_code == 200
    assert [result for _, _, result in compared] == [True]
    compared.clear()
    forged = tampered(cursor)
    assert notes.get(f"/v1/notes/feed?cursor={forged}", headers=headers).status_code == 400
    assert [result for _, _, result in compared] == [False]


# -- restkit's helper for verify callbacks --------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected", "equal"),
    [
        pytest.param("s3cret", "s3cret", True, id="equal"),
        pytest.param("s3cret", "s3creT", False, id="last-differs"),
        pytest.param("sécret", "sécret", True, id="non-ascii"),
        pytest.param(b"key", "key", True, id="bytes-and-text"),
    ],
)
def test_compare_secrets_goes_through_compare_digest(
    compared: CompareCalls, given: str | bytes, expected: str, equal: bool
) -> None:
    assert compare_secrets(given, expected) is equal
    assert [result for _, _, result in compared] == [equal]


def test_basic_and_api_key_callbacks_using_compare_secrets_compare_in_constant_time(
    compared: CompareCalls,
) -> None:
    app = App(__name__)
    app.config.update(API_TITLE="Vault", API_VERSION="1")
    api = Api(app)
    basic, key = HTTPBasicAuth(), APIKeyAuth()
    basic.verify_password(lambda name, password: name if compare_secrets(password, "pw") else None)
    key.verify_key(lambda given: "robot" if compare_secrets(given, "k-123") else None)
    blp = Blueprint("vault", __name__)
    blp.route("/basic", endpoint="basic")(
        blp.auth_required(basic)(lambda: {"user": basic.current_user})
    )
    blp.route("/key", endpoint="key")(blp.auth_required(key)(lambda: {"user": key.current_user}))
    api.register_blueprint(blp)
    client = app.test_client()

    assert client.get("/basic", auth=("ann", "pw")).json == {"user": "ann"}
    assert client.get("/basic", auth=("ann", "pW")).status_code == 401
    assert client.get("/key", headers={"X-API-Key": "k-123"}).json == {"user": "robot"}
    assert client.get("/key", headers={"X-API-Key": "k-124"}).status_code == 401
    assert [result for _, _, result in compared] == [True, False, True, False]
