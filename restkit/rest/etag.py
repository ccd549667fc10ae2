"""ETags and conditional requests: the stages of ``@etag``, and ``check_etag``/``set_etag``.

An ETag is werkzeug's :func:`~werkzeug.http.generate_etag` (SHA-1, hex) of the JSON
text the app's JSON provider writes for the data: the response body itself, or
the dump of the ETag schema, or what ``set_etag`` was given. Conditional headers
are parsed with werkzeug's :func:`~werkzeug.http.parse_etags`; ``If-None-Match``
is compared weakly, ``If-Match`` strongly (RFC 9110 §13.1.1, §13.1.2, §8.8.3.2).
See ``docs/conditional-requests.md``.
"""

from __future__ import annotations

import typing as t
from contextvars import ContextVar

from marshmallow import Schema
from werkzeug.http import generate_etag, parse_etags, quote_etag
from werkzeug.wrappers import Response as WerkzeugResponse

from ..core.errors import RestkitError
from ..core.return_values import split_return_value, status_code, without_body
from .errors import error_class
from .schemas import as_schema

if t.TYPE_CHECKING:
    from werkzeug.datastructures import ETags

    from ..core.json import JSONProvider
    from ..core.wrappers import Request, Response
    from .pipeline import Call, StageSetup, Step

#: Methods answered 304 when ``If-None-Match`` names the current ETag.
NOT_MODIFIED_METHODS = frozenset({"GET", "HEAD"})
#: Methods refused with 428 without ``If-Match``; their views compare it with ``check_etag``.
IF_MATCH_METHODS = frozenset({"PUT", "PATCH", "DELETE"})
#: Methods whose successful responses carry an ETag.
TAGGED_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH"})
#: Headers a 304 repeats from the response it stands for (RFC 9110 §15.4.5; the
#: server adds ``Date``).
NOT_MODIFIED_HEADERS = ("Cache-Control", "Content-Location", "Expires", "Vary")

PRECONDITION_FAILED = error_class(412)
PRECONDITION_REQUIRED = error_class(428)


class NotModified(Exception):
    """Raised by ``set_etag`` in a GET whose ``If-None-Match`` matches: the stage answers 304."""

    def __init__(self, etag: str) -> None:
        super().__init__(etag)
        self.etag = etag


class Conditions:
    """One request's ETag state: what the view set, what it checked.

    The stage makes one per request of an ``@etag`` endpoint and makes it
    current while the view runs, so ``check_etag`` and ``set_etag`` reach it.

    :param request: the request.
    :param method: the method of the pipeline (``GET`` for a HEAD served by GET).
    :param json: the app's JSON provider, which writes the text ETags are computed from.
    :param schema: the ETag schema of the operation, if any.
    """

    __slots__ = ("checked", "etag", "json", "method", "request", "schema", "source")

    def __init__(
        self, request: Request, method: str, json: JSONProvider, schema: Schema | None
    ) -> None:
        self.request = request
        self.method = method
        self.json = json
        self.schema = schema
        #: The ETag ``set_etag`` gave, which wins over any other.
        self.etag: str | None = None
        #: The text the ETag is computed from, when the ETag schema dumped the view's value.
        self.source: bytes | None = None
        #: Whether the view called ``check_etag``.
        self.checked = False

    def __repr__(self) -> str:
        return f"<Conditions {self.request.method} etag={self.etag!r} checked={self.checked}>"

    def etag_of(self, obj: t.Any, schema: t.Any) -> str:
        """Return the ETag of *obj*, dumped with *schema* (or the ETag schema) if there is one."""
        chosen = self.schema if schema is None else etag_schema(schema)
        data = obj if chosen is None else chosen.dump(obj)
        return generate_etag(self.json.dumps(data).encode())

    def check(self, obj: t.Any, schema: t.Any) -> None:
        """Refuse the request with 412 unless ``If-Match`` names the ETag of *obj* (strongly)."""
        if self.method not in IF_MATCH_METHODS:
            raise RestkitError(
                f"check_etag() compares If-Match, which @etag requires on PUT, PATCH and DELETE: "
                f"call it in those views, not in a {self.method} (If-None-Match is compared "
                "for you)."
            )
        etag = self.etag_of(obj, schema)
        self.checked = True
        if_match = parse_etags(field_value(self.request, "If-Match"))
        if not if_match.contains(etag):
            raise PRECONDITION_FAILED(stale_detail(if_match, etag))

    def set(self, obj: t.Any, schema: t.Any) -> None:
        """Make the ETag of *obj* the response's; in a GET or HEAD, end with 304 if it matches."""
        if self.method not in TAGGED_METHODS:
            raise RestkitError(
                f"set_etag() in a {self.method} view: the responses of {self.method} carry no "
                "ETag. Call it in GET, HEAD, POST, PUT or PATCH views."
            )
        etag = self.etag_of(obj, schema)
        if self.method in NOT_MODIFIED_METHODS and matches_weakly(self.request, etag):
            raise NotModified(etag)
        self.etag = etag


#: The conditions of the request being handled by an ``@etag`` view.
current_conditions_var: ContextVar[Conditions] = ContextVar("restkit.rest.etag")


def current_conditions(helper: str) -> Conditions:
    """Return the conditions of the request being handled.

    :param helper: the name of the calling helper, for the error message.
    :raise RestkitError: no ``@etag`` view is handling a request.
    """
    conditions = current_conditions_var.get(None)
    if conditions is None:
        raise RestkitError(
            f"{helper}() works inside a view decorated with @blueprint.etag, while it "
            "handles a request: decorate the view (or its MethodView class) with @blueprint.etag."
        )
    return conditions


def check_etag(obj: t.Any, schema: t.Any = None) -> None:
    """Refuse the current request with 412 unless its ``If-Match`` names the ETag of *obj*.

    :param obj: the resource as it is now, before the view changes it.
    :param schema: dumps *obj* before hashing; by default the ETag schema of
        ``@etag(schema)``, else *obj* is hashed as it is.
    """
    current_conditions("check_etag").check(obj, schema)


def set_etag(obj: t.Any, schema: t.Any = None) -> None:
    """Compute the current response's ETag from *obj* rather than from the response.

    In a GET or HEAD whose ``If-None-Match`` names that ETag, the view ends here
    and the client gets 304.

    :param schema: dumps *obj* before hashing; by default the ETag schema of
        ``@etag(schema)``, else *obj* is hashed as it is.
    """
    current_conditions("set_etag").set(obj, schema)


def etag_schema(schema: t.Any) -> Schema:
    """Return *schema* (a Schema class or instance, or a dict of fields) as a Schema instance."""
    resolved = as_schema(schema)
    if not isinstance(resolved, Schema):
        raise RestkitError(
            "An ETag schema dumps data, so it must be a marshmallow Schema (class, instance or "
            "dict of fields), not a JSON Schema."
        )
    return resolved


def field_value(request: Request, name: str) -> str:
    """Return the value of header *name* without surrounding whitespace (``""`` when absent)."""
    return request.headers.get(name, "").strip(" \t")


def matches_weakly(request: Request, etag: str) -> bool:
    """Whether ``If-None-Match`` names *etag*, or is ``*`` (weak comparison, RFC 9110 §13.1.2)."""
    # PERF: most requests have no If-None-Match; nothing to parse then.
    if "HTTP_IF_NONE_MATCH" not in request.environ:
        return False
    return parse_etags(field_value(request, "If-None-Match")).contains_weak(etag)


def stale_detail(if_match: ETags, etag: str) -> str:
    """Say why ``If-Match`` does not name the current ETag *etag*."""
    if not if_match:
        return (
            "If-Match holds no entity tag: send the ETag header of the resource as it was "
            'received, double quotes included ("...").'
        )
    if if_match.is_weak(etag):
        return (
            "If-Match names the current ETag as a weak one (W/): If-Match uses the strong "
            "comparison, so send the ETag exactly as it was received."
        )
    return (
        "The resource has changed since the ETag in If-Match was read: get it again, and "
        "repeat the request with its new ETag."
    )


def conditional_requests(setup: StageSetup, next_step: Step) -> Step:
    """Send ETags; answer 304 to a matching ``If-None-Match``; require ``If-Match`` on writes.

    Outside the respond stage: it sees the response the view's value became.
    """
    record = setup.operation.etag
    method = setup.method
    if record is None or method not in TAGGED_METHODS | IF_MATCH_METHODS:
        return next_step
    # PERF: everything that depends only on the operation is decided here, once.
    requires_if_match = method in IF_MATCH_METHODS
    answers_not_modified = method in NOT_MODIFIED_METHODS
    tags_responses = method in TAGGED_METHODS
    include_headers = record.include_headers
    schema = record.schema
    app = setup.app
    json = app.json
    response_class = app.response_class
    endpoint = setup.endpoint
    required_detail = (
        f"A {method} of this resource must be conditional: send If-Match with the ETag "
        "the resource was last read with."
    )

    def not_modified(etag: str, sent: Response | None) -> Response:
        response = without_body(response_class(status=304))
        response.headers["ETag"] = quote_etag(etag)
        if sent is not None:
            for name in NOT_MODIFIED_HEADERS:
                for value in sent.headers.getlist(name):
                    response.headers.add(name, value)
        return response

    def conditional(call: Call) -> Response:
        request = call.request
        if requires_if_match and "If-Match" not in request.headers:
            raise PRECONDITION_REQUIRED(required_detail)
        conditions = Conditions(request, method, json, schema)
        token = current_conditions_var.set(conditions)
        try:
            response: Response = next_step(call)
        except NotModified as exc:
            return not_modified(exc.etag, None)
        finally:
            current_conditions_var.reset(token)
        if requires_if_match and not conditions.checked:
            app.logger.warning(
                "%s %s: the view did not call check_etag(), so If-Match was required but not "
                "compared with the resource. Call blueprint.check_etag(obj) before changing it.",
                method,
                endpoint,
            )
        if not tags_responses or not 200 <= response.status_code < 300:
            return response
        etag = response_etag(response, conditions, include_headers)
        if etag is None:
            return response
        if answers_not_modified and matches_weakly(request, etag):
            return not_modified(etag, response)
        response.headers["ETag"] = quote_etag(etag)
        return response

    return conditional


def response_etag(
    response: Response, conditions: Conditions, include_headers: tuple[str, ...]
) -> str | None:
    """Return the ETag of a successful *response*, or ``None`` when it gets none.

    ``set_etag``'s value wins; else the ETag schema's dump, else the body, plus the
    values of *include_headers*. A response without a body, or streamed, gets an
    ETag only from ``set_etag``.
    """
    if conditions.etag is not None:
        return conditions.etag
    if response.status_code == 204:
        return None
    source = conditions.source
    if source is None:
        if response.is_streamed:
            return None
        source = response.get_data()
    lines = [
        f"{name}: {value}".encode()
        for name in include_headers
        for value in response.headers.getlist(name)
    ]
    return generate_etag(b"\n".join([source, *lines]) if lines else source)


def etag_from_schema(setup: StageSetup, next_step: Step) -> Step:
    """Give the ETag the ETag schema's dump of the view's value, for ``@etag(schema)``.

    Inside the respond stage, where the view's value is still at hand; only a
    successful value gets one, and ``set_etag`` wins over it.
    """
    record = setup.operation.etag
    if record is None or record.schema is None or setup.method not in TAGGED_METHODS:
        return next_step
    dump = record.schema.dump
    dumps = setup.app.json.dumps

    def dump_for_etag(call: Call) -> t.Any:
        rv = next_step(call)
        body, status, _headers = split_return_value(rv)
        conditions = current_conditions_var.get()
        if (
            conditions.etag is None
            and not isinstance(body, WerkzeugResponse)
            and (status is None or 200 <= status_code(status) < 300)
        ):
            conditions.source = dumps(dump(body)).encode()
        return rv

    return dump_for_etag
