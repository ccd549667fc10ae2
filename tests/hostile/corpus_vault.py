"""The hostile cases of the vault: what the examples do not have yet, or must not have.

Credentials, session cookies and cursors are forged here with the vault's own
keys (a test knows them): expired, tampered, signed with a key nobody
configured, or with the key rotated out into ``SECRET_KEY_FALLBACKS``. Integers
and booleans in bodies, page numbers, forms and uploads, values reflected into
response headers, trusted hosts and redirects, idempotency keys, the docs page
and an unhandled exception complete it.
"""

from __future__ import annotations

import hashlib
import json
import time
import typing as t

from itsdangerous import TimestampSigner, URLSafeSerializer, URLSafeTimedSerializer

from restkit.sessions import SecureCookieSessionInterface

from . import vault
from .cases import Case
from .corpus_examples import INVALID, TOO_LARGE, no_body

if t.TYPE_CHECKING:
    from .cases import Context
    from .raw_http import RawReply

TARGET = "vault"
NO_CREDENTIALS = "This endpoint needs authentication, and the request carries no credentials."
REFUSED = "The credentials the request carries were not accepted."
BAD_CURSOR = "The cursor is not one this list gave out: start again from the first page."
SERVER_ERROR = (
    "The server encountered an internal error and was unable to complete your request. "
    "Either the server is overloaded or there is an error in the application."
)
KEY_FORMAT = (
    'Idempotency-Key takes one string in double quotes, e.g. Idempotency-Key: "<a fresh UUID>"'
)
FORM = "application/x-www-form-urlencoded"
NOT_A_FORM = "The request body is not a valid form: "
BOUNDARY = "vault-boundary"
MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"
FORGER = "a key the attacker chose"
FORTY_DAYS = 40 * 24 * 3600


class Backdated(TimestampSigner):
    """Signs as if forty days ago: past any token's or session's lifetime."""

    def get_timestamp(self) -> int:
        return int(time.time()) - FORTY_DAYS


def token(key: str, *, signer: type[TimestampSigner] = TimestampSigner) -> str:
    """Return a bearer token of ann's, signed with *key*."""
    return URLSafeTimedSerializer(key, salt=vault.TOKEN_SALT, signer=signer).dumps("ann")


def session_cookie(key: str, *, signer: type[TimestampSigner] = TimestampSigner) -> str:
    """Return a ``Cookie`` field value holding ``{"name": "ann"}``, signed with *key* the way
    restkit signs sessions."""
    interface = SecureCookieSessionInterface
    serializer = URLSafeTimedSerializer(
        key,
        salt=interface.salt,
        serializer=interface.serializer,
        signer=signer,
        signer_kwargs={
            "key_derivation": interface.key_derivation,
            "digest_method": interface.digest_method,
        },
    )
    return "session=" + serializer.dumps({"name": "ann"})


def cursor(key: str, value: t.Any, *, feed: str = "vault.events") -> str:
    """Return a cursor after *value*, signed with *key* the way restkit signs a feed's."""
    serializer = URLSafeSerializer(
        key, salt=f"restkit.cursor:{feed}:id", signer_kwargs={"digest_method": hashlib.sha256}
    )
    return serializer.dumps(value)


def tampered(signed: str) -> str:
    """Return *signed* with the last two characters of its signature changed."""
    return signed[:-2] + ("AA" if not signed.endswith("AA") else "BB")


def multipart(*parts: tuple[str, str, bool], closed: bool = True) -> bytes:
    """Return a multipart body of ``(name, value, is_file)`` parts."""
    body = "".join(
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"'
        + ('; filename="f.txt"' if is_file else "")
        + f"\r\n\r\n{value}\r\n"
        for name, value, is_file in parts
    )
    return (body + (f"--{BOUNDARY}--\r\n" if closed else "")).encode()


def item(**fields: t.Any) -> bytes:
    return json.dumps({"name": "lamp", "quantity": 1, **fields}).encode()


Check = t.Callable[["RawReply", "Context"], None]


def replies(expected: t.Any) -> Check:
    """The reply's JSON is *expected* (or what *expected* returns for the context)."""

    def check(reply: RawReply, context: Context) -> None:
        assert reply.json() == (expected(context) if callable(expected) else expected)

    return check


def header_is(name: str, expected: str | t.Callable[[Context], str]) -> Check:
    """The reply's field *name* is *expected* (or what *expected* returns for the context)."""

    def check(reply: RawReply, context: Context) -> None:
        assert reply.header(name) == (expected(context) if callable(expected) else expected)

    return check


def challenges(*expected: str) -> Check:
    return header_is("www-authenticate", ", ".join(expected))


def body_has(present: bytes = b"", *absent: bytes) -> Check:
    """The reply's body holds *present* and none of *absent*."""

    def check(reply: RawReply, context: Context) -> None:
        assert present in reply.body
        assert not [text for text in absent if text in reply.body]

    return check


def nothing_reflected(reply: RawReply, context: Context) -> None:
    """The reflected value went nowhere: no X-Echo, no cookie smuggled in with it."""
    names = {name.lower() for name, _ in reply.fields}
    assert not names & {"x-echo", "set-cookie"}


def vault_cases() -> list[Case]:
    """Return the cases of the vault."""

    def case(id: str, request: t.Callable[[Context], bytes], status: int, **kw: t.Any) -> Case:
        return Case(f"vault: {id}", TARGET, request, status, **kw)

    def get(target: str, method: str = "GET", **kw: t.Any) -> t.Callable[[Context], bytes]:
        return lambda context: context.request(method, target.format(context.item_id), **kw)

    def anonymous(
        target: str, *fields: tuple[str, str], method: str = "GET"
    ) -> t.Callable[[Context], bytes]:
        return lambda context: context.request(method, target, fields=fields, signed_in=False)

    def send(
        target: str, raw: bytes, content_type: str = "application/json", *fields: tuple[str, str]
    ) -> t.Callable[[Context], bytes]:
        return lambda context: context.request(
            "POST", target, fields=[("Content-Type", content_type), *fields], body=raw
        )

    def field_error(id: str, raw: bytes, location: str, field: str, message: str) -> Case:
        return case(
            id, send("/items", raw), 422, detail=INVALID, errors={location: {field: [message]}}
        )

    def page_error(id: str, query: str, field: str, message: str) -> Case:
        return case(
            id, get(f"/items?{query}"), 422, detail=INVALID, errors={"query": {field: [message]}}
        )

    def session(id: str, cookie: str, name: str | None) -> Case:
        return case(
            id, get("/session", fields=[("Cookie", cookie)]), 200, check=replies({"name": name})
        )

    def feed(id: str, value: str, status: int = 400, **kw: t.Any) -> Case:
        if status == 400:
            kw.setdefault("detail", BAD_CURSOR)
        return case(id, get(f"/events?cursor={value}"), status, **kw)

    def reflect(id: str, value: str) -> Case:
        return case(
            id, get(f"/reflect?value={value}"), 500, detail=SERVER_ERROR, check=nothing_reflected
        )

    def keyed(key: str, raw: bytes) -> t.Callable[[Context], bytes]:
        return send("/items", raw, "application/json", ("Idempotency-Key", key))

    int64 = "Must be less than or equal to 9223372036854775807."
    not_int = "Not a valid integer."
    pages = "Must be greater than or equal to 1 and less than or equal to 184467440737095517."
    page_sizes = "Must be greater than or equal to 1 and less than or equal to 50."
    repeated = "Repeated parameter: send one value, or declare a List field."
    bearer = 'Bearer realm="Authentication Required"'
    invalid_bearer = 'Bearer realm="Authentication Required", error="invalid_token"'
    api_key = 'ApiKey realm="Authentication Required", name="X-API-Key", in="header"'
    basic = 'Basic realm="Vault", charset="UTF-8"'
    wrong_token = {"detail": REFUSED, "check": challenges(invalid_bearer, api_key)}
    return [
        # -- integers, numbers and booleans in a JSON body --------------------------------------
        field_error("a quantity past int64", item(quantity=2**63), "json", "quantity", int64),
        field_error(
            "a negative quantity",
            item(quantity=-1),
            "json",
            "quantity",
            "Must be greater than or equal to 0.",
        ),
        field_error("a float for an integer", item(quantity=1.5), "json", "quantity", not_int),
        field_error(
            "a whole float for an integer",
            b'{"name": "lamp", "quantity": 1.0}',
            "json",
            "quantity",
            not_int,
        ),
        field_error("a boolean for an integer", item(quantity=True), "json", "quantity", not_int),
        field_error(
            "a numeric string for an integer", item(quantity="5"), "json", "quantity", not_int
        ),
        field_error(
            "a string for a number", item(price="4.5"), "json", "price", "Not a valid number."
        ),
        field_error(
            "a boolean for a number", item(price=True), "json", "price", "Not a valid number."
        ),
        field_error(
            "a string for a boolean", item(gift="yes"), "json", "gift", "Not a valid boolean."
        ),
        field_error("a number for a boolean", item(gift=1), "json", "gift", "Not a valid boolean."),
        # -- page numbers ---------------------------------------------------------------------
        page_error("a page past int64", f"page={2**63}", "page", pages),
        page_error("a page whose offset overflows", f"page={2**62}", "page", pages),
        page_error("page 0", "page=0", "page", pages),
        page_error("a page size of 0", "page_size=0", "page_size", page_sizes),
        page_error("a page size past the maximum", "page_size=51", "page_size", page_sizes),
        page_error("a float page", "page=1.5", "page", not_int),
        page_error("page twice", "page=1&page=2", "page", repeated),
        # -- credentials ----------------------------------------------------------------------
        case(
            "no credentials",
            anonymous("/me"),
            401,
            detail=NO_CREDENTIALS,
            check=challenges(bearer, api_key),
        ),
        case(
            "an expired token",
            lambda context: anonymous(
                "/me", ("Authorization", f"Bearer {token(vault.SECRET_KEY, signer=Backdated)}")
            )(context),
            401,
            **wrong_token,
        ),
        case(
            "a tampered token",
            lambda context: anonymous(
                "/me", ("Authorization", tampered(dict(context.auth)["Authorization"]))
            )(context),
            401,
            **wrong_token,
        ),
        case(
            "a token signed with a forged key",
            anonymous("/me", ("Authorization", f"Bearer {token(FORGER)}")),
            401,
            **wrong_token,
        ),
        case(
            "a token signed with the rotated-out key",
            anonymous("/me", ("Authorization", f"Bearer {token(vault.OLD_SECRET_KEY)}")),
            200,
            check=replies({"user": "ann"}),
        ),
        case(
            "an empty bearer token",
            anonymous("/me", ("Authorization", "Bearer ")),
            401,
            **wrong_token,
        ),
        case(
            "a token outside Latin-1",
            anonymous("/me", ("Authorization", "Bearer \u00e9")),
            401,
            **wrong_token,
        ),
        case(
            "a wrong API key",
            anonymous("/me", ("X-API-Key", "guess")),
            401,
            detail=REFUSED,
            check=challenges(bearer, api_key),
        ),
        case(
            "a wrong password",
            anonymous(
                "/tokens", ("Authorization", vault.basic_credentials("ann", "guess")), method="POST"
            ),
            401,
            detail=REFUSED,
            check=challenges(basic),
        ),
        case(
            "Basic credentials that are not Base64",
            anonymous("/tokens", ("Authorization", "Basic %%%"), method="POST"),
            401,
            detail=REFUSED,
            check=challenges(basic),
        ),
        case(
            "an authenticated answer is not stored",
            get("/me"),
            200,
            check=header_is("cache-control", "private, no-store"),
        ),
        # -- session cookies ------------------------------------------------------------------
        session("a session cookie of the current key", session_cookie(vault.SECRET_KEY), "ann"),
        session("a tampered session cookie", tampered(session_cookie(vault.SECRET_KEY)), None),
        session("a session cookie signed with a forged key", session_cookie(FORGER), None),
        session(
            "a session cookie of the rotated-out key", session_cookie(vault.OLD_SECRET_KEY), "ann"
        ),
        session(
            "an expired session cookie", session_cookie(vault.SECRET_KEY, signer=Backdated), None
        ),
        session("a session cookie that is not Base64", "session=%%%not-base64", None),
        session("a 6000-byte session cookie", "session=" + "A" * 6000, None),
        case(
            "a 9000-byte session cookie",
            get("/session", fields=[("Cookie", "session=" + "A" * 9000)]),
            431,
            answered_by="gunicorn",
        ),
        # -- cursors --------------------------------------------------------------------------
        feed("a tampered cursor", tampered(cursor(vault.SECRET_KEY, 10))),
        feed("a cursor signed with a forged key", cursor(FORGER, 10)),
        feed("a cursor of another feed", cursor(vault.SECRET_KEY, 10, feed="vault.items")),
        feed("a cursor holding an object", cursor(vault.SECRET_KEY, {"id": 10})),
        feed("a cursor holding a float", cursor(vault.SECRET_KEY, 1.5)),
        feed("a cursor that is no cursor", "junk"),
        feed(
            "a cursor of the rotated-out key",
            cursor(vault.OLD_SECRET_KEY, 10),
            200,
            check=replies(vault.EVENTS[10:20]),
        ),
        feed(
            "an empty cursor",
            "",
            422,
            detail=INVALID,
            errors={"query": {"cursor": ["Shorter than minimum length 1."]}},
        ),
        # -- forms and uploads ----------------------------------------------------------------
        case(
            "an urlencoded form of 50,000 fields",
            send("/forms", "&".join(f"f{n}=x" for n in range(50_000)).encode(), FORM),
            413,
            detail="The form has more than 1000 fields.",
        ),
        case(
            "a multipart form of 1001 parts",
            send("/forms", multipart(*((f"f{n}", "x", False) for n in range(1001))), MULTIPART),
            413,
            detail=TOO_LARGE,
        ),
        case(
            "a multipart field of 600 kB",
            send("/forms", multipart(("text", "x" * 600_000, False)), MULTIPART),
            413,
            detail=TOO_LARGE,
        ),
        case(
            "a multipart form cut before its closing boundary",
            send("/forms", multipart(("text", "x", False), closed=False), MULTIPART),
            400,
            detail=f"{NOT_A_FORM}the multipart body ends before its closing boundary.",
        ),
        case(
            "a multipart form without a boundary",
            send("/forms", multipart(("text", "x", False)), "multipart/form-data"),
            400,
            detail=f"{NOT_A_FORM}Missing boundary",
        ),
        case(
            "a form of bytes that are not UTF-8",
            send("/forms", b"text=\xff", FORM),
            400,
            detail=f"{NOT_A_FORM}it is not valid UTF-8, once its percent-escapes are decoded.",
        ),
        case(
            "a form with %FF",
            send("/forms", b"text=%FF", FORM),
            400,
            detail=f"{NOT_A_FORM}it is not valid UTF-8, once its percent-escapes are decoded.",
        ),
        case(
            "a form integer past int64",
            send("/forms", f"stars={2**63}".encode(), FORM),
            422,
            detail=INVALID,
            errors={"form": {"stars": [int64]}},
        ),
        case(
            "a form field twice",
            send("/forms", b"stars=1&stars=2", FORM),
            422,
            detail=INVALID,
            errors={"form": {"stars": [repeated]}},
        ),
        case(
            "an upload without its file",
            send("/uploads", multipart(("caption", "x", False)), MULTIPART),
            422,
            detail=INVALID,
            errors={"files": {"file": ["Missing data for required field."]}},
        ),
        case(
            f"an upload of {17 * 1024 * 1024} bytes",
            send("/uploads", multipart(("file", "x" * (17 * 1024 * 1024), True)), MULTIPART),
            413,
            detail=TOO_LARGE,
        ),
        # -- values reflected into response headers -------------------------------------------
        reflect("CR LF reflected into a header", "a%0D%0ASet-Cookie:%20admin=1"),
        reflect("a lone LF reflected into a header", "a%0Ab"),
        reflect("a NUL reflected into a header", "a%00b"),
        reflect("text outside Latin-1 reflected into a header", "5%20%E2%82%AC"),
        # -- hosts and absolute URLs ----------------------------------------------------------
        case(
            "a Host not in TRUSTED_HOSTS",
            get("/where", host="evil.example"),
            400,
            detail="Host 'evil.example' is not trusted.",
        ),
        case(
            "a subdomain of a trusted host",
            get("/where", host="x.api.example.com"),
            400,
            detail="Host 'x.api.example.com' is not trusted.",
        ),
        case(
            "a trusted Host in an absolute URL",
            get("/where", host="api.example.com:8443"),
            200,
            check=replies({"url": "http://api.example.com:8443/where"}),
        ),
        case(
            "X-Forwarded-Host without a proxy",
            get("/where", fields=[("X-Forwarded-Host", "evil.example")]),
            200,
            check=replies(lambda context: {"url": f"http://{context.host}/where"}),
        ),
        case(
            "POST without the trailing slash",
            get("/folders", "POST"),
            308,
            check=header_is("location", lambda context: f"http://{context.host}/folders/"),
        ),
        case(
            "POST without the trailing slash, a foreign Host",
            get("/folders", "POST", host="evil.example"),
            400,
            detail="Host 'evil.example' is not trusted.",
        ),
        # -- idempotency keys -----------------------------------------------------------------
        case(
            "a key used again for another body",
            keyed('"reused-key"', item(name="other")),
            422,
            before=lambda context: [keyed('"reused-key"', item(name="first"))(context)],
            detail=(
                "This Idempotency-Key was already used for another request (another method, path, "
                "Content-Type or body): send each request with a key of its own."
            ),
        ),
        case(
            "a key used again for the same body",
            keyed('"replayed-key"', item(name="same")),
            201,
            before=lambda context: [keyed('"replayed-key"', item(name="same"))(context)],
            check=header_is("idempotent-replayed", "true"),
        ),
        case("a key without quotes", keyed("bare-key", item()), 400, detail=f"{KEY_FORMAT}."),
        case(
            "a key of 256 characters",
            keyed('"' + "k" * 256 + '"', item()),
            400,
            detail=f"{KEY_FORMAT}: the key is longer than 255 characters.",
        ),
        case(
            "a key outside ASCII",
            keyed('"cl\u00e9"', item()),
            400,
            detail=f"{KEY_FORMAT}: it may hold printable ASCII characters only.",
        ),
        case(
            "two keys",
            send(
                "/items",
                item(),
                "application/json",
                ("Idempotency-Key", '"a"'),
                ("Idempotency-Key", '"b"'),
            ),
            400,
            detail=f"{KEY_FORMAT}: send one key, and nothing after its closing quote.",
        ),
        # -- the docs page and unhandled exceptions -------------------------------------------
        case(
            "</script> in the title and config of the docs page",
            get("/docs"),
            200,
            check=body_has(
                b"<title>Vault &lt;/script&gt;", vault.SCRIPT.encode(), b"</script><script>"
            ),
        ),
        case(
            "an unhandled exception",
            get("/crash"),
            500,
            detail=SERVER_ERROR,
            check=body_has(b"", b"hunter2", b"Traceback", b"RuntimeError"),
        ),
        case(
            "an unhandled exception, to HEAD", get("/crash", "HEAD"), 500, head=True, check=no_body
        ),
    ]
