"""The Host header: malformed hosts are a 400, trusted hosts limit the rest."""

from __future__ import annotations

import string
import typing as t

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from restkit.core import App, request
from restkit.core.hosts import INVALID_HOST, is_valid_host

if t.TYPE_CHECKING:
    from restkit.core.testing import TestClient


@pytest.mark.parametrize(
    "host",
    [
        "localhost",
        "api.example.com",
        "API.Example.COM",
        "api.example.com.",
        "api.example.com:8080",
        "xn--bcher-kva.example",
        "a-b.c",
        "127.0.0.1",
        "127.0.0.1:65535",
        "[::1]",
        "[::1]:8000",
        "a" * 63 + ".com",
    ],
)
def test_valid_hosts(host: str) -> None:
    assert is_valid_host(host)


@pytest.mark.parametrize(
    "host",
    [
        pytest.param("", id="empty"),
        pytest.param("a/b?c#d", id="url-characters"),
        pytest.param("api example.com", id="space"),
        pytest.param("api..example.com", id="empty-label"),
        pytest.param(".example.com", id="leading-dot"),
        pytest.param("example.com..", id="two-trailing-dots"),
        pytest.param(".", id="only-a-dot"),
        pytest.param("-api.example.com", id="leading-hyphen"),
        pytest.param("api-.example.com", id="trailing-hyphen"),
        pytest.param("a" * 64 + ".com", id="long-label"),
        pytest.param(("a" * 60 + ".") * 5, id="long-name"),
        pytest.param("example.com:", id="empty-port"),
        pytest.param("example.com:0", id="port-zero"),
        pytest.param("example.com:65536", id="port-too-large"),
        pytest.param("example.com:80:80", id="two-ports"),
        pytest.param("user@example.com", id="userinfo"),
        pytest.param("bücher.example", id="not-idna"),
        pytest.param("a_b.example", id="underscore"),
        pytest.param("a.example, b.example", id="two-hosts"),
    ],
)
def test_invalid_hosts(host: str) -> None:
    assert not is_valid_host(host)


def reference_is_valid_host(host: str) -> bool:
    """Check ``name[:port]`` one piece at a time (no IPv6: the strategy sends no brackets)."""
    name, colon, port = host.partition(":")
    if colon and not (port.isascii() and port.isdigit() and port[0] != "0" and int(port) <= 65535):
        return False
    if name.endswith("."):
        name = name[:-1]
    if not name or len(name) > 253:
        return False
    allowed = set(string.ascii_letters + string.digits + "-")
    for label in name.split("."):
        if not 1 <= len(label) <= 63 or label[0] == "-" or label[-1] == "-":
            return False
        if not set(label) <= allowed:
            return False
    return True


host_texts = st.text(alphabet="aZ09.-:_/ é@", max_size=20) | st.lists(
    st.sampled_from(["a", "-", ".", ":", "80", "0", "9" * 5, "x" * 63, "é"]), max_size=8
).map("".join)


@settings(deadline=None, database=None)
@given(host_texts)
def test_is_valid_host_agrees_with_the_reference(host: str) -> None:
    assert is_valid_host(host) is reference_is_valid_host(host)


# -- through the app ---------------------------------------------------------------------------


@pytest.fixture
def hosted(app: App) -> App:
    app.add_url_rule("/", "index", lambda: request.host)
    return app


@pytest.mark.parametrize("host", ["a/b?c#d", "api example.com", "api..example.com", ""])
def test_a_malformed_host_is_a_400(hosted: App, client: TestClient, host: str) -> None:
    response = client.get("/", headers={"Host": host})

    assert response.status_code == 400
    assert INVALID_HOST.encode() in response.data


def test_a_valid_host_is_served(hosted: App, client: TestClient) -> None:
    assert client.get("/", headers={"Host": "api.example.com:8080"}).text == "api.example.com:8080"


def test_a_request_without_host_uses_the_server_name(hosted: App) -> None:
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/",
        "SERVER_NAME": "server.test",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.0",
        "wsgi.url_scheme": "http",
    }

    with hosted.request_context(environ) as ctx:
        assert ctx.request.routing_exception is None
        assert ctx.request.host == "server.test:8000"


def test_malformed_hosts_are_refused_before_trusted_hosts(hosted: App, client: TestClient) -> None:
    hosted.config["TRUSTED_HOSTS"] = ["api.test"]

    assert INVALID_HOST.encode() in client.get("/", headers={"Host": "a/b"}).data
    untrusted = client.get("/", headers={"Host": "evil.test"})
    assert untrusted.status_code == 400
    assert b"not trusted" in untrusted.data
    assert client.get("/", headers={"Host": "api.test"}).text == "api.test"
