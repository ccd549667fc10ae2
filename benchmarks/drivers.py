"""Calling an app in-process as a server would: prebuilt WSGI environs and ASGI scopes."""

from __future__ import annotations

import io
import sys
import typing as t
from time import perf_counter_ns

from .scenarios import Answer

if t.TYPE_CHECKING:
    import asyncio
    from collections.abc import Callable

    from .scenarios import Scenario

HOST, PORT = "127.0.0.1", 8000


def wsgi_environ(scenario: Scenario) -> dict[str, t.Any]:
    """Return the WSGI environ template of *scenario* (copied, with a fresh input, per request)."""
    environ: dict[str, t.Any] = {
        "REQUEST_METHOD": scenario.method,
        "SCRIPT_NAME": "",
        "PATH_INFO": scenario.path,
        "QUERY_STRING": scenario.query,
        "SERVER_NAME": HOST,
        "SERVER_PORT": str(PORT),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "REMOTE_PORT": "50000",
        "HTTP_HOST": f"{HOST}:{PORT}",
        "HTTP_ACCEPT": "application/json",
        "HTTP_USER_AGENT": "restkit-benchmarks",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    if scenario.body:
        environ["CONTENT_LENGTH"] = str(len(scenario.body))
    for name, value in scenario.headers.items():
        key = name.upper().replace("-", "_")
        environ[key if key == "CONTENT_TYPE" else f"HTTP_{key}"] = value
    return environ


def asgi_scope(scenario: Scenario) -> dict[str, t.Any]:
    """Return the ASGI HTTP scope template of *scenario* (copied per request)."""
    headers = [
        (b"host", f"{HOST}:{PORT}".encode()),
        (b"accept", b"application/json"),
        (b"user-agent", b"restkit-benchmarks"),
    ]
    if scenario.body:
        headers.append((b"content-length", str(len(scenario.body)).encode()))
    headers += [(name.lower().encode(), value.encode()) for name, value in scenario.headers.items()]
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": scenario.method,
        "scheme": "http",
        "path": scenario.path,
        "raw_path": scenario.path.encode(),
        "query_string": scenario.query.encode(),
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": (HOST, PORT),
    }


class Driver(t.Protocol):
    """Sends one scenario's request to one app, again and again."""

    def answer(self) -> Answer:
        """Send the request once and return the whole answer."""

    def run(self, count: int) -> int:
        """Send the request *count* times; return the nanoseconds that took."""


class WSGIDriver:
    """Calls a WSGI app: copies the environ, iterates the body, calls ``close()``."""

    def __init__(self, app: Callable[..., t.Any], scenario: Scenario) -> None:
        self.app = app
        self.environ = wsgi_environ(scenario)
        self.body = scenario.body

    def answer(self) -> Answer:
        started: list[t.Any] = []

        def start_response(status: str, headers: t.Any, exc_info: t.Any = None) -> t.Any:
            started[:] = [status, headers]
            return lambda data: None

        environ = {**self.environ, "wsgi.input": io.BytesIO(self.body)}
        result = self.app(environ, start_response)
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        status, headers = started
        names = {name.lower(): value for name, value in headers}
        return Answer(int(status.split(" ", 1)[0]), names, body)

    def run(self, count: int) -> int:
        app, template, body = self.app, self.environ, self.body

        def write(data: bytes) -> None:
            pass

        def start_response(status: str, headers: t.Any, exc_info: t.Any = None) -> t.Any:
            return write

        started = perf_counter_ns()
        for _ in range(count):
            environ = template.copy()
            environ["wsgi.input"] = io.BytesIO(body)
            result = app(environ, start_response)
            for _chunk in result:
                pass
            if hasattr(result, "close"):
                result.close()
        return perf_counter_ns() - started


class ASGIDriver:
    """Calls an ASGI app on one event loop: copies the scope, receives every message sent."""

    def __init__(
        self, app: Callable[..., t.Any], scenario: Scenario, loop: asyncio.AbstractEventLoop
    ) -> None:
        self.app = app
        self.scope = asgi_scope(scenario)
        self.body = scenario.body
        self.loop = loop

    def _receive(self) -> Callable[[], t.Awaitable[dict[str, t.Any]]]:
        """Return a receive callable: the body once, then a disconnect, as a server does."""
        messages: list[dict[str, t.Any]] = [
            {"type": "http.disconnect"},
            {"type": "http.request", "body": self.body, "more_body": False},
        ]

        async def receive() -> dict[str, t.Any]:
            return messages.pop() if len(messages) > 1 else messages[0]

        return receive

    def answer(self) -> Answer:
        sent: list[dict[str, t.Any]] = []

        async def send(message: dict[str, t.Any]) -> None:
            sent.append(message)

        self.loop.run_until_complete(self.app(dict(self.scope), self._receive(), send))
        start = next(message for message in sent if message["type"] == "http.response.start")
        body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
        names = {name.decode().lower(): value.decode() for name, value in start["headers"]}
        return Answer(start["status"], names, body)

    def run(self, count: int) -> int:
        app, template, receive_for = self.app, self.scope, self._receive

        async def send(message: dict[str, t.Any]) -> None:
            pass

        async def requests() -> None:
            for _ in range(count):
                await app(template.copy(), receive_for(), send)

        started = perf_counter_ns()
        self.loop.run_until_complete(requests())
        return perf_counter_ns() - started
