"""The hostile-input corpus, sent as raw bytes to a real gunicorn, one case per test.

Each target — every example of ``tests/example_apps.py`` and the vault — runs
under gunicorn on 127.0.0.1 with one sync worker, so that the normal request
sent after each case reaches the very worker that handled the case. Each case
checks the exact status; where the app answers an error, a problem document
with the exact ``detail`` and ``errors`` and nothing of a traceback; where
gunicorn refuses the request itself, gunicorn's own page (see
``docs/security.md``: framing and header limits are the WSGI server's job).
At the end, no worker of any target has died or been replaced.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import typing as t

import pytest
from werkzeug.http import HTTP_STATUS_CODES

from tests.example_apps import EXAMPLES
from tests.serving.conftest import gunicorn_server

from . import vault
from .cases import ANY_MESSAGES, Context
from .corpus_examples import example_cases
from .corpus_vault import vault_cases
from .raw_http import exchange, request_bytes

if t.TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

    from tests.example_apps import Send
    from tests.serving.conftest import GunicornServer

    from .cases import Case
    from .raw_http import RawReply

CASES = [*(case for example in EXAMPLES for case in example_cases(example)), *vault_cases()]
PROBLEM = "application/problem+json"


@dataclasses.dataclass(frozen=True)
class Target:
    """A target as the corpus serves it: how gunicorn names it, its JSON write, its health."""

    served: Callable[[Path], str]
    sign_in: Callable[[Send], dict[str, str]]
    create: tuple[str, str, bytes]
    """A request creating the resource the cases use: method, path, JSON body."""
    item_path: str
    health: str


TARGETS = {
    **{
        example.name: Target(
            example.served,
            example.sign_in,
            (
                example.json_endpoint.method,
                example.json_endpoint.path,
                json.dumps(example.json_endpoint.body).encode(),
            ),
            example.item_path,
            example.health,
        )
        for example in EXAMPLES
    },
    "vault": Target(
        lambda folder: f"tests.hostile.vault:create_app('sqlite:///{folder}/store.sqlite3')",
        vault.sign_in,
        ("POST", "/items", json.dumps({"name": "lamp", "quantity": 1}).encode()),
        "/items/{}",
        "/events",
    ),
}


def send_raw(port: int) -> Send:
    """Return a :data:`~tests.example_apps.Send` over a raw socket to *port*."""

    def send(method: str, path: str, headers: dict[str, str], body: t.Any) -> tuple[int, t.Any]:
        fields = list(headers.items())
        raw = None if body is None else json.dumps(body).encode()
        if raw is not None:
            fields.append(("Content-Type", "application/json"))
        reply = exchange(
            port, request_bytes(method, path, host=f"127.0.0.1:{port}", fields=fields, body=raw)
        )
        return reply.status, reply.json() if reply.body else None

    return send


def context_of(target: Target, port: int) -> Context:
    """Sign in to a running *target*, create the resource the cases use, read its ETag."""
    auth = tuple(target.sign_in(send_raw(port)).items())
    host = f"127.0.0.1:{port}"
    method, path, body = target.create
    json_field = ("Content-Type", "application/json")
    created = exchange(
        port, request_bytes(method, path, host=host, fields=[*auth, json_field], body=body)
    )
    assert created.status == 201, created.body
    item_id = created.json()["id"]
    read = exchange(
        port, request_bytes("GET", target.item_path.format(item_id), host=host, fields=auth)
    )
    assert read.status == 200, read.body
    return Context(port, auth, item_id, t.cast(str, read.header("etag")))


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str], Context]]:
    """Return a function serving a target (once per module); at the end, check that no
    worker died while the corpus ran."""
    servers: dict[str, tuple[GunicornServer, Context]] = {}
    with contextlib.ExitStack() as stack:

        def serve(name: str) -> Context:
            if name not in servers:
                folder = tmp_path_factory.mktemp(name)
                server = stack.enter_context(gunicorn_server(TARGETS[name].served(folder), folder))
                servers[name] = (server, context_of(TARGETS[name], server.port))
            return servers[name][1]

        yield serve
        for server, _ in servers.values():
            log = server.error_log.read_text()
            assert log.count("Booting worker") == 1, log


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 70
    assert len({case.id for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_a_hostile_request_gets_its_answer(case: Case, served: Callable[[str], Context]) -> None:
    context = served(case.target)
    for request in case.before(context) if case.before else ():
        assert 200 <= exchange(context.port, request).status < 300

    if case.answered_by == "nobody":
        with pytest.raises(ValueError, match="no complete reply"):
            exchange(context.port, case.request(context))
    else:
        reply = exchange(context.port, case.request(context), head=case.head)
        assert reply.status == case.status, reply.body[:500]
        assert b"Traceback" not in reply.body
        if case.answered_by == "gunicorn":
            assert_gunicorn_page(reply)
        elif reply.status >= 400:
            assert_problem(reply, case)
        if case.check is not None:
            case.check(reply, context)

    health = TARGETS[case.target].health
    after = exchange(context.port, context.request("GET", health))
    assert after.status == 200, "the server did not answer a normal request after the case"


def assert_gunicorn_page(reply: RawReply) -> None:
    """gunicorn's own refusal: its HTML page naming the status, no app header."""
    assert reply.header("content-type") == "text/html"
    assert f"<h1><p>{reply.reason}</p></h1>".encode() in reply.body
    assert reply.header("x-content-type-options") is None  # the app never saw the request


def assert_problem(reply: RawReply, case: Case) -> None:
    """An RFC 9457 problem document with the case's exact detail and errors."""
    assert reply.header("content-type") == PROBLEM
    assert reply.header("x-content-type-options") == "nosniff"
    if case.head:
        return
    problem = reply.json()
    assert problem["type"] == "about:blank"
    assert problem["title"] == HTTP_STATUS_CODES[case.status]
    assert problem["status"] == case.status
    assert isinstance(problem["detail"], str)
    if case.detail is not None:
        assert problem["detail"] == case.detail
    assert set(problem) <= {"type", "title", "status", "detail", "errors"}
    if case.errors is None:
        assert "errors" not in problem
        return
    assert problem["errors"].keys() == case.errors.keys()
    for location, fields in case.errors.items():
        assert problem["errors"][location].keys() == fields.keys()
        for field, messages in fields.items():
            got = problem["errors"][location][field]
            if messages == ANY_MESSAGES:
                assert got
                assert all(isinstance(message, str) and message for message in got)
            else:
                assert got == messages
