"""The in-process drivers call apps as a server would."""

import asyncio
import json

import pytest

from benchmarks.drivers import ASGIDriver, WSGIDriver, asgi_scope, wsgi_environ
from benchmarks.scenarios import SCENARIOS

BY_KEY = {scenario.key: scenario for scenario in SCENARIOS}


class RecordingWSGIApp:
    """Echoes what it was sent, in two chunks; records every request and every close()."""

    def __init__(self):
        self.environs = []
        self.closed = 0

    def __call__(self, environ, start_response):
        self.environs.append(environ)
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        start_response("201 Created", [("Content-Type", "application/json")])
        return self.Body(self, [b'{"echo": ', json.dumps(body.decode()).encode() + b"}"])

    class Body:
        def __init__(self, app, chunks):
            self.app, self.chunks = app, chunks

        def __iter__(self):
            return iter(self.chunks)

        def close(self):
            self.app.closed += 1


@pytest.fixture
def loop():
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


def test_the_environ_carries_the_request():
    environ = wsgi_environ(BY_KEY["S6"])

    assert environ["REQUEST_METHOD"] == "GET"
    assert environ["PATH_INFO"] == "/items"
    assert environ["QUERY_STRING"] == "page=2&page_size=20"
    assert "CONTENT_TYPE" not in environ


def test_the_environ_of_a_post_carries_its_body_headers():
    environ = wsgi_environ(BY_KEY["S3"])

    assert environ["CONTENT_TYPE"] == "application/json"
    assert environ["CONTENT_LENGTH"] == str(len(BY_KEY["S3"].body))


def test_the_wsgi_driver_reads_the_whole_answer_and_closes_it():
    app = RecordingWSGIApp()

    answer = WSGIDriver(app, BY_KEY["S3"]).answer()

    assert answer.status == 201
    assert answer.headers == {"content-type": "application/json"}
    assert json.loads(answer.body) == {"echo": BY_KEY["S3"].body.decode()}
    assert app.closed == 1


def test_every_timed_request_gets_a_fresh_environ_and_input_and_is_closed():
    app = RecordingWSGIApp()

    WSGIDriver(app, BY_KEY["S3"]).run(3)

    assert app.closed == 3
    assert len({id(environ) for environ in app.environs}) == 3
    assert len({id(environ["wsgi.input"]) for environ in app.environs}) == 3


def test_the_asgi_scope_carries_the_request():
    scope = asgi_scope(BY_KEY["S3"])

    assert (scope["type"], scope["method"], scope["path"]) == ("http", "POST", "/items")
    assert (b"content-type", b"application/json") in scope["headers"]


async def echo_asgi_app(scope, receive, send):
    """Answers with the body it received, then checks the next message is a disconnect."""
    message = await receive()
    assert message["type"] == "http.request"
    assert not message["more_body"]
    assert (await receive())["type"] == "http.disconnect"
    await send({"type": "http.response.start", "status": 200, "headers": [(b"x-path", b"1")]})
    await send({"type": "http.response.body", "body": message["body"], "more_body": True})
    await send({"type": "http.response.body", "body": b"!"})


def test_the_asgi_driver_sends_the_body_once_then_a_disconnect(loop):
    answer = ASGIDriver(echo_asgi_app, BY_KEY["S3"], loop).answer()

    assert answer.status == 200
    assert answer.headers == {"x-path": "1"}
    assert answer.body == BY_KEY["S3"].body + b"!"


def test_the_asgi_driver_gives_each_request_its_own_scope(loop):
    scopes = []

    async def app(scope, receive, send):
        scopes.append(scope)
        await echo_asgi_app(scope, receive, send)

    ASGIDriver(app, BY_KEY["S3"], loop).run(3)

    assert len({id(scope) for scope in scopes}) == 3
