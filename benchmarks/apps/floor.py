"""The floor: a bare WSGI callable sending precomputed bytes, the least any app can do.

It reads the request body (it has to, to tell the valid POST from the invalid
one) and looks the answer up by method, path and body; it parses, validates
and serializes nothing.
"""

from __future__ import annotations

import json
import typing as t

from ..scenarios import INVALID_FIELDS, NEW_ITEM, PAGE, PAGE_SIZE, SCENARIOS, dumped_item
from .catalog import ITEM_ID, ITEM_LIST, ITEMS, NEXT_ID, page_of

if t.TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from _typeshed.wsgi import StartResponse, WSGIEnvironment

    WSGIApp = Callable[[WSGIEnvironment, StartResponse], Iterable[bytes]]

Reply = tuple[str, list[tuple[str, str]], bytes]


def reply(status: str, document: t.Any) -> Reply:
    body = json.dumps(document).encode()
    headers = [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
    return status, headers, body


def create_app() -> WSGIApp:
    """Build the floor app: one precomputed reply per scenario, 404 for the rest."""
    by_key = {scenario.key: scenario for scenario in SCENARIOS}
    invalid = {name: ["Invalid value."] for name in INVALID_FIELDS}
    replies = {
        ("GET", "/hello", b""): reply("200 OK", {"message": "hello"}),
        ("GET", by_key["S2"].path, b""): reply("200 OK", dumped_item(ITEMS[ITEM_ID])),
        ("POST", "/items", by_key["S3"].body): reply("201 Created", {"id": NEXT_ID, **NEW_ITEM}),
        ("POST", "/items", by_key["S4"].body): reply("422 Unprocessable Entity", invalid),
        ("GET", "/items", b""): reply(
            "200 OK", [dumped_item(item) for item in page_of(ITEM_LIST, PAGE, PAGE_SIZE)]
        ),
    }
    not_found = reply("404 Not Found", {"title": "Not Found"})

    def app(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        status, headers, payload = replies.get(
            (environ["REQUEST_METHOD"], environ["PATH_INFO"], body), not_found
        )
        start_response(status, headers)
        return [payload]

    return app
