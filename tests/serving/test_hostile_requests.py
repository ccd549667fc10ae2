"""Hostile and careless requests, through the test client and through a real gunicorn.

Each test runs twice: once with the test client, once over a socket to
gunicorn on 127.0.0.1, where a response the WSGI server cannot write, or a
URL built from a bad Host, would show.
"""

from __future__ import annotations

import json
import typing as t

import pytest

from restkit.core.hosts import INVALID_HOST

from .conftest import Reply, gunicorn_server
from .hostile_app import create_app

if t.TYPE_CHECKING:
    from collections.abc import Iterator

    from .conftest import GunicornServer

Send = t.Callable[..., Reply]
PROBLEM = "application/problem+json"


@pytest.fixture(scope="module")
def gunicorn(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GunicornServer]:
    with gunicorn_server("hostile_app:create_app()", tmp_path_factory.mktemp("logs")) as server:
        yield server


def send_with_test_client(
    method: str, path: str, *, headers: dict[str, str] | None = None, body: bytes | None = None
) -> Reply:
    response = create_app().test_client().open(path, method=method, headers=headers, data=body)
    return Reply(
        response.status_code,
        {name.lower(): value for name, value in response.headers.items()},
        response.data,
    )


@pytest.fixture(params=["test client", "gunicorn"])
def send(request: pytest.FixtureRequest) -> Send:
    if request.param == "test client":
        return send_with_test_client
    server: GunicornServer = request.getfixturevalue("gunicorn")
    return server.request


def problem_of(reply: Reply) -> dict[str, t.Any]:
    assert reply.headers["content-type"] == PROBLEM
    return t.cast(dict[str, t.Any], json.loads(reply.body))


# -- response headers ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/price", "/split", "/newline"])
def test_a_header_the_server_cannot_send_gives_a_problem_500(send: Send, path: str) -> None:
    reply = send("GET", path)

    assert reply.status == 500
    assert problem_of(reply)["title"] == "Internal Server Error"
    assert "set-cookie" not in reply.headers
    assert not any(name.startswith(("x-price", "x-split", "x-note")) for name in reply.headers)


def test_the_server_log_names_the_header(gunicorn: GunicornServer) -> None:
    assert gunicorn.request("GET", "/price").status == 500

    output = gunicorn.error_log.read_text()  # the app logs to wsgi.errors: gunicorn's error log
    assert "Exception on /price [GET]" in output
    assert "Response header 'X-Price' cannot be sent" in output
    assert "5 €" not in output


# -- the Host header ----------------------------------------------------------------------------


@pytest.mark.parametrize("host", ["a/b?c#d", "api example.com", "api..example.com", "a_b.test"])
def test_a_malformed_host_is_a_400_problem(send: Send, host: str) -> None:
    reply = send("GET", "/where", headers={"Host": host})

    assert reply.status == 400
    assert problem_of(reply)["detail"] == INVALID_HOST


def test_a_valid_host_builds_absolute_urls(send: Send) -> None:
    reply = send("GET", "/where", headers={"Host": "api.example.com:8080"})

    assert reply.status == 200
    assert json.loads(reply.body) == {"url": "http://api.example.com:8080/where"}


def test_the_docs_page_is_not_built_from_the_host(send: Send) -> None:
    reply = send("GET", "/docs", headers={"Host": "evil.example"})

    assert reply.status == 200
    assert b"evil.example" not in reply.body
    assert b'"oauth2RedirectUrl": "/docs/assets/oauth2-redirect.html"' in reply.body


# -- bodies -------------------------------------------------------------------------------------


def test_a_hostile_json_body_is_refused_quickly(send: Send) -> None:
    """The body of `[` x 65, a quote and escaped quotes took a worker's whole timeout."""
    body = b"[" * 65 + b'"' + b'\\"' * 500_000

    reply = send("POST", "/items", headers={"Content-Type": "application/json"}, body=body)

    assert reply.status == 400
    assert problem_of(reply)["detail"] == (
        "The request body is not valid JSON: JSON nesting exceeds the maximum depth of 64."
    )


FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def test_fifty_thousand_form_fields_are_a_413(send: Send) -> None:
    body = "&".join(f"f{number}=x" for number in range(50_000)).encode()

    reply = send("POST", "/notes", headers=FORM, body=body)

    assert reply.status == 413
    assert problem_of(reply)["detail"] == "The form has more than 1000 fields."


def test_an_empty_form_is_an_empty_object(send: Send) -> None:
    reply = send("POST", "/notes", headers=FORM, body=b"")

    assert (reply.status, json.loads(reply.body)) == (200, {})


def test_an_integer_past_int64_is_a_422(send: Send) -> None:
    reply = send("POST", "/notes", headers=FORM, body=f"stars={10**30}".encode())

    assert reply.status == 422
    assert problem_of(reply)["errors"] == {
        "form": {"stars": ["Must be less than or equal to 9223372036854775807."]}
    }
