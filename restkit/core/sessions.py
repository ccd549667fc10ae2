"""Sessions: a dict kept in a cookie signed with itsdangerous, and the interface that stores it."""

from __future__ import annotations

import abc
import hashlib
import typing as t
import weakref
from datetime import UTC, datetime, timedelta

from itsdangerous import BadData, URLSafeTimedSerializer
from werkzeug.datastructures import CallbackDict

from .json_tag import TaggedJSONSerializer

if t.TYPE_CHECKING:
    from .app import App
    from .wrappers import Request, Response

__all__ = [
    "NullSession",
    "SecureCookieSession",
    "SecureCookieSessionInterface",
    "SessionInterface",
]


class SecureCookieSession(CallbackDict[str, t.Any]):
    """The session: a dict that records whether it was read and whether it changed.

    Every read of its data (``[]``, ``get``, ``in``, iteration, ``len``,
    ``keys``/``values``/``items``, ``permanent``) sets :attr:`accessed`; every
    change sets :attr:`modified` too. Changing a mutable value in place (a list
    in the session...) is not seen: set ``modified = True`` yourself.

    :param new: whether the request carried no valid session cookie.
    """

    #: Whether the data changed, so the cookie must be sent again.
    modified = False
    #: Whether the data was read or changed, so the response varies by cookie.
    accessed = False

    def __init__(self, initial: t.Mapping[str, t.Any] | None = None, *, new: bool = False) -> None:
        super().__init__(initial, _mark_modified)
        #: Whether the request carried no valid session cookie.
        self.new = new

    @property
    def permanent(self) -> bool:
        """Whether the cookie outlives the browser session (``PERMANENT_SESSION_LIFETIME``)."""
        return bool(self.get("_permanent", False))

    @permanent.setter
    def permanent(self, value: bool) -> None:
        self["_permanent"] = bool(value)

    def __getitem__(self, key: str) -> t.Any:
        self.accessed = True
        return super().__getitem__(key)

    def get(self, key: str, default: t.Any = None) -> t.Any:
        self.accessed = True
        return super().get(key, default)

    def setdefault(self, key: str, default: t.Any = None) -> t.Any:
        self.accessed = True
        return super().setdefault(key, default)

    def pop(self, key: str, *default: t.Any) -> t.Any:
        self.accessed = True
        return super().pop(key, *default)

    def __contains__(self, key: object) -> bool:
        self.accessed = True
        return super().__contains__(key)

    def __iter__(self) -> t.Iterator[str]:
        self.accessed = True
        return super().__iter__()

    def __len__(self) -> int:
        self.accessed = True
        return super().__len__()

    def keys(self) -> t.KeysView[str]:  # type: ignore[override]
        self.accessed = True
        return super().keys()

    def values(self) -> t.ValuesView[t.Any]:  # type: ignore[override]
        self.accessed = True
        return super().values()

    def items(self) -> t.ItemsView[str, t.Any]:  # type: ignore[override]
        self.accessed = True
        return super().items()


def _mark_modified(session: SecureCookieSession) -> None:
    session.modified = True
    session.accessed = True


class NullSession(SecureCookieSession):
    """The empty, read-only session used when no ``SECRET_KEY`` is set."""

    def _fail(self, *args: t.Any, **kwargs: t.Any) -> t.NoReturn:
        raise RuntimeError(
            "The session is unavailable because no SECRET_KEY is set: set"
            " app.config['SECRET_KEY'] to a long random string (for example"
            " secrets.token_hex()) before the first request."
        )

    __setitem__ = __delitem__ = clear = popitem = update = __ior__ = _fail
    setdefault = pop = _fail


class SessionInterface(abc.ABC):
    """Where sessions come from and go to; set ``App.session_interface`` to replace it.

    Subclasses implement :meth:`open_session`, and :meth:`save_session` unless
    their sessions are read-only. The ``get_cookie_*`` hooks give the cookie's
    attributes from ``app.options.session`` (the ``SESSION_COOKIE_*`` keys);
    override one to decide it another way.
    """

    #: What :meth:`make_null_session` returns.
    null_session_class: type[NullSession] = NullSession

    def make_null_session(self, app: App) -> NullSession:
        """Return the stand-in session used when :meth:`open_session` returns ``None``."""
        return self.null_session_class()

    def is_null_session(self, obj: object) -> bool:
        """Tell whether *obj* is a null session (one that is never saved)."""
        return isinstance(obj, self.null_session_class)

    def get_cookie_name(self, app: App) -> str:
        """Return the session cookie's name (``SESSION_COOKIE_NAME``)."""
        return app.options.session.cookie_name

    def get_cookie_domain(self, app: App) -> str | None:
        """Return the cookie's ``Domain`` (``SESSION_COOKIE_DOMAIN``); ``None``: this host only."""
        return app.options.session.domain

    def get_cookie_path(self, app: App) -> str:
        """Return the cookie's ``Path``: ``SESSION_COOKIE_PATH``, else ``APPLICATION_ROOT``."""
        return app.options.session.path

    def get_cookie_httponly(self, app: App) -> bool:
        """Tell whether the cookie is ``HttpOnly`` (``SESSION_COOKIE_HTTPONLY``)."""
        return app.options.session.httponly

    def get_cookie_secure(self, app: App) -> bool:
        """Tell whether the cookie is ``Secure`` (``SESSION_COOKIE_SECURE``)."""
        return app.options.session.secure

    def get_cookie_samesite(self, app: App) -> str | None:
        """Return the cookie's ``SameSite`` (``SESSION_COOKIE_SAMESITE``)."""
        return app.options.session.samesite

    def get_cookie_partitioned(self, app: App) -> bool:
        """Tell whether the cookie is ``Partitioned`` (``SESSION_COOKIE_PARTITIONED``)."""
        return app.options.session.partitioned

    def get_expiration_time(self, app: App, session: SecureCookieSession) -> datetime | None:
        """Return when the cookie of a permanent session expires; ``None`` for the others."""
        if not session.permanent:
            return None
        lifetime = timedelta(seconds=app.options.session.permanent_lifetime)
        return datetime.now(UTC) + lifetime

    def should_set_cookie(self, app: App, session: SecureCookieSession) -> bool:
        """Tell whether the cookie must be sent: the session changed, or it is permanent
        and ``SESSION_REFRESH_EACH_REQUEST`` is on."""
        if session.modified:
            return True
        return session.permanent and app.options.session.refresh_each_request

    @abc.abstractmethod
    def open_session(self, app: App, request: Request) -> SecureCookieSession | None:
        """Return the session of *request*, or ``None`` when sessions cannot work."""

    def save_session(  # noqa: B027 - optional: read-only sessions have nothing to save
        self, app: App, session: SecureCookieSession, response: Response
    ) -> None:
        """Store *session*, setting whatever *response* needs for that.

        Called after the ``after_request`` hooks of a request that used its
        session (never for a null session). The base class saves nothing, which
        suits read-only sessions (taken from a header or a token); a store
        that keeps changes overrides it.
        """


#: The tagged JSON serializer session cookies are written with.
session_json_serializer = TaggedJSONSerializer()

#: app -> (the interface, the keys, the serializer it built for them).
_signing_serializers: weakref.WeakKeyDictionary[
    App, tuple[SecureCookieSessionInterface, tuple[str | bytes, ...], URLSafeTimedSerializer]
] = weakref.WeakKeyDictionary()


class SecureCookieSessionInterface(SessionInterface):
    """Keeps the session in a cookie signed with the app's secret keys.

    Cookies are signed with the newest key (``SECRET_KEY``) and accepted when
    signed with any key of ``SECRET_KEY_FALLBACKS``; a cookie that is tampered
    with, expired or unreadable gives a new, empty session. The payload is
    tagged JSON (:attr:`serializer`), so tuples, bytes, ``Markup``, UUIDs and
    datetimes come back as they were stored.
    """

    #: Salt of the signature, so session cookies cannot be mistaken for other signed data.
    salt = "restkit-session"
    #: How itsdangerous derives the signing key from a secret key.
    key_derivation = "hmac"
    #: The hash function of the HMAC signature.
    digest_method = staticmethod(hashlib.sha256)
    #: Writes and reads the payload (``dumps``/``loads``); see :mod:`restkit.json.tag`.
    serializer: t.Any = session_json_serializer
    #: The class of the sessions :meth:`open_session` returns.
    session_class: type[SecureCookieSession] = SecureCookieSession

    def get_signing_serializer(self, app: App) -> URLSafeTimedSerializer | None:
        """Return the serializer that signs and checks cookies; ``None`` without a secret key.

        It is built once per app (and again if the app's keys change).
        """
        keys = app.options.session.secret_keys
        if not keys:
            return None
        # PERF: one interface serves every app, so the serializer is kept per app.
        cached = _signing_serializers.get(app)
        if cached is not None and cached[0] is self and cached[1] == keys:
            return cached[2]
        # itsdangerous signs with the last key and accepts any: keys are oldest first.
        signing_keys = [key.encode() if isinstance(key, str) else key for key in keys]
        serializer = URLSafeTimedSerializer(
            signing_keys,
            salt=self.salt,
            serializer=self.serializer,
            signer_kwargs={
                "key_derivation": self.key_derivation,
                "digest_method": self.digest_method,
            },
        )
        _signing_serializers[app] = (self, keys, serializer)
        return serializer

    def open_session(self, app: App, request: Request) -> SecureCookieSession | None:
        """Return the session of the request's cookie; ``None`` without a secret key."""
        serializer = self.get_signing_serializer(app)
        if serializer is None:
            return None
        cookie = request.cookies.get(self.get_cookie_name(app))
        if not cookie:
            return self.session_class(new=True)
        try:
            data = serializer.loads(cookie, max_age=app.options.session.permanent_lifetime)
        except BadData:
            return self.session_class(new=True)
        if not isinstance(data, dict):
            return self.session_class(new=True)
        return self.session_class(data)

    def save_session(self, app: App, session: SecureCookieSession, response: Response) -> None:
        """Set, refresh or delete the session cookie on *response*, and ``Vary: Cookie``."""
        # Read the flag first: the checks below read the session themselves.
        if session.accessed:
            response.vary.add("Cookie")
        if not session:
            if session.modified:
                response.delete_cookie(self.get_cookie_name(app), **self._cookie_attributes(app))
                response.vary.add("Cookie")
            return
        serializer = self.get_signing_serializer(app)
        if serializer is None or not self.should_set_cookie(app, session):
            return
        response.set_cookie(
            self.get_cookie_name(app),
            serializer.dumps(dict(session)),
            max_age=app.options.session.permanent_lifetime if session.permanent else None,
            expires=self.get_expiration_time(app, session),
            **self._cookie_attributes(app),
        )
        response.vary.add("Cookie")

    def _cookie_attributes(self, app: App) -> dict[str, t.Any]:
        return {
            "domain": self.get_cookie_domain(app),
            "path": self.get_cookie_path(app),
            "secure": self.get_cookie_secure(app),
            "httponly": self.get_cookie_httponly(app),
            "samesite": self.get_cookie_samesite(app),
            "partitioned": self.get_cookie_partitioned(app),
        }
