"""Typed application options, resolved once from ``app.config`` when the app finalizes."""

from __future__ import annotations

import dataclasses
import typing as t
from datetime import timedelta

if t.TYPE_CHECKING:
    from .config import Config

#: Defaults every new :class:`~restkit.core.config.Config` starts from.
DEFAULT_CONFIG: dict[str, t.Any] = {
    "DEBUG": False,
    "TESTING": False,
    "PROPAGATE_EXCEPTIONS": None,
    "TRAP_HTTP_EXCEPTIONS": False,
    "TRAP_BAD_REQUEST_ERRORS": None,
    "SECRET_KEY": None,
    "SECRET_KEY_FALLBACKS": None,
    "PERMANENT_SESSION_LIFETIME": timedelta(days=31),
    "SESSION_COOKIE_NAME": "session",
    "SESSION_COOKIE_DOMAIN": None,
    "SESSION_COOKIE_PATH": None,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SECURE": False,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_PARTITIONED": False,
    "SESSION_REFRESH_EACH_REQUEST": True,
    "SERVER_NAME": None,
    "APPLICATION_ROOT": "/",
    "PREFERRED_URL_SCHEME": "http",
    "TRUSTED_HOSTS": None,
    "MAX_CONTENT_LENGTH": 16 * 1024 * 1024,
    "MAX_FORM_MEMORY_SIZE": 500_000,
    "MAX_FORM_PARTS": 1_000,
    "MAX_JSON_DEPTH": 64,
    "JSON_SORT_KEYS": False,
    "SEND_FILE_MAX_AGE_DEFAULT": None,
    "USE_X_SENDFILE": False,
    "TEMPLATES_AUTO_RELOAD": None,
}


def _seconds(value: timedelta | int | float) -> int:
    return int(value.total_seconds()) if isinstance(value, timedelta) else int(value)


@dataclasses.dataclass(frozen=True, slots=True)
class SessionOptions:
    """How the session cookie is named, scoped and signed."""

    cookie_name: str
    domain: str | None
    path: str
    httponly: bool
    secure: bool
    samesite: str | None
    partitioned: bool
    refresh_each_request: bool
    permanent_lifetime: int
    secret_keys: tuple[str | bytes, ...]
    """Signing keys, oldest first; new cookies are signed with the last one."""


@dataclasses.dataclass(frozen=True, slots=True)
class AppOptions:
    """Config values the request path reads, resolved once at finalize."""

    debug: bool
    testing: bool
    propagate_exceptions: bool
    trap_http_exceptions: bool
    trap_bad_request_errors: bool | None
    """``True`` traps every 400; ``None`` (the default) traps missing-key 400s in debug."""
    max_content_length: int | None
    max_form_memory_size: int | None
    max_form_parts: int | None
    max_json_depth: int
    trusted_hosts: tuple[str, ...] | None
    server_name: str | None
    application_root: str
    preferred_url_scheme: str
    send_file_max_age: int | None
    """Seconds files sent with ``send_file`` may be cached; ``None``: revalidate each time."""
    use_x_sendfile: bool
    session: SessionOptions

    @classmethod
    def from_config(cls, config: Config) -> AppOptions:
        """Resolve the options from *config*."""
        debug = bool(config["DEBUG"])
        testing = bool(config["TESTING"])
        propagate = config["PROPAGATE_EXCEPTIONS"]
        trap_bad_request = config["TRAP_BAD_REQUEST_ERRORS"]
        trusted = config["TRUSTED_HOSTS"]
        secret = config["SECRET_KEY"]
        fallbacks = config["SECRET_KEY_FALLBACKS"] or ()
        keys = (*fallbacks, secret) if secret else ()
        max_age = config["SEND_FILE_MAX_AGE_DEFAULT"]
        return cls(
            debug=debug,
            testing=testing,
            propagate_exceptions=(debug or testing) if propagate is None else bool(propagate),
            trap_http_exceptions=bool(config["TRAP_HTTP_EXCEPTIONS"]),
            trap_bad_request_errors=None if trap_bad_request is None else bool(trap_bad_request),
            max_content_length=config["MAX_CONTENT_LENGTH"],
            max_form_memory_size=config["MAX_FORM_MEMORY_SIZE"],
            max_form_parts=config["MAX_FORM_PARTS"],
            max_json_depth=int(config["MAX_JSON_DEPTH"]),
            trusted_hosts=tuple(trusted) if trusted is not None else None,
            server_name=config["SERVER_NAME"],
            application_root=config["APPLICATION_ROOT"],
            preferred_url_scheme=config["PREFERRED_URL_SCHEME"],
            send_file_max_age=None if max_age is None else _seconds(max_age),
            use_x_sendfile=bool(config["USE_X_SENDFILE"]),
            session=SessionOptions(
                cookie_name=config["SESSION_COOKIE_NAME"],
                domain=config["SESSION_COOKIE_DOMAIN"],
                path=config["SESSION_COOKIE_PATH"] or config["APPLICATION_ROOT"] or "/",
                httponly=bool(config["SESSION_COOKIE_HTTPONLY"]),
                secure=bool(config["SESSION_COOKIE_SECURE"]),
                samesite=config["SESSION_COOKIE_SAMESITE"],
                partitioned=bool(config["SESSION_COOKIE_PARTITIONED"]),
                refresh_each_request=bool(config["SESSION_REFRESH_EACH_REQUEST"]),
                permanent_lifetime=_seconds(config["PERMANENT_SESSION_LIFETIME"]),
                secret_keys=keys,
            ),
        )
