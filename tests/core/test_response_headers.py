"""Response header fields a server cannot send are refused while the app can still answer."""

from __future__ import annotations

import logging
import typing as t

import pytest
from werkzeug.datastructures import Headers

from restkit.core import App, Response
from restkit.core.response_headers import (
    UnsendableHeaderError,
    drop_unsendable_headers,
    is_sendable,
)

if t.TYPE_CHECKING:
    from restkit.core.testing import TestClient


@pytest.mark.parametrize(
    ("name", "value"),
    [
        pytest.param("Content-Type", "application/json", id="ascii"),
        pytest.param("X-Note", "", id="empty-value"),
        pytest.param("X-Note", "a\tb", id="tab"),
        pytest.param("X-Note", "café", id="latin-1"),
        pytest.param("X-Note", "\xff", id="latin-1-last"),
        pytest.param("!#$%&'*+-.^_`|~", "v", id="every-token-symbol"),
    ],
)
def test_sendable(name: str, value: str) -> None:
    assert is_sendable(name, value)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        pytest.param("X-Note", "a\r\nSet-Cookie: admin=1", id="crlf-value"),
        pytest.param("X-Note", "a\nb", id="lf-value"),
        pytest.param("X-Note", "a\x00b", id="nul-value"),
        pytest.param("X-Note", "a\x7fb", id="del-value"),
        pytest.param("X-Note", "5 €", id="euro"),
        pytest.param("X-Note", "\ud800", id="surrogate"),
        pytest.param("X-Note\r\nSet-Cookie: admin=1", "v", id="crlf-name"),
        pytest.param("X Note", "v", id="space-in-name"),
        pytest.param("X-Note:", "v", id="colon-in-name"),
        pytest.param("", "v", id="empty-name"),
        pytest.param("X-Nöte", "v", id="non-ascii-name"),
    ],
)
def test_unsendable(name: str, value: str) -> None:
    assert not is_sendable(name, value)


def test_drop_unsendable_headers_removes_them_and_names_them() -> None:
    headers = Headers([("X-Ok", "1"), ("X-Price", "5 €"), ("X-Other", "2")])
    headers.add("X Bad", "v")

    with pytest.raises(UnsendableHeaderError, match=r"^Response header 'X-Price', 'X Bad' cannot"):
        drop_unsendable_headers(headers)

    assert list(headers) == [("X-Ok", "1"), ("X-Other", "2")]


def test_drop_unsendable_headers_leaves_good_headers_alone() -> None:
    headers = Headers([("X-Ok", "1"), ("X-Ok", "2")])

    drop_unsendable_headers(headers)

    assert list(headers) == [("X-Ok", "1"), ("X-Ok", "2")]


def test_the_error_is_a_programmer_error() -> None:
    from restkit.core import RestkitError

    assert issubclass(UnsendableHeaderError, RestkitError)
    assert issubclass(UnsendableHeaderError, ValueError)


# -- through the app ---------------------------------------------------------------------------


@pytest.fixture
def logged(app: App) -> t.Iterator[list[logging.LogRecord]]:
    """Collect what the app logs."""
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    app.logger.addHandler(handler)
    yield records
    app.logger.removeHandler(handler)


@pytest.fixture
def serving(app: App) -> App:
    """The app answering errors as in production: a 500 rather than the exception."""
    app.config["PROPAGATE_EXCEPTIONS"] = False
    return app


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param({"X-Price": "5 €"}, id="non-latin-1-value"),
        pytest.param({"X-Price\r\nSet-Cookie: admin=1": "5"}, id="crlf-in-name"),
    ],
)
def test_a_view_sending_an_unsendable_header_gets_a_logged_500(
    serving: App, client: TestClient, logged: list[logging.LogRecord], headers: dict[str, str]
) -> None:
    serving.add_url_rule("/price", "price", lambda: ("5 euros", headers))

    response = client.get("/price")

    assert response.status_code == 500
    assert b"Internal Server Error" in response.data
    assert "Set-Cookie" not in response.headers
    assert not any(name.startswith("X-Price") for name, _ in response.headers)
    [record] = logged
    assert record.getMessage() == "Exception on /price [GET]"
    assert isinstance(record.exc_info[1], UnsendableHeaderError)  # type: ignore[index]
    assert repr(next(iter(headers))) in str(record.exc_info[1])  # type: ignore[index]


def test_an_after_request_hook_is_checked_too(serving: App, client: TestClient) -> None:
    serving.add_url_rule("/", "index", lambda: "ok")
    serving.after_request(lambda response: _with_header(response, "X-Trace", "naïve ✓"))

    response = client.get("/")

    assert response.status_code == 500
    assert "X-Trace" not in response.headers


def test_a_500_refused_too_goes_out_without_the_header(
    serving: App, client: TestClient, logged: list[logging.LogRecord]
) -> None:
    serving.add_url_rule("/", "index", lambda: "ok")
    serving.after_request(lambda response: _with_header(response, "X-Trace", "€"))

    response = client.get("/")

    assert response.status_code == 500
    assert "X-Trace" not in response.headers
    assert [record.getMessage() for record in logged] == [
        "Exception on / [GET]",
        "Request finalizing failed with an error while handling an error",
    ]


def test_testing_apps_see_the_error(app: App, client: TestClient) -> None:
    app.add_url_rule("/", "index", lambda: ("ok", {"X-Price": "5 €"}))

    with pytest.raises(UnsendableHeaderError, match="'X-Price'"):
        client.get("/")


def test_latin_1_text_is_sent(app: App, client: TestClient) -> None:
    app.add_url_rule("/", "index", lambda: ("ok", {"X-Place": "Zürich"}))

    assert client.get("/").headers["X-Place"] == "Zürich"


def _with_header(response: Response, name: str, value: str) -> Response:
    response.headers[name] = value
    return response
