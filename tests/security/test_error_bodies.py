"""No error body tells an attacker about the code: no traceback, no exception text, no repr.

An exception in a view, or in the database under it, gives the generic 500
problem document (and is logged, for the operator); hostile inputs get 4xx
problem documents that speak of the request only. Debug mode is off, so no
debugger page is ever sent.
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
import typing as t

import pytest
from werkzeug.exceptions import InternalServerError

from tests.example_apps import EXAMPLES, no_sign_in

from .clients import signed_in

if t.TYPE_CHECKING:
    from pathlib import Path

    from restkit.testing import TestResponse
    from tests.example_apps import ExampleApp

#: Text a leaking exception would put in the body: it must come back nowhere.
SECRET = "db password hunter2 at /srv/secret/notes.sqlite3"
GENERIC_500 = {
    "type": "about:blank",
    "title": "Internal Server Error",
    "status": 500,
    "detail": InternalServerError.description,
}
#: What Python puts in tracebacks, reprs and exception names, and werkzeug's debugger in pages.
LEAKS = re.compile(
    r"Traceback|File \"|<class '|object at 0x|\b[A-Za-z]*(Error|Exception)\(|"
    r"\b(RuntimeError|KeyError|ValueError|TypeError|AttributeError|OperationalError|"
    r"JSONDecodeError|UnicodeDecodeError|RecursionError)\b|site-packages|\.py\b|"
    r"__debugger__|Werkzeug Debugger"
)


class Leak(RuntimeError):
    """Raised by the test's failing view and database."""


def assert_no_leak(response: TestResponse, *secrets: str) -> None:
    """Assert that nothing of an exception is in *response*'s headers or body."""
    text = f"{response.status}\n{response.headers}\n{response.get_data(as_text=True)}"
    for secret in (*secrets, "Leak"):
        assert secret not in text
    assert LEAKS.search(text) is None, text


def test_an_exception_in_a_view_gives_the_generic_500(
    example: ExampleApp, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # Propagation off, as when served: the testing config would hand it to the test.
    app = example.create_app(tmp_path, PROPAGATE_EXCEPTIONS=False)

    @app.get("/audit/failure")
    def failure() -> t.NoReturn:
        raise Leak(SECRET)

    with caplog.at_level(logging.ERROR):
        response = app.test_client().get("/audit/failure")

    assert response.status_code == 500
    assert response.mimetype == "application/problem+json"
    assert json.loads(response.get_data()) == GENERIC_500
    assert_no_leak(response, SECRET)
    assert SECRET in caplog.text  # logged for the operator, not sent


def test_a_failing_database_gives_the_generic_500(
    example: ExampleApp,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    app = example.create_app(tmp_path, PROPAGATE_EXCEPTIONS=False)
    client = app.test_client()
    headers = signed_in(example, client)
    assert client.get(example.health, headers=headers).status_code == 200

    def unreachable(*args: t.Any, **kwargs: t.Any) -> t.NoReturn:
        raise sqlite3.OperationalError(SECRET)

    monkeypatch.setattr(sqlite3, "connect", unreachable)
    with caplog.at_level(logging.ERROR):
        response = client.get(example.health, headers=headers)

    assert response.status_code == 500
    assert json.loads(response.get_data()) == GENERIC_500
    assert_no_leak(response, SECRET)
    assert SECRET in caplog.text
    assert f"examples/{example.name}/" in caplog.text  # it failed in the example's own code


def hostile_requests(example: ExampleApp) -> list[tuple[str, dict[str, t.Any]]]:
    """Return ``(name, test client arguments)`` for hostile requests to *example*."""
    endpoint = example.json_endpoint
    query_path, query_name = example.integer_query
    body = dict(endpoint.body)

    def raw(data: bytes, content_type: str = "application/json") -> dict[str, t.Any]:
        return {"method": endpoint.method, "path": endpoint.path, "data": data,
                "content_type": content_type}  # fmt: skip

    def with_field(name: str, value: t.Any) -> dict[str, t.Any]:
        return {"method": endpoint.method, "path": endpoint.path, "json": {**body, name: value}}

    return [
        ("truncated JSON", raw(b'{"' + endpoint.text_field.encode() + b'": "a')),
        ("not UTF-8", raw(b'{"' + endpoint.text_field.encode() + b'": "\xff\xfe"}')),
        ("UTF-16", raw(json.dumps(body).encode("utf-16"))),
        ("NaN", raw(b'{"' + endpoint.text_field.encode() + b'": NaN}')),
        ("duplicate keys", raw(b'{"a": 1, "a": 2}')),
        ("a depth bomb", raw(b"[" * 10_000 + b"]" * 10_000)),
        ("a 5000-digit integer", raw(b'{"n": ' + b"9" * 5000 + b"}")),
        ("a JSON array", raw(b"[]")),
        ("text/plain", raw(json.dumps(body).encode(), "text/plain")),
        ("an integer for text", with_field(endpoint.text_field, 12)),
        ("a NUL", with_field(endpoint.text_field, "a\x00b")),
        ("a lone surrogate", raw(b'{"' + endpoint.text_field.encode() + b'": "\\ud800"}')),
        ("a read-only field", with_field(endpoint.read_only_field, 1)),
        ("an unknown field", with_field("__class__", {"__init__": 1})),
        ("an int64 overflow in the path", {"path": example.item_path.format(2**63)}),
        ("a word for an integer", {"path": f"{query_path}?{query_name}=nine"}),
        ("an integer overflow", {"path": f"{query_path}?{query_name}={10**30}"}),
        ("a repeated parameter", {"path": f"{query_path}?{query_name}=1&{query_name}=2"}),
        ("an unknown method", {"method": "BREW", "path": endpoint.path}),
        ("a format string path", {"path": "/%s%s%n{0.__class__}"}),
    ]


def test_hostile_inputs_get_4xx_problems_that_speak_of_the_request_only(
    example: ExampleApp, tmp_path: Path
) -> None:
    app = example.create_app(tmp_path)
    client = app.test_client()
    headers = signed_in(example, client)

    for name, arguments in hostile_requests(example):
        response = client.open(headers=headers, **arguments)

        assert 400 <= response.status_code < 500, (name, response.status, response.data)
        assert response.mimetype == "application/problem+json", name
        assert json.loads(response.get_data())["status"] == response.status_code
        assert_no_leak(response)


SIGNED_IN = [example for example in EXAMPLES if example.sign_in is not no_sign_in]


@pytest.mark.parametrize("signed_in_example", SIGNED_IN, ids=lambda example: example.name)
def test_bad_credentials_get_a_401_that_speaks_of_the_request_only(
    signed_in_example: ExampleApp, tmp_path: Path
) -> None:
    example = signed_in_example
    client = example.create_app(tmp_path).test_client()

    for authorization in ("Bearer ", "Bearer \u00e9t\u00e9", "Basic !!!", "Bearer a b c"):
        response = client.get(example.health, headers={"Authorization": authorization})

        assert response.status_code == 401, authorization
        assert_no_leak(response)


def test_the_audit_sees_a_leak(example: ExampleApp, tmp_path: Path) -> None:
    app = example.create_app(tmp_path)

    @app.get("/audit/leaky")
    def leaky() -> dict[str, str]:
        try:
            raise Leak(SECRET)
        except Leak as exc:
            return {"error": repr(exc)}

    with pytest.raises(AssertionError):
        assert_no_leak(app.test_client().get("/audit/leaky"), SECRET)
