"""The hostile cases every example app gets: bodies, framing, integers, methods, hosts, ETags.

They are written once against the entry of an example in ``tests/example_apps.py``
(its JSON endpoint, its item URL, its integer query parameter), so a new example
gets them all by having an entry. Messages the framework words are checked
exactly; messages an app's own validators word are checked for their field.
"""

from __future__ import annotations

import json
import typing as t

from restkit.core.hosts import INVALID_HOST

from .cases import ANY_MESSAGES, Case
from .raw_http import chunked

if t.TYPE_CHECKING:
    from tests.example_apps import ExampleApp

    from .cases import Context
    from .raw_http import RawReply

NOT_JSON = "The request body is not valid JSON: "
JSON_ONLY = "The request body must be JSON, sent with 'Content-Type: application/json'."
NOT_FOUND = (
    "The requested URL was not found on the server. If you entered the URL manually please "
    "check your spelling and try again."
)
TOO_LARGE = "The data value transmitted exceeds the capacity limit."
NOT_ALLOWED = "The method is not allowed for the requested URL."
INVALID = "The request did not pass validation."
STALE = (
    "The resource has changed since the ETag in If-Match was read: get it again, and repeat "
    "the request with its new ETag."
)
OVER_LIMIT = 17 * 1024 * 1024  # past the default MAX_CONTENT_LENGTH of 16 MiB
QUADRATIC = b"[" * 65 + b'"' + b'\\"' * 500_000  # the pre-scan's quadratic case, 1 MB


def conditional(method: str) -> str:
    return (
        f"A {method} of this resource must be conditional: send If-Match with the ETag the "
        "resource was last read with."
    )


def no_body(reply: RawReply, context: Context) -> None:
    assert reply.body == b""


def allow(*methods: str) -> t.Callable[[RawReply, Context], None]:
    def check(reply: RawReply, context: Context) -> None:
        assert set((reply.header("allow") or "").split(", ")) == set(methods)

    return check


def never_mentions(text: bytes) -> t.Callable[[RawReply, Context], None]:
    def check(reply: RawReply, context: Context) -> None:
        assert text not in reply.body
        assert all(text.decode() not in value for _, value in reply.fields)

    return check


def example_cases(example: ExampleApp) -> list[Case]:
    """Return the cases of *example*."""
    name = example.name
    endpoint = example.json_endpoint
    text, read_only = endpoint.text_field, endpoint.read_only_field
    valid = json.dumps(endpoint.body).encode()
    others = json.dumps({key: value for key, value in endpoint.body.items() if key != text})
    # A valid body with the text field last and its value left out: the cases complete it.
    with_text = f'{others[:-1]}{", " if others != "{}" else ""}"{text}": '.encode()
    query_path, query_name = example.integer_query
    item = example.item_path
    document = json.loads(example.document.read_text(encoding="utf-8"))
    documented = {method.upper() for method in document["paths"][endpoint.path]}
    collection_methods = (documented & {"GET", "POST", "PUT", "PATCH", "DELETE"}) | {
        "HEAD",
        "OPTIONS",
    }
    refused = sorted({"DELETE", "PATCH", "PUT"} - collection_methods)[0]

    def case(id: str, request: t.Callable[[Context], bytes], status: int, **kw: t.Any) -> Case:
        return Case(f"{name}: {id}", name, request, status, **kw)

    def body(
        raw: bytes,
        *,
        content_type: str | None = "application/json",
        fields: tuple[tuple[str, str], ...] = (),
        content_length: bool = True,
    ) -> t.Callable[[Context], bytes]:
        media = (("Content-Type", content_type),) if content_type else ()
        return lambda context: context.request(
            endpoint.method,
            endpoint.path,
            fields=[*media, *fields],
            body=raw,
            content_length=content_length,
        )

    def get(target: str, method: str = "GET", **kw: t.Any) -> t.Callable[[Context], bytes]:
        return lambda context: context.request(method, target.format(context.item_id), **kw)

    def put(raw: bytes, *fields: tuple[str, str]) -> t.Callable[[Context], bytes]:
        json_field = ("Content-Type", "application/json")
        return lambda context: context.request(
            "PUT", item.format(context.item_id), fields=[json_field, *fields], body=raw
        )

    def json_error(id: str, raw: bytes, why: str) -> Case:
        return case(id, body(raw), 400, detail=NOT_JSON + why)

    def field_error(id: str, raw: bytes, field: str, message: str) -> Case:
        return case(id, body(raw), 422, detail=INVALID, errors={"json": {field: [message]}})

    a_body = {"json": {"_schema": ["A request body is required."]}}
    not_an_object = {"json": {"_schema": ["Invalid input type."]}}
    return [
        # -- malformed JSON -------------------------------------------------------------------
        json_error(
            "truncated JSON", with_text, f"Expecting value at line 1, column {len(with_text) + 1}."
        ),
        json_error(
            "data after the JSON", valid + b" x", f"Extra data at line 1, column {len(valid) + 2}."
        ),
        json_error(
            "single quotes",
            b"{'a': 1}",
            "Expecting property name enclosed in double quotes at line 1, column 2.",
        ),
        json_error(
            "bytes that are not UTF-8",
            with_text + b'"\xff"}',
            f"The JSON document is not valid UTF-8 (bad byte at position {len(with_text) + 1}).",
        ),
        json_error(
            "UTF-16 with its byte order mark",
            valid.decode().encode("utf-16"),
            "The JSON document is not valid UTF-8 (bad byte at position 0).",
        ),
        json_error(
            "a UTF-8 byte order mark",
            b"\xef\xbb\xbf" + valid,
            "The JSON document starts with a byte order mark: send it without.",
        ),
        json_error(
            "a raw NUL byte in a string",
            with_text + b'"a\x00b"}',
            f"Invalid control character at line 1, column {len(with_text) + 3}.",
        ),
        json_error(
            "a string never closed, 1 MB long",
            with_text + b'"' + b"a" * 1_000_000,
            f"Unterminated string starting at line 1, column {len(with_text) + 1}.",
        ),
        json_error(
            "arrays nested 65 deep",
            b"[" * 65 + b"]" * 65,
            "JSON nesting exceeds the maximum depth of 64.",
        ),
        json_error(
            "objects nested 100,000 deep",
            b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
            "JSON nesting exceeds the maximum depth of 64.",
        ),
        json_error(
            "the quadratic pre-scan body",
            QUADRATIC,
            "JSON nesting exceeds the maximum depth of 64.",
        ),
        json_error(
            "a 5000-digit integer",
            with_text + b"7" * 5000 + b"}",
            "An integer in the JSON document has more than 4300 digits.",
        ),
        json_error("NaN", with_text + b"NaN}", "NaN is not valid JSON: numbers must be finite."),
        json_error(
            "Infinity",
            with_text + b"Infinity}",
            "Infinity is not valid JSON: numbers must be finite.",
        ),
        json_error(
            "-Infinity",
            with_text + b"-Infinity}",
            "-Infinity is not valid JSON: numbers must be finite.",
        ),
        json_error(
            "a float past the largest", with_text + b"1e400}", "The number 1e400 is too large."
        ),
        json_error(
            "a key twice",
            with_text + b'"a", "' + text.encode() + b'": "b"}',
            f"Duplicate key '{text}' in JSON object.",
        ),
        # -- media types and empty bodies ---------------------------------------------------
        case(
            "JSON sent as text/plain", body(valid, content_type="text/plain"), 415, detail=JSON_ONLY
        ),
        case("JSON without a Content-Type", body(valid, content_type=None), 415, detail=JSON_ONLY),
        case(
            "JSON sent as a form",
            body(valid, content_type="application/x-www-form-urlencoded"),
            415,
            detail=JSON_ONLY,
        ),
        case("an empty body", body(b""), 422, detail=INVALID, errors=a_body),
        case("no body at all", body(b"", content_length=False), 422, detail=INVALID, errors=a_body),
        case("null", body(b"null"), 422, detail=INVALID, errors=not_an_object),
        case("an array", body(b"[]"), 422, detail=INVALID, errors=not_an_object),
        # -- fields -------------------------------------------------------------------------
        field_error(
            "an escaped NUL",
            with_text + b'"a\\u0000b"}',
            text,
            "Text may not contain NUL characters.",
        ),
        field_error(
            "a lone surrogate",
            with_text + b'"\\ud800"}',
            text,
            "Text may not contain unpaired surrogate characters.",
        ),
        field_error("an unknown field", valid[:-1] + b', "bogus": 1}', "bogus", "Unknown field."),
        field_error(
            "a read-only field",
            valid[:-1] + f', "{read_only}": 7}}'.encode(),
            read_only,
            "Unknown field.",
        ),
        field_error("a number for text", with_text + b"5}", text, "Not a valid string."),
        field_error("a boolean for text", with_text + b"true}", text, "Not a valid string."),
        # -- sizes and framing --------------------------------------------------------------
        case(f"a body of {OVER_LIMIT} bytes", body(b" " * OVER_LIMIT), 413, detail=TOO_LARGE),
        case(
            f"a chunked body of {OVER_LIMIT} bytes",
            body(
                chunked(b" " * OVER_LIMIT),
                fields=(("Transfer-Encoding", "chunked"),),
                content_length=False,
            ),
            413,
            detail=TOO_LARGE,
        ),
        case(
            "a Content-Length past the limit, no body sent",
            body(b"", fields=(("Content-Length", str(OVER_LIMIT)),), content_length=False),
            413,
            detail=TOO_LARGE,
        ),
        case(
            "a body shorter than its Content-Length",
            body(valid, fields=(("Content-Length", str(len(valid) + 20)),), content_length=False),
            400,
            detail=(
                f"The request body ended after {len(valid)} of the {len(valid) + 20} bytes "
                "its Content-Length announced."
            ),
        ),
        case(
            "a chunk size that is not hex",
            body(
                b"zz\r\n{}\r\n0\r\n\r\n",
                fields=(("Transfer-Encoding", "chunked"),),
                content_length=False,
            ),
            400,
            detail="The request body could not be read: its chunked encoding is broken.",
        ),
        case(
            "a chunked body without its last chunk",
            body(
                b"%x\r\n%s\r\n" % (len(valid), valid),
                fields=(("Transfer-Encoding", "chunked"),),
                content_length=False,
            ),
            400,
            detail="The request body ended before its last chunk.",
        ),
        case(
            "Content-Length with Transfer-Encoding",
            body(
                chunked(valid),
                fields=(("Content-Length", "4"), ("Transfer-Encoding", "chunked")),
                content_length=False,
            ),
            400,
            answered_by="gunicorn",
        ),
        case(
            "two equal Content-Lengths",
            body(valid, fields=(("Content-Length", str(len(valid))),)),
            400,
            answered_by="gunicorn",
        ),
        case(
            "two different Content-Lengths",
            body(valid, fields=(("Content-Length", "2"),)),
            400,
            answered_by="gunicorn",
        ),
        case(
            "a negative Content-Length",
            body(b"", fields=(("Content-Length", "-1"),), content_length=False),
            400,
            answered_by="gunicorn",
        ),
        case(
            "a Transfer-Encoding gunicorn does not know",
            body(valid, fields=(("Transfer-Encoding", "gzip"),), content_length=False),
            400,
            answered_by="gunicorn",
        ),
        # -- integers in the path and the query -----------------------------------------------
        case("an id past int64", get(item.replace("{}", str(2**63))), 404, detail=NOT_FOUND),
        case("a negative id", get(item.replace("{}", "-1")), 404, detail=NOT_FOUND),
        case("a 1000-digit id", get(item.replace("{}", "9" * 1000)), 404, detail=NOT_FOUND),
        case(
            "an id in Arabic-Indic digits", get(item.replace("{}", "%D9%A1")), 404, detail=NOT_FOUND
        ),
        case("the largest id", get(item.replace("{}", str(2**63 - 1))), 404),
        case(
            "a query integer past int64",
            get(f"{query_path}?{query_name}={2**63}"),
            422,
            detail=INVALID,
            errors={"query": {query_name: ANY_MESSAGES}},
        ),
        case(
            "a 4000-digit query integer",
            get(f"{query_path}?{query_name}={'9' * 4000}"),
            422,
            detail=INVALID,
            errors={"query": {query_name: ANY_MESSAGES}},
        ),
        case(
            "a float for a query integer",
            get(f"{query_path}?{query_name}=1.5"),
            422,
            detail=INVALID,
            errors={"query": {query_name: ["Not a valid integer."]}},
        ),
        case(
            "a query parameter twice",
            get(f"{query_path}?{query_name}=1&{query_name}=2"),
            422,
            detail=INVALID,
            errors={
                "query": {
                    query_name: ["Repeated parameter: send one value, or declare a List field."]
                }
            },
        ),
        case(
            "a query value that is not UTF-8",
            get(f"{query_path}?{query_name}=%FF"),
            400,
            detail="The query string is not valid UTF-8, once its percent-escapes are decoded.",
        ),
        # -- methods --------------------------------------------------------------------------
        case(
            f"{refused} on the collection",
            get(endpoint.path, refused),
            405,
            detail=NOT_ALLOWED,
            check=allow(*collection_methods),
        ),
        case(
            "an unknown method",
            get(endpoint.path, "FROBNICATE"),
            405,
            detail=NOT_ALLOWED,
            check=allow(*collection_methods),
        ),
        case(
            "TRACE",
            get(endpoint.path, "TRACE"),
            405,
            detail=NOT_ALLOWED,
            check=allow(*collection_methods),
        ),
        case("a method in lower case", get(endpoint.path, "get"), 400, answered_by="gunicorn"),
        case("HEAD", get(example.health, "HEAD"), 200, head=True, check=no_body),
        case("OPTIONS", get(endpoint.path, "OPTIONS"), 200, check=allow(*collection_methods)),
        # -- Host -----------------------------------------------------------------------------
        case("a Host with a path", get(example.health, host="a/b?c#d"), 400, detail=INVALID_HOST),
        case("an empty Host", get(example.health, host=""), 400, detail=INVALID_HOST),
        case(
            "a Host outside ASCII",
            get(example.health, host="\xe9vil.example".encode()),
            400,
            detail=INVALID_HOST,
        ),
        case("a 300-character Host", get(example.health, host="a" * 300), 400, detail=INVALID_HOST),
        case(
            "a Host with port 99999",
            get(example.health, host="127.0.0.1:99999"),
            400,
            detail=INVALID_HOST,
        ),
        case(
            "two Host fields",
            get(example.health, fields=[("Host", "evil.example")]),
            400,
            answered_by="gunicorn",
        ),
        case(
            "a foreign Host on the docs page",
            get("/docs", host="evil.example"),
            200,
            check=never_mentions(b"evil.example"),
        ),
        case(
            "a foreign Host on the document",
            get("/openapi.json", host="evil.example"),
            200,
            check=never_mentions(b"evil.example"),
        ),
        # -- conditional requests -------------------------------------------------------------
        case("PUT without If-Match", put(valid), 428, detail=conditional("PUT")),
        case("DELETE without If-Match", get(item, "DELETE"), 428, detail=conditional("DELETE")),
        case("PUT with a stale If-Match", put(valid, ("If-Match", '"stale"')), 412, detail=STALE),
        case(
            "PUT with the current ETag made weak",
            lambda context: put(valid, ("If-Match", f"W/{context.etag}"))(context),
            412,
            detail=(
                "If-Match names the current ETag as a weak one (W/): If-Match uses the strong "
                "comparison, so send the ETag exactly as it was received."
            ),
        ),
        case(
            "GET with the current ETag in If-None-Match",
            lambda context: get(item, fields=[("If-None-Match", context.etag)])(context),
            304,
            check=no_body,
        ),
        # -- what gunicorn refuses before the app sees it -------------------------------------
        case(
            "a header field of 9000 bytes",
            get(example.health, fields=[("X-Big", "a" * 9000)]),
            431,
            answered_by="gunicorn",
        ),
        case(
            "120 header fields",
            get(example.health, fields=[(f"X-{n}", "1") for n in range(120)]),
            431,
            answered_by="gunicorn",
        ),
        case(
            "a 5000-byte request line",
            get(f"{example.health}?q={'a' * 5000}"),
            414,
            answered_by="gunicorn",
        ),
        case(
            "a NUL in a header value",
            get(example.health, fields=[("X-A", "a\x00b")]),
            400,
            answered_by="gunicorn",
        ),
        case(
            "a folded header line",
            get(example.health, fields=[("X-A", "a\r\n b")]),
            400,
            answered_by="gunicorn",
        ),
        case(
            "a space before the colon",
            get(example.health, fields=[("X-A ", "a")]),
            400,
            answered_by="gunicorn",
        ),
        case(
            "bare LF line ends",
            lambda context: f"GET {example.health} HTTP/1.1\nHost: {context.host}\n\n".encode(),
            400,
            answered_by="gunicorn",
        ),
        case(
            "HTTP/2.0 on an HTTP/1 socket",
            lambda context: (
                f"GET {example.health} HTTP/2.0\r\nHost: {context.host}\r\n\r\n".encode()
            ),
            400,
            answered_by="gunicorn",
        ),
        case(
            "raw bytes outside ASCII in the path",
            get(example.health + "\xff"),
            400,
            answered_by="gunicorn",
        ),
        case(
            "a TLS ClientHello",
            lambda context: b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",
            0,
            answered_by="nobody",
        ),
    ]
