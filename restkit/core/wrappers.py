"""The request and response objects: werkzeug's, plus what a routed app knows."""

from __future__ import annotations

import io
import re
import typing as t
from functools import cached_property
from urllib.parse import unquote_to_bytes

from werkzeug.exceptions import (
    BadRequest,
    ClientDisconnected,
    HTTPException,
    RequestEntityTooLarge,
)
from werkzeug.formparser import FormDataParser
from werkzeug.wrappers import Request as WerkzeugRequest
from werkzeug.wrappers import Response as WerkzeugResponse
from werkzeug.wsgi import ClosingIterator, LimitedStream

if t.TYPE_CHECKING:
    from _typeshed.wsgi import WSGIEnvironment
    from werkzeug.datastructures import MultiDict
    from werkzeug.formparser import t_parse_result
    from werkzeug.routing import Rule

URLENCODED = "application/x-www-form-urlencoded"
NOT_UTF8 = "is not valid UTF-8, once its percent-escapes are decoded"
CUT_MULTIPART = "the multipart body ends before its closing boundary."
UNFRAMED_BODY = "The request body could not be read: its chunked encoding is broken."
_AMPERSAND_RUNS = re.compile(rb"&{2,}")


def count_form_fields(body: bytes) -> int:
    """Return how many fields the urlencoded *body* holds (empty ``&``-separated pieces aside)."""
    if b"&&" in body:
        body = _AMPERSAND_RUNS.sub(b"&", body)
    body = body.strip(b"&")
    return body.count(b"&") + 1 if body else 0  # PERF: passes in C, no piece allocated


def is_utf8_once_decoded(encoded: bytes) -> bool:
    """Tell whether *encoded* (a query string, an urlencoded form) is UTF-8 text once its
    percent-escapes are decoded.

    werkzeug keeps an escape that is not UTF-8 as it is: ``%FF`` would reach the app
    as the text ``%FF``.
    """
    if b"%" not in encoded and encoded.isascii():  # PERF: the usual query, in C
        return True
    try:
        unquote_to_bytes(encoded).decode()
    except UnicodeDecodeError:
        return False
    return True


class FormParser(FormDataParser):
    """werkzeug's form parser, stricter: a body that is not a valid form is a 400 (not an
    empty form), and ``max_form_parts`` caps the fields of urlencoded bodies too (413).

    Fields are counted before werkzeug decodes them, so a body of 50,000 fields
    costs one pass in C to refuse.
    """

    def __init__(self, *args: t.Any, **kwargs: t.Any) -> None:
        super().__init__(*args, **{"silent": False, **kwargs})

    def parse(
        self,
        stream: t.IO[bytes],
        mimetype: str,
        content_length: int | None,
        options: dict[str, str] | None = None,
    ) -> t_parse_result:
        """Parse the form in *stream*; see :class:`werkzeug.formparser.FormDataParser`.

        :raise BadRequest: the body is not a valid form (bad UTF-8, a broken multipart).
        :raise RequestEntityTooLarge: the form has more fields than ``max_form_parts``.
        """
        limit = self.max_form_parts
        if mimetype == URLENCODED:
            body = stream.read()
            if limit is not None and count_form_fields(body) > limit:
                raise RequestEntityTooLarge(f"The form has more than {limit} fields.")
            if not is_utf8_once_decoded(body):
                raise BadRequest(f"The request body is not a valid form: it {NOT_UTF8}.")
            stream = io.BytesIO(body)
        try:
            return super().parse(stream, mimetype, content_length, options)
        except ValueError as exc:
            # werkzeug names its parser's state ("cannot parse beyond State.DATA"): say why
            reason = CUT_MULTIPART if str(exc).startswith("Invalid form-data") else str(exc)
            raise BadRequest(f"The request body is not a valid form: {reason}") from exc


#: Statuses sent without a body (werkzeug adjusts their headers).
BODILESS = frozenset({204, 304})
#: Headers werkzeug rewrites as a response is sent.
REWRITTEN_HEADERS = frozenset({"location", "content-location"})


class Request(WerkzeugRequest):
    """The incoming request, with the routing result attached.

    ``url_rule``, ``view_args`` and ``routing_exception`` are filled in when the
    request context matches the URL.
    """

    max_form_memory_size: int | None = 500_000
    #: Caps the parts of a multipart body and the fields of an urlencoded one.
    max_form_parts: int | None = 1_000  # type: ignore[assignment]
    form_data_parser_class = FormParser
    #: The app's JSON provider (anything with ``loads``), set per request.
    json_module: t.Any = WerkzeugRequest.json_module
    url_rule: Rule | None = None
    view_args: dict[str, t.Any] | None = None
    routing_exception: HTTPException | None = None

    @cached_property
    def args(self) -> MultiDict[str, str]:
        """The query string's parameters; a query string that is not UTF-8 is a 400."""
        if not is_utf8_once_decoded(self.query_string):
            raise BadRequest(f"The query string {NOT_UTF8}.")
        return super().args

    @property
    def endpoint(self) -> str | None:
        """The endpoint the URL matched, or ``None``."""
        return self.url_rule.endpoint if self.url_rule is not None else None

    @property
    def blueprint(self) -> str | None:
        """The dotted name of the blueprint that owns the endpoint, or ``None``."""
        endpoint = self.endpoint
        if endpoint is not None and "." in endpoint:
            return endpoint.rpartition(".")[0]
        return None

    @property
    def blueprints(self) -> list[str]:
        """The current blueprint and its parents, innermost first."""
        name = self.blueprint
        if name is None:
            return []
        parts = name.split(".")
        return [".".join(parts[:i]) for i in range(len(parts), 0, -1)]

    @cached_property
    def stream(self) -> t.IO[bytes]:
        """The body stream: a body past ``max_content_length`` is a 413, chunked ones too,
        and one that ends before its ``Content-Length`` a 400.

        A WSGI server that ends the input itself (``wsgi.input_terminated``, as
        gunicorn does) gives werkzeug the stream without its length, so a client
        that stops sending early would otherwise have its body silently cut short.
        """
        environ = self.environ
        if "wsgi.input_terminated" not in environ or self.shallow:
            return super().stream
        limit, length = self.max_content_length, self.content_length
        if length is not None:
            if limit is not None and length > limit:
                raise RequestEntityTooLarge()
            return t.cast(t.IO[bytes], _ExactBodyStream(environ["wsgi.input"], length))
        if limit is not None:
            return t.cast(t.IO[bytes], _BoundedBodyStream(environ["wsgi.input"], limit))
        return super().stream

    def close(self) -> None:
        """Close the uploaded files of the request, if its form was parsed."""
        # PERF: werkzeug keeps parsed files in the instance dict under "files"; a
        # request that never parsed a form has nothing to close.
        if "files" in self.__dict__:
            super().close()

    def on_json_loading_failed(self, e: ValueError | None) -> t.Any:
        """Turn a JSON decoding failure into a 400 that says what was wrong."""
        if e is None:  # pragma: no cover - werkzeug passes None only for non-JSON types
            return super().on_json_loading_failed(e)
        raise BadRequest(f"The request body is not valid JSON: {e}") from e


class Response(WerkzeugResponse):
    """The outgoing response. Strings default to ``text/html``, as in Flask."""

    default_mimetype = "text/html"
    #: Whether functions were registered with :meth:`call_on_close`.
    closes_with_callbacks = False

    def call_on_close(self, func: t.Callable[[], t.Any]) -> t.Callable[[], t.Any]:
        """Call *func* when the response is closed (after it was sent), as werkzeug does."""
        self.closes_with_callbacks = True
        return super().call_on_close(func)

    def get_wsgi_response(
        self, environ: WSGIEnvironment
    ) -> tuple[t.Iterable[bytes], str, list[tuple[str, str]]]:
        """Return the body iterable, the status line and the headers to send.

        A plain response — one buffered chunk of bytes with its ``Content-Length``,
        a status that has a body, no ``Location`` to rewrite, not a HEAD request —
        needs none of werkzeug's adjustments and is sent as it is (its body list
        itself when closing it would do nothing); any other goes through werkzeug,
        which gives the same result for the plain ones.
        """
        # PERF: werkzeug copies every header of every response to adjust the few
        # responses that need it; most API responses are plain.
        body = self.response
        if (
            type(body) is list
            and len(body) == 1
            and type(body[0]) is bytes
            and not self.direct_passthrough
            and self.status_code >= 200
            and self.status_code not in BODILESS
            and environ.get("REQUEST_METHOD") != "HEAD"
        ):
            headers = self.headers.to_wsgi_list()
            names = {name.lower() for name, _ in headers}
            if "content-length" in names and not names & REWRITTEN_HEADERS:
                if self.closes_with_callbacks or type(self).close is not WerkzeugResponse.close:
                    return ClosingIterator(body, self.close), self.status, headers
                return body, self.status, headers  # closing it would do nothing
        return super().get_wsgi_response(environ)


class _FramedBodyStream(LimitedStream):
    """The body a WSGI server unframes itself (``wsgi.input_terminated``, as gunicorn does).

    Such a server raises exceptions of its own for a body it cannot unframe
    (gunicorn's ``InvalidChunkSize`` for a bad chunk size), which the app cannot
    name and would answer with a 500: they are the client's error, a 400.
    """

    def readinto(self, b: t.Any) -> int | None:
        try:
            return super().readinto(b)
        except HTTPException:
            raise
        except Exception as exc:
            raise BadRequest(UNFRAMED_BODY) from exc


class _BoundedBodyStream(_FramedBodyStream):
    """A chunked body, refused once it grows past *max_length* bytes.

    werkzeug stops reading such a body at the limit without an error, which
    would silently truncate it; reading one byte more tells a body that is too
    large from one that fits exactly.
    """

    def __init__(self, stream: t.IO[bytes], max_length: int) -> None:
        super().__init__(stream, max_length + 1, is_max=True)
        self.max_length = max_length

    def on_disconnect(self, error: Exception | None = None) -> None:
        if error is not None:  # the server's stream failed: no zero-length last chunk came
            raise ClientDisconnected("The request body ended before its last chunk.") from error

    def readinto(self, b: t.Any) -> int | None:
        size = super().readinto(b)
        if self.tell() > self.max_length:
            raise RequestEntityTooLarge()
        return size


class _ExactBodyStream(_FramedBodyStream):
    """A body of known length: one that ends before its ``Content-Length`` is a 400."""

    def on_disconnect(self, error: Exception | None = None) -> None:
        raise ClientDisconnected(
            f"The request body ended after {self.tell()} of the {self.limit} bytes "
            "its Content-Length announced."
        ) from error
