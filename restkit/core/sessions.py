"""Sessions: a dict kept in a cookie signed with itsdangerous, and the interface that stores it."""

from __future__ import annotations

import abc
import hashlib
import json
import typing as t
from datetime import UTC, datetime, timedelta

from itsdangerous import BadData, URLSafeTimedSerializer
from werkzeug.datastructures import CallbackDict

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

    Subclasses implement :meth:`open_session` and :meth:`save_session`, reading
    their settings from ``app.options.session``.
    """

    #: What :meth:`make_null_session` returns.
    null_session_class: type[NullSession] = NullSession

    def make_null_session(self, app: App) -> NullSession:
        """Return the stand-in session used when :meth:`open_session` returns ``None``."""
        return self.null_session_class()

    def is_null_session(self, obj: object) -> bool:
        """Tell whether *obj* is a null session (one that is never saved)."""
        return isinstance(obj, self.null_session_class)

    @abc.abstractmethod
    def open_session(self, app: App, request: Request) -> SecureCookieSession | None:
        """Return the session of *request*, or ``None`` when sessions cannot work."""

    @abc.abstractmethod
    def save_session(self, app: App, session: SecureCookieSession, response: Response) -> None:
        """Store *session*, setting whatever *response* needs for that."""

    def should_set_cookie(self, app: App, session: SecureCookieSession) -> bool:
        """Tell whether the cookie must be sent: the session changed, or it is permanent
        and ``SESSION_REFRESH_EACH_REQUEST`` is on."""
        if session.modified:
            return True
        return session.permanent and app.options.session.refresh_each_request

    def get_expiration_time(self, app: App, session: SecureCookieSession) -> datetime | None:
        """Return when the cookie of a permanent session expires; ``None`` for the others."""
        if not session.permanent:
            return None
        lifetime = timedelta(seconds=app.options.session.permanent_lifetime)
        return datetime.now(UTC) + lifetime


class _CompactJSON:
    """The cookie payload's format: compact JSON."""

    @staticmethod
    def dumps(obj: t.Any) -> str:
        return json.dumps(obj, separators=(",", ":"))

    @staticmethod
    def loads(s: str | bytes) -> t.Any:
        return json.loads(s)


class SecureCookieSessionInterface(SessionInterface):
    """Keeps the session in a cookie signed with the app's secret keys.

    Cookies are signed with the newest key (``SECRET_KEY``) and accepted when
    signed with any key of ``SECRET_KEY_FALLBACKS``; a cookie that is tampered
    with, expired or unreadable gives a new, empty session.
    """

    #: Salt of the signature, so session cookies cannot be mistaken for other signed data.
    salt = "restkit-session"
    #: How itsdangerous derives the signing key from a secret key.
    key_derivation = "hmac"
    #: The hash function of the HMAC signature.
    digest_method = staticmethod(hashlib.sha256)
    #: The class of the sessions :meth:`open_session` returns.
    session_class: type[SecureCookieSession] = SecureCookieSession

    def __init__(self) -> None:
        self._serializer: tuple[tuple[str | bytes, ...], URLSafeTimedSerializer] | None = None

    def get_signing_serializer(self, app: App) -> URLSafeTimedSerializer | None:
        """Return the serializer that signs and checks cookies; ``None`` without a secret key."""
        keys = app.options.session.secret_keys
        if not keys:
            return None
        # PERF: apps keep their keys, so the serializer is built once, not per request.
        cached = self._serializer
        if cached is not None and cached[0] == keys:
            return cached[1]
        # itsdangerous signs with the last key and accepts any: keys are oldest first.
        signing_keys = [key.encode() if isinstance(key, str) else key for key in keys]
        serializer = URLSafeTimedSerializer(
            signing_keys,
            salt=self.salt,
            serializer=_CompactJSON,
            signer_kwargs={
                "key_derivation": self.key_derivation,
                "digest_method": self.digest_method,
            },
        )
        self._serializer = (keys, serializer)
        return serializer

    def open_session(self, app: App, request: Request) -> SecureCookieSession | None:
        """Return the session of the request's cookie; ``None`` without a secret key."""
        serializer = self.get_signing_serializer(app)
        if serializer is None:
            return None
        options = app.options.session
        cookie = request.cookies.get(options.cookie_name)
        if not cookie:
            return self.session_class(new=True)
        try:
            data = serializer.loads(cookie, max_age=options.permanent_lifetime)
        except BadData:
            return self.session_class(new=True)
        if not isinstance(data, dict):
            return self.session_class(new=True)
        return self.session_class(data)

    def save_session(self, app: App, session: SecureCookieSession, response: Response) -> None:
        """Set, refresh or delete the session cookie on *response*, and ``Vary: Cookie``."""
        options = app.options.session
        # Read the flag first: the checks below read the session themselves.
        if session.accessed:
            response.vary.add("Cookie")
        if not session:
            if session.modified:
                response.delete_cookie(
                    options.cookie_name,
                    path=options.path,
                    domain=options.domain,
                    secure=options.secure,
                    httponly=options.httponly,
                    samesite=options.samesite,
                    partitioned=options.partitioned,
                )
                response.vary.add("Cookie")
            return
        serializer = self.get_signing_serializer(app)
        if serializer is None or not self.should_set_cookie(app, session):
            return
        response.set_cookie(
            options.cookie_name,
            serializer.dumps(dict(session)),
            max_age=options.permanent_lifetime if session.permanent else None,
            expires=self.get_expiration_time(app, session),
            path=options.path,
            domain=options.domain,
            secure=options.secure,
            httponly=options.httponly,
            samesite=options.samesite,
            partitioned=options.partitioned,
        )
        response.vary.add("Cookie")
