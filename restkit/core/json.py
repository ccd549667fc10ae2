"""The app's JSON provider (``app.json``) and the ``restkit.json`` functions built on it."""

from __future__ import annotations

import abc
import json
import typing as t

from werkzeug.datastructures import Headers

from .globals import current_app, has_app_context
from .json_decoding import JSONDecodeError, decode_strictly
from .json_encoding import encode, encode_with, to_json_compatible
from .wrappers import Response

if t.TYPE_CHECKING:
    from .app import App
    from .options import AppOptions

__all__ = [
    "DefaultJSONProvider",
    "JSONDecodeError",
    "JSONProvider",
    "dump",
    "dumps",
    "jsonify",
    "load",
    "loads",
]


class JSONProvider(abc.ABC):
    """How an app reads and writes JSON; subclass it and set ``App.json_provider_class``.

    Subclasses implement :meth:`dumps` and :meth:`loads`; the rest builds on them.

    :param app: the app that owns this provider, or ``None`` outside any app.
    """

    #: The media type of :meth:`response` bodies.
    mimetype = "application/json"

    def __init__(self, app: App | None = None) -> None:
        self._app = app

    def configure(self, options: AppOptions) -> None:  # noqa: B027 - an optional hook
        """Adopt the app's resolved options; the app calls this once, when setup ends."""

    @abc.abstractmethod
    def dumps(self, obj: t.Any, **kwargs: t.Any) -> str:
        """Serialize *obj* to JSON text."""

    @abc.abstractmethod
    def loads(self, s: str | bytes, **kwargs: t.Any) -> t.Any:
        """Parse the JSON document *s*.

        :raise JSONDecodeError: *s* is not an acceptable JSON document.
        """

    def dump(self, obj: t.Any, fp: t.IO[str], **kwargs: t.Any) -> None:
        """Serialize *obj* as JSON into the text file *fp*."""
        fp.write(self.dumps(obj, **kwargs))

    def load(self, fp: t.IO[t.Any], **kwargs: t.Any) -> t.Any:
        """Parse the JSON document read from the file *fp*."""
        return self.loads(fp.read(), **kwargs)

    def response(self, *args: t.Any, **kwargs: t.Any) -> Response:
        """Return a JSON response, like Flask's ``jsonify``.

        One positional argument is the body; several make a list; keyword
        arguments make an object; none at all is ``null``. The body is exactly
        :meth:`dumps` of that value, with no trailing newline (see
        :meth:`text_response`).

        :raise TypeError: both positional and keyword arguments were given.
        """
        if args and kwargs:
            raise TypeError("jsonify() takes positional or keyword arguments, not both.")
        body: t.Any = args[0] if len(args) == 1 else list(args) if args else kwargs or None
        return self.text_response(self.dumps(body))

    def text_response(
        self, text: str | bytes, *, status: int = 200, mimetype: str | None = None
    ) -> Response:
        """Return a response whose body is the JSON document *text*, already encoded.

        Every JSON response of an app is built here — ``jsonify``, REST responses,
        problem documents, the OpenAPI document — so each carries
        ``X-Content-Type-Options: nosniff``.

        :param mimetype: the media type, :attr:`mimetype` by default.
        """
        body = text.encode() if isinstance(text, str) else text
        # PERF: headers built in one go, so werkzeug looks up none of them to set them.
        headers = Headers()
        headers.add("Content-Type", mimetype or self.mimetype)
        headers.add("Content-Length", str(len(body)))
        headers.add("X-Content-Type-Options", "nosniff")
        response_class = Response if self._app is None else self._app.response_class
        response = response_class(None, status=status, headers=headers)
        response.response = [body]
        return response


# -- the default provider and module functions ------------------------------------------------


class DefaultJSONProvider(JSONProvider):
    """Compact, UTF-8 JSON out (through orjson when installed); strict JSON in.

    Besides JSON's own types it writes dates and times (ISO 8601), UUIDs and
    decimals (as strings), dataclasses, enums (their value) and objects with
    ``__html__``; NaN and infinities become ``null``. :attr:`default`,
    :attr:`ensure_ascii`, :attr:`sort_keys` and :attr:`compact` change the output,
    on the class or on ``app.json``. See ``docs/json.md``.
    """

    #: Called with each object the encoder does not know; returns a JSON-able stand-in
    #: or raises ``TypeError``. Replacing it leaves orjson out.
    default: t.Callable[[t.Any], t.Any] = staticmethod(to_json_compatible)
    #: Escape non-ASCII characters (``"\u00e9"``) instead of writing UTF-8.
    ensure_ascii: bool = False
    #: Sort object keys in the output.
    sort_keys: bool = False
    #: ``True``: no whitespace; ``False``: indented by 2; ``None``: compact unless
    #: the app is in debug mode (Flask's default).
    compact: bool | None = True
    #: The deepest nesting of arrays and objects :meth:`loads` accepts.
    max_depth: int = 64

    def configure(self, options: AppOptions) -> None:
        """Take ``max_depth`` from ``MAX_JSON_DEPTH``; a true ``JSON_SORT_KEYS`` sorts keys."""
        self.max_depth = options.max_json_depth
        if self._app is not None and self._app.config.get("JSON_SORT_KEYS"):
            self.sort_keys = True

    def dumps(self, obj: t.Any, **kwargs: t.Any) -> str:
        """Serialize *obj* to JSON text, as the attributes of the provider say.

        :param kwargs: ``json.dumps`` options (``indent=2``...), over the
            attributes; with any, the stdlib encoder is used, and ``indent``
            brings back a space after colons.
        """
        compact = self.compact
        if compact is None:
            compact = self._app is None or not self._app.debug
        # PERF: nothing overridden, so the shared (orjson) encoder writes the text.
        if not kwargs and compact and not self.ensure_ascii and self.default is to_json_compatible:
            return encode(obj, self.sort_keys)
        options: dict[str, t.Any] = {
            "ensure_ascii": self.ensure_ascii,
            "allow_nan": False,
            "default": self.default,
            "sort_keys": self.sort_keys,
            "separators": (",", ":"),
        }
        if not compact:
            options["indent"] = 2
        options.update(kwargs)
        if options.get("indent") is not None and "separators" not in kwargs:
            options["separators"] = (",", ": ")
        return encode_with(json.JSONEncoder(**options), obj)

    def loads(self, s: str | bytes, **kwargs: t.Any) -> t.Any:
        """Parse *s* strictly (see ``docs/json.md``), up to ``max_depth`` deep.

        :raise JSONDecodeError: *s* is not an acceptable JSON document.
        """
        return decode_strictly(s, self.max_depth, **kwargs)


_default_provider = DefaultJSONProvider()


def _provider() -> JSONProvider:
    return current_app.json if has_app_context() else _default_provider


def dumps(obj: t.Any, **kwargs: t.Any) -> str:
    """Serialize *obj* with the current app's JSON provider (a default one outside apps)."""
    return _provider().dumps(obj, **kwargs)


def loads(s: str | bytes, **kwargs: t.Any) -> t.Any:
    """Parse *s* with the current app's JSON provider (a default one outside apps).

    :raise JSONDecodeError: *s* is not an acceptable JSON document.
    """
    return _provider().loads(s, **kwargs)


def dump(obj: t.Any, fp: t.IO[str], **kwargs: t.Any) -> None:
    """Serialize *obj* as JSON into the text file *fp*, like :func:`dumps`."""
    _provider().dump(obj, fp, **kwargs)


def load(fp: t.IO[t.Any], **kwargs: t.Any) -> t.Any:
    """Parse the JSON document read from *fp*, like :func:`loads`."""
    return _provider().load(fp, **kwargs)


def jsonify(*args: t.Any, **kwargs: t.Any) -> Response:
    """Return a JSON response for the arguments (see :meth:`JSONProvider.response`)."""
    return _provider().response(*args, **kwargs)
