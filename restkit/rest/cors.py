"""CORS: which web origins may call the API from a browser, per app (``API_CORS_*``) or blueprint.

The settings are the ``API_CORS_*`` config keys, or a REST blueprint's
``cors={...}`` with the same keys in lower case, without the prefix (the
blueprint's win, for its routes and its nested blueprints'). One
``after_request`` hook, registered when setup ends and only if CORS is
configured somewhere, adds the headers to every response — preflights, which
the app answers without running the view, and errors included. See
``docs/cors.md``.
"""

from __future__ import annotations

import dataclasses
import re
import typing as t

from ..core.errors import ConfigurationError
from ..core.globals import request_ctx_var

if t.TYPE_CHECKING:
    from ..core.app import App
    from ..core.wrappers import Request, Response

#: The settings, by their name in a blueprint's ``cors={...}``; the config key is
#: ``API_CORS_`` followed by the name in upper case.
SETTINGS = ("origins", "allow_credentials", "allow_headers", "expose_headers", "max_age")
CONFIG_PREFIX = "API_CORS_"
#: Response headers a browser lets scripts read by default: pagination, ETags,
#: rate limits, idempotent replays and the version lifecycle.
DEFAULT_EXPOSE_HEADERS = (
    "X-Pagination",
    "Link",
    "ETag",
    "RateLimit",
    "RateLimit-Policy",
    "Retry-After",
    "Idempotent-Replayed",
    "Deprecation",
    "Sunset",
)
#: ``allow_headers`` by default: the headers a preflight asks for are allowed.
ANY = "*"
#: Marks an app whose CORS hook is decided when setup ends.
CORS_KEY = "restkit.cors"
#: An HTTP token (RFC 9110 §5.6.2), the syntax of a header name.
TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
#: A serialized origin (RFC 6454 §6.2): scheme, host and optional port, nothing else.
ORIGIN = re.compile(r"[a-z][a-z0-9+.-]*://[a-z0-9._~%!$&'()*+,;=:\[\]-]+")


@dataclasses.dataclass(frozen=True, slots=True)
class CorsPolicy:
    """The CORS settings of one scope (the app, or a blueprint), checked."""

    origins: frozenset[str] | None
    """The allowed origins, in lower case; ``None``: any origin."""
    allow_credentials: bool = False
    allow_headers: tuple[str, ...] | None = None
    """Request headers allowed; ``None``: those the preflight asks for."""
    expose_headers: tuple[str, ...] = DEFAULT_EXPOSE_HEADERS
    max_age: int | None = None
    """How long a browser may keep a preflight's answer, in seconds; ``None``: its default."""

    def allows(self, origin: str) -> bool:
        """Whether the ``Origin`` *origin* may read the responses."""
        origin = origin.lower()
        if self.origins is None:
            return origin == "null" or ORIGIN.fullmatch(origin) is not None
        return origin in self.origins

    def add_headers(self, request: Request, response: Response) -> None:
        """Add the CORS headers for *request* to *response*: ``Vary: Origin`` always."""
        response.vary.add("Origin")
        origin = request.headers.get("Origin")
        if origin is None or not self.allows(origin):
            return
        headers = response.headers
        headers["Access-Control-Allow-Origin"] = origin  # the exact origin, never "*"
        if self.allow_credentials:
            headers["Access-Control-Allow-Credentials"] = "true"
        if request.method != "OPTIONS" or "Access-Control-Request-Method" not in request.headers:
            if self.expose_headers:
                headers["Access-Control-Expose-Headers"] = ", ".join(self.expose_headers)
            return
        response.vary.update(("Access-Control-Request-Method", "Access-Control-Request-Headers"))
        if response.allow:
            headers["Access-Control-Allow-Methods"] = ", ".join(sorted(response.allow))
        allowed = self.allow_headers
        if allowed is None:
            allowed = requested_headers(request.headers.get("Access-Control-Request-Headers", ""))
        if allowed:
            headers["Access-Control-Allow-Headers"] = ", ".join(allowed)
        if self.max_age is not None:
            headers["Access-Control-Max-Age"] = str(self.max_age)


def requested_headers(value: str) -> tuple[str, ...]:
    """Return the header names of an ``Access-Control-Request-Headers`` value.

    Elements that are not header names are left out, so nothing the client
    wrote but names is sent back.
    """
    names = (name.strip(" \t") for name in value.split(","))
    return tuple(name for name in names if TOKEN.fullmatch(name))


def setting_name(setting: str, blueprint: str | None) -> str:
    """Name *setting* as the user wrote it: a config key, or a place in a blueprint's ``cors``."""
    if blueprint is None:
        return CONFIG_PREFIX + setting.upper()
    return f"cors[{setting!r}] of blueprint {blueprint!r}"


def policy_of(settings: t.Mapping[str, t.Any], blueprint: str | None = None) -> CorsPolicy | None:
    """Return the policy of *settings* (by setting name); ``None`` when no origins are given.

    :param blueprint: the blueprint whose ``cors`` the settings complete, for error
        messages; ``None`` for the config's.
    :raises ConfigurationError: for a value that cannot be used.
    """

    def name(setting: str) -> str:
        return setting_name(setting, blueprint)

    origins = settings.get("origins")
    if origins is None:
        return None
    credentials = settings.get("allow_credentials", False)
    if not isinstance(credentials, bool):
        raise ConfigurationError(
            f"{name('allow_credentials')} is {credentials!r}: use True or False."
        )
    allowed = None if origins == ANY else origin_set(origins, name("origins"))
    if allowed is None and credentials:
        raise ConfigurationError(
            f"{name('origins')} is '*' while {name('allow_credentials')} is True: any web "
            "site could then send requests with the user's credentials and read the answers. "
            "List the origins that may (['https://app.example.com']), or leave credentials off."
        )
    max_age = settings.get("max_age")
    if max_age is not None and (type(max_age) is not int or max_age < 0):
        raise ConfigurationError(
            f"{name('max_age')} is {max_age!r}: use seconds (an int), or None."
        )
    allow_headers = settings.get("allow_headers", ANY)
    expose_headers = settings.get("expose_headers", DEFAULT_EXPOSE_HEADERS)
    return CorsPolicy(
        allowed,
        credentials,
        None if allow_headers == ANY else header_names(allow_headers, name("allow_headers")),
        header_names(expose_headers, name("expose_headers")),
        max_age,
    )


def origin_set(origins: t.Any, key: str) -> frozenset[str]:
    """Return *origins* (one origin or a list of them) checked, in lower case."""
    given = [origins] if isinstance(origins, str) else origins
    if not isinstance(given, (list, tuple, set, frozenset)):
        raise ConfigurationError(f"{key} is {origins!r}: use a list of origins, or '*'.")
    for origin in given:
        if not isinstance(origin, str) or not ORIGIN.fullmatch(origin.lower()):
            raise ConfigurationError(
                f"{key} holds {origin!r}, which is not an origin: write the scheme, the host "
                "and the port only, as browsers send them ('https://app.example.com', "
                "'http://localhost:3000'): no path, no trailing slash."
            )
    return frozenset(origin.lower() for origin in given)


def header_names(names: t.Any, key: str) -> tuple[str, ...]:
    """Return *names* (a list of header names) checked."""
    if isinstance(names, str) or not isinstance(names, (list, tuple)):
        raise ConfigurationError(f"{key} is {names!r}: use a list of header names.")
    for name in names:
        if not isinstance(name, str) or not TOKEN.fullmatch(name):
            raise ConfigurationError(f"{key} holds {name!r}, which is not a header name.")
    return tuple(names)


def blueprint_settings(cors: t.Mapping[str, t.Any], blueprint: str) -> dict[str, t.Any]:
    """Return a blueprint's ``cors={...}``, checked.

    :raises ConfigurationError: for a name that is not a setting, or a value that
        cannot be used.
    """
    unknown = sorted(set(cors) - set(SETTINGS))
    if unknown:
        raise ConfigurationError(
            f"cors={{...}} of blueprint {blueprint!r} has {', '.join(map(repr, unknown))}: "
            f"the settings are {', '.join(SETTINGS)}."
        )
    policy_of(cors, blueprint)  # what it holds is checked now; the rest with the config's
    return dict(cors)


class CorsPolicies:
    """The CORS policy of each scope of an app, worked out again after each config change.

    :param app: the app.
    """

    def __init__(self, app: App) -> None:
        self.app = app
        self._revision = -1
        #: The app's policy, and each blueprint's that has ``cors``, by dotted name.
        self._policies: tuple[CorsPolicy | None, dict[str, CorsPolicy | None]] = (None, {})

    def __repr__(self) -> str:
        return f"<CorsPolicies of {self.app.name!r}>"

    def configured(self) -> bool:
        """Whether the config or a blueprint sets CORS up (checking every setting)."""
        self.refresh()
        for_app, by_blueprint = self._policies
        return for_app is not None or any(by_blueprint.values())

    def refresh(self) -> None:
        """Work the policies out from the config and the blueprints, if the config changed."""
        config = self.app.config
        if self._revision == config.revision:
            return
        base = {
            name: config[CONFIG_PREFIX + name.upper()]
            for name in SETTINGS
            if config.get(CONFIG_PREFIX + name.upper()) is not None
        }
        by_blueprint = {
            name: policy_of({**base, **cors}, name)
            for name, blueprint in self.app.blueprints.items()
            if (cors := getattr(blueprint, "cors", None)) is not None
        }
        # One assignment: a request in another thread sees the old policies or the new.
        self._policies = (policy_of(base), by_blueprint)
        self._revision = config.revision

    def for_request(self, request: Request) -> CorsPolicy | None:
        """Return the policy of the innermost scope of *request* that has one."""
        self.refresh()
        for_app, by_blueprint = self._policies
        for name in request.blueprints:
            if name in by_blueprint:
                return by_blueprint[name]
        return for_app

    def after_request(self, response: Response) -> Response:
        """Add the CORS headers of the request being answered (an ``after_request`` hook)."""
        request = request_ctx_var.get().request
        policy = self.for_request(request)
        if policy is not None:
            policy.add_headers(request, response)
        return response


def set_up_cors(app: App) -> None:
    """Check *app*'s ``API_CORS_*`` keys now, and add the CORS hook when setup ends if needed.

    The hook is registered once, and only if the config or a blueprint sets CORS
    up: apps without CORS keep their hook-free requests lean.

    :raises ConfigurationError: for a setting that cannot be used.
    """
    CorsPolicies(app).refresh()
    if not app.extensions.get(CORS_KEY):
        app.extensions[CORS_KEY] = True
        app.before_serving(lambda: install_cors(app))


def install_cors(app: App) -> None:
    """Register the CORS hook on *app* if its config or a blueprint sets CORS up."""
    policies = CorsPolicies(app)
    if policies.configured():
        app.after_request(policies.after_request)
