"""Responses to authenticated requests are ``Cache-Control: private, no-store``, errors included.

So no shared cache (a CDN, a corporate proxy) keeps one user's notes, or the
404 saying a user has no such note, for another. The notes backend is the
example with authentication; the stage doing it is ``restkit/rest/auth_stage.py``.
"""

from __future__ import annotations

import typing as t

import pytest

from tests.example_apps import NOTES

from .clients import sender

if t.TYPE_CHECKING:
    from pathlib import Path

    from restkit.testing import TestClient

NO_STORE = "private, no-store"


@pytest.fixture
def notes(tmp_path: Path) -> TestClient:
    return NOTES.create_app(tmp_path).test_client()


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        pytest.param("GET", "/v1/notes", None, 200, id="list"),
        pytest.param("GET", "/v1/accounts/me", None, 200, id="account"),
        pytest.param("POST", "/v1/notes", {"title": "Milk"}, 201, id="created"),
        pytest.param("GET", "/v1/notes/424242", None, 404, id="no-such-note"),
        pytest.param("POST", "/v1/notes", {"title": 7}, 422, id="invalid"),
        pytest.param("GET", "/v1/notes?page_size=0", None, 422, id="invalid-query"),
    ],
)
def test_an_authenticated_response_is_not_stored(
    notes: TestClient, method: str, path: str, body: t.Any, status: int
) -> None:
    headers = NOTES.sign_in(sender(notes))

    response = notes.open(path, method=method, json=body, headers=headers)

    assert response.status_code == status
    assert response.headers["Cache-Control"] == NO_STORE


def test_a_login_token_is_not_stored(notes: TestClient) -> None:
    account = {"email": "ann@example.com", "password": "a long password"}
    notes.post("/v1/accounts", json=account)

    response = notes.post("/v1/tokens", json=account)

    assert response.status_code == 201
    assert "token" in response.json
    assert "no-store" in response.headers.get("Cache-Control", "")
