"""The idempotency stage: run a keyed request once, and answer its retries from the store.

A request carrying ``Idempotency-Key`` claims its key in the store — scoped by
the settings' namespace and the caller (:func:`~restkit.rest.caller.caller_key`)
— for the *fingerprint* of its method, path with query, ``Content-Type`` and
body. The request that claims the key runs; its response, unless a 5xx, is kept
and completes the key. A retry of the same request gets that response again,
marked ``Idempotent-Replayed: true``; one arriving while the first still runs
gets 409 with ``Retry-After``; the same key with another request gets 422. See
``docs/idempotency.md``.
"""

from __future__ import annotations

import hashlib
import json
import typing as t

from werkzeug.datastructures import Headers
from werkzeug.exceptions import HTTPException
from werkzeug.http import is_hop_by_hop_header

from .caller import caller_key
from .errors import error_class
from .idempotency import REPLAYED_HEADER, RETRY_AFTER, IdempotencySettings, idempotency_for
from .idempotency_key import HEADER, idempotency_key
from .store import Outcome, app_store

if t.TYPE_CHECKING:
    from ..core.app import App
    from ..core.wrappers import Request, Response
    from .pipeline import Call, StageSetup, Step
    from .store import Claim, Store

#: Response headers never kept for replay: cookies belong to the first response
#: alone; the date and length are set anew for each response sent.
UNKEPT_HEADERS = frozenset({"set-cookie", "date", "content-length"})
#: The prefix of the store keys of idempotency keys.
STORE_PREFIX = "restkit:idempotency:"

MISSING_KEY = (
    f"This operation requires an {HEADER} header: send a fresh key (a UUID) in double quotes, "
    "and the same key again when you retry the request."
)
IN_PROGRESS = (
    f"A request with this {HEADER} is still being processed: retry after a moment, and "
    "you will get its response."
)
OTHER_REQUEST = (
    f"This {HEADER} was already used for another request (another method, path, "
    "Content-Type or body): send each request with a key of its own."
)


def idempotency(setup: StageSetup, next_step: Step) -> Step:
    """Honour ``Idempotency-Key`` on an operation that takes keys (outside the respond stage)."""
    app = setup.app
    settings = IdempotencySettings.of(app)
    record = idempotency_for(setup.operation, setup.method, settings)
    if record is None:
        return next_step
    # PERF: the store, settings and errors are resolved once per endpoint method.
    store = app_store(app)
    required = record.required
    bad_request, conflict, unprocessable = error_class(400), error_class(409), error_class(422)
    retry_after = {"Retry-After": str(RETRY_AFTER)}
    run = error_rendering(app, next_step)

    def honour_key(call: Call) -> Response:
        request = call.request
        key = idempotency_key(request)
        if key is None:
            if required:
                raise bad_request(MISSING_KEY)
            return t.cast("Response", next_step(call))
        scoped = scoped_key(settings.namespace, caller_key(request), key)
        claim = store.claim(scoped, request_fingerprint(request), settings.lease)
        if claim.outcome is Outcome.DONE:
            return replayed(app, t.cast(bytes, claim.value))
        if claim.outcome is Outcome.IN_PROGRESS:
            raise conflict(IN_PROGRESS, headers=retry_after)
        if claim.outcome is Outcome.MISMATCH:
            raise unprocessable(OTHER_REQUEST)
        try:
            response = run(call)
        except BaseException:
            store.release(claim)
            raise
        keep(app, store, claim, response, settings)
        return response

    return honour_key


def error_rendering(app: App, next_step: Step) -> t.Callable[[Call], Response]:
    """Return *next_step*, with the 4xx errors it raises turned into responses to keep.

    They are rendered as the app renders them (its error handlers); 5xx errors,
    and exceptions the app does not answer, propagate.
    """

    def run(call: Call) -> Response:
        try:
            return t.cast("Response", next_step(call))
        except HTTPException as exc:
            if exc.code is None or exc.code >= 500:
                raise
            return app.make_response(app.handle_user_exception(exc))

    return run


def keep(
    app: App, store: Store, claim: Claim, response: Response, settings: IdempotencySettings
) -> None:
    """Complete *claim* with *response*; release it when the response cannot be kept.

    A 5xx is not kept, so the client may retry. Nor is a streamed response or
    a body over the size limit: a warning says so, since a retry runs again.
    """
    if response.status_code >= 500:
        store.release(claim)
        return
    value = stored_response(response, settings.max_response_size)
    if value is None:
        store.release(claim)
        app.logger.warning(
            "%s: the response to an Idempotency-Key request was not kept (streamed, or over "
            "API_IDEMPOTENCY_MAX_RESPONSE_SIZE = %d bytes): a retry runs the request again.",
            app.name,
            settings.max_response_size,
        )
        return
    if not store.complete(claim, value, settings.ttl):
        app.logger.warning(
            "%s: a request ran longer than API_IDEMPOTENCY_LEASE (%g s), so its idempotency "
            "key was freed and its response was not kept: raise the lease above the longest "
            "request.",
            app.name,
            settings.lease,
        )


def scoped_key(namespace: str, caller: str, key: str) -> str:
    """Return the store key of *key* sent by *caller*: a hash, whatever the key holds."""
    text = json.dumps([namespace, caller, key], ensure_ascii=True)
    return STORE_PREFIX + hashlib.sha256(text.encode()).hexdigest()


def request_fingerprint(request: Request) -> str:
    """Return the fingerprint of *request*: its method, path, query, ``Content-Type`` and body.

    Reading the body here keeps it for the argument loaders (and refuses one
    over ``MAX_CONTENT_LENGTH`` with 413, before any key is claimed).
    """
    query = request.query_string.decode("latin-1")
    head = json.dumps([request.method, request.path, query, request.content_type or ""])
    digest = hashlib.sha256(head.encode())
    digest.update(b"\n")
    digest.update(request.get_data(cache=True))
    return digest.hexdigest()


def stored_response(response: Response, max_size: int) -> bytes | None:
    """Return *response* as bytes to keep, or ``None`` when streamed or over *max_size*.

    Its status line and headers (but those in :data:`UNKEPT_HEADERS` and the
    hop-by-hop ones) as a JSON line, then the body.
    """
    if response.is_streamed:
        return None
    body = response.get_data()
    if len(body) > max_size:
        return None
    headers = [
        [name, value]
        for name, value in response.headers.items()
        if name.lower() not in UNKEPT_HEADERS and not is_hop_by_hop_header(name)
    ]
    head = json.dumps({"status": response.status, "headers": headers}, ensure_ascii=True)
    return head.encode() + b"\n" + body


def replayed(app: App, value: bytes) -> Response:
    """Return the response kept as *value*, marked ``Idempotent-Replayed: true``."""
    head, _, body = value.partition(b"\n")
    kept = json.loads(head)
    response = app.response_class(body, status=kept["status"])
    response.headers = Headers([(name, value) for name, value in kept["headers"]])
    response.headers[REPLAYED_HEADER] = "true"
    return response
