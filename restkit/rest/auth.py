"""Authentication schemes: HTTP Basic, tokens and API keys, and their combinations.

A scheme reads its credentials from the request (werkzeug parses them) and hands
them to the function the application registered, which returns the user or
``None``. ``a | b`` accepts either scheme, ``a & b`` requires both. Which
endpoints need which schemes is recorded by ``Blueprint.auth_required``; the
pipeline stage in :mod:`restkit.rest.auth_stage` runs the check.
"""

from __future__ import annotations

import abc
import enum
import hmac
import itertools
import typing as t

from werkzeug.http import quote_header_value

from ..core.errors import SetupError
from ..core.globals import request_ctx_var

if t.TYPE_CHECKING:
    from ..core.wrappers import Request

C = t.TypeVar("C", bound=t.Callable[..., t.Any])

#: The key of the request's WSGI environ holding the users authenticated for it.
USERS_KEY = "restkit.auth.users"
DEFAULT_REALM = "Authentication Required"
API_KEY_LOCATIONS = ("header", "query", "cookie")


class Failure(enum.Enum):
    """Why a scheme found no user in a request."""

    ABSENT = "absent"
    """The request carries no credentials for the scheme."""
    REJECTED = "rejected"
    """It carries some, unreadable or not accepted by the verify callback."""


def compare_secrets(given: str | bytes | None, expected: str | bytes | None) -> bool:
    """Whether two secrets are equal, compared in constant time (``hmac.compare_digest``).

    Text is compared as UTF-8, so secrets outside ASCII work too; ``None`` never
    matches. Use it in verify callbacks that compare a secret themselves.
    """
    if given is None or expected is None:
        return False
    return hmac.compare_digest(as_bytes(given), as_bytes(expected))


def as_bytes(secret: str | bytes) -> bytes:
    """Return *secret* as bytes (text as UTF-8)."""
    return secret.encode() if isinstance(secret, str) else secret


def request_users(request: Request) -> dict[HTTPAuth, t.Any]:
    """Return the users the schemes authenticated for *request* (empty when anonymous)."""
    users: dict[HTTPAuth, t.Any] = request.environ.get(USERS_KEY) or {}
    return users


def challenge(scheme: str, **params: str) -> str:
    """Return a ``WWW-Authenticate`` challenge; every value quoted, as RFC 9110 asks for realms."""
    quoted = ", ".join(
        f"{name}={quote_header_value(value, allow_token=False)}" for name, value in params.items()
    )
    return f"{scheme} {quoted}"


class Auth(abc.ABC):
    """What ``auth_required`` takes: one scheme, or schemes combined with ``|`` and ``&``."""

    @property
    @abc.abstractmethod
    def alternatives(self) -> tuple[tuple[HTTPAuth, ...], ...]:
        """The ways to authenticate: any one alternative, all schemes of it."""

    @property
    def schemes(self) -> tuple[HTTPAuth, ...]:
        """Every scheme involved, in order of appearance."""
        return tuple(dict.fromkeys(itertools.chain.from_iterable(self.alternatives)))

    @property
    def current_user(self) -> t.Any:
        """The user of the request being handled; ``None`` outside an authenticated request.

        For a combination, the user of its first scheme that authenticated one.
        """
        ctx = request_ctx_var.get(None)
        if ctx is None:
            return None
        users = request_users(ctx.request)
        return next((users[scheme] for scheme in self.schemes if scheme in users), None)

    def __or__(self, other: object) -> Auth:
        if not isinstance(other, Auth):
            return NotImplemented
        return AnyOf(self, other)

    def __and__(self, other: object) -> Auth:
        if not isinstance(other, Auth):
            return NotImplemented
        return AllOf(self, other)


class AnyOf(Auth):
    """Schemes of which any one is enough: ``a | b``."""

    def __init__(self, *members: Auth) -> None:
        self.members = members

    @property
    def alternatives(self) -> tuple[tuple[HTTPAuth, ...], ...]:
        found = itertools.chain.from_iterable(member.alternatives for member in self.members)
        return tuple(dict.fromkeys(found))

    def __repr__(self) -> str:
        return "(" + " | ".join(repr(member) for member in self.members) + ")"


class AllOf(Auth):
    """Schemes that are all required: ``a & b``."""

    def __init__(self, *members: Auth) -> None:
        self.members = members

    @property
    def alternatives(self) -> tuple[tuple[HTTPAuth, ...], ...]:
        # (a | b) & c is (a & c) | (b & c): OpenAPI's shape, a list of sets of schemes.
        combined = itertools.product(*(member.alternatives for member in self.members))
        return tuple(
            dict.fromkeys(
                tuple(dict.fromkeys(itertools.chain.from_iterable(parts))) for parts in combined
            )
        )

    def __repr__(self) -> str:
        return "(" + " & ".join(repr(member) for member in self.members) + ")"


class HTTPAuth(Auth):
    """One authentication scheme; each subclass reads one kind of credentials.

    :param realm: the ``realm`` of the ``WWW-Authenticate`` challenge.
    :param description: the security scheme's description in the OpenAPI document.
    :param scheme_name: its name under ``components.securitySchemes`` (by
        default ``BasicAuth``, ``BearerAuth``, ``ApiKeyAuth``).
    """

    #: The name of the decorator registering the verify callback, for messages.
    verifier_name = "verify"
    #: Request headers the credentials come from (a response varies on them).
    credential_headers: tuple[str, ...] = ("Authorization",)

    def __init__(
        self,
        *,
        realm: str | None = None,
        description: str | None = None,
        scheme_name: str | None = None,
    ) -> None:
        self.realm = realm or DEFAULT_REALM
        self.description = description
        self.scheme_name = scheme_name
        self.verify_callback: t.Callable[..., t.Any] | None = None
        self.roles_callback: t.Callable[[t.Any], t.Any] | None = None

    def __repr__(self) -> str:
        return f"<{type(self).__name__} realm={self.realm!r}>"

    @property
    def alternatives(self) -> tuple[tuple[HTTPAuth, ...], ...]:
        return ((self,),)

    def get_user_roles(self, f: C) -> C:
        """Register *f(user)*, returning the user's roles or scopes (a string, a list, ``None``)."""
        self.roles_callback = f
        return f

    def roles_of(self, user: t.Any) -> frozenset[str]:
        """Return the roles ``get_user_roles`` gives *user* (none without the callback)."""
        roles = self.roles_callback(user) if self.roles_callback is not None else None
        if roles is None:
            return frozenset()
        if isinstance(roles, str):
            return frozenset((roles,))
        return frozenset(roles)

    def check_ready(self, *, needs_roles: bool) -> None:
        """Refuse, at setup, a scheme whose callbacks an endpoint needs and are missing."""
        if self.verify_callback is None:
            raise SetupError(
                f"{self!r} has no {self.verifier_name} callback: decorate the function that "
                f"finds the user with @auth.{self.verifier_name}."
            )
        if needs_roles and self.roles_callback is None:
            raise SetupError(
                f"auth_required(..., scopes=...) needs the roles of the user: decorate a "
                f"function with @auth.get_user_roles on {self!r}."
            )

    def verified(self, *credentials: str) -> t.Any:
        """Return the user the verify callback finds for *credentials*, or ``REJECTED``."""
        user = t.cast("t.Callable[..., t.Any]", self.verify_callback)(*credentials)
        return Failure.REJECTED if user is None or user is False else user

    @abc.abstractmethod
    def authenticate(self, request: Request) -> t.Any:
        """Return the user of *request*, or the :class:`Failure` that explains why not."""

    @abc.abstractmethod
    def challenge(self, failure: Failure) -> str:
        """Return this scheme's ``WWW-Authenticate`` challenge for a 401."""

    def insufficient_scope_challenge(self, scopes: t.Sequence[str]) -> str | None:
        """Return the challenge of a 403 for missing *scopes*, if the scheme has one."""
        return None


def authorization_of(request: Request, auth_type: str) -> t.Any:
    """Return the ``Authorization`` credentials of *request* for *auth_type*, or a Failure.

    A header werkzeug cannot parse was sent and is unusable: ``REJECTED``. A
    header of another scheme is left to that scheme: ``ABSENT`` here.
    """
    if "HTTP_AUTHORIZATION" not in request.environ:  # PERF: no header object built
        return Failure.ABSENT
    authorization = request.authorization
    if authorization is None:
        return Failure.REJECTED
    if authorization.type != auth_type:
        return Failure.ABSENT
    return authorization


class HTTPBasicAuth(HTTPAuth):
    """HTTP Basic authentication (RFC 7617): ``@auth.verify_password``."""

    verifier_name = "verify_password"

    def verify_password(self, f: C) -> C:
        """Register *f(username, password)*, returning the user or ``None``."""
        self.verify_callback = f
        return f

    def authenticate(self, request: Request) -> t.Any:
        authorization = authorization_of(request, "basic")
        if isinstance(authorization, Failure):
            return authorization
        username, password = authorization.username or "", authorization.password or ""
        if not username and not password:
            return Failure.REJECTED
        return self.verified(username, password)

    def challenge(self, failure: Failure) -> str:
        return challenge("Basic", realm=self.realm, charset="UTF-8")


class HTTPTokenAuth(HTTPAuth):
    """Tokens in the ``Authorization`` header (RFC 6750 for ``Bearer``): ``@auth.verify_token``.

    :param scheme: the auth scheme the header names (``Authorization: Bearer <token>``).
    :param bearer_format: how the token is made (``"JWT"``), for the OpenAPI document.
    """

    verifier_name = "verify_token"

    def __init__(
        self,
        scheme: str = "Bearer",
        *,
        realm: str | None = None,
        description: str | None = None,
        scheme_name: str | None = None,
        bearer_format: str | None = None,
    ) -> None:
        super().__init__(realm=realm, description=description, scheme_name=scheme_name)
        self.scheme = scheme
        self.bearer_format = bearer_format

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.scheme} realm={self.realm!r}>"

    def verify_token(self, f: C) -> C:
        """Register *f(token)*, returning the user or ``None``."""
        self.verify_callback = f
        return f

    def authenticate(self, request: Request) -> t.Any:
        authorization = authorization_of(request, self.scheme.lower())
        if isinstance(authorization, Failure):
            return authorization
        token = authorization.token
        return self.verified(token) if token else Failure.REJECTED

    def challenge(self, failure: Failure) -> str:
        # RFC 6750 §3.1: no error code when the request carried no token.
        if failure is Failure.REJECTED:
            return challenge(self.scheme, realm=self.realm, error="invalid_token")
        return challenge(self.scheme, realm=self.realm)

    def insufficient_scope_challenge(self, scopes: t.Sequence[str]) -> str | None:
        return challenge(
            self.scheme, realm=self.realm, error="insufficient_scope", scope=" ".join(scopes)
        )


class APIKeyAuth(HTTPAuth):
    """An API key in a header, a query parameter or a cookie: ``@auth.verify_key``.

    :param name: the header, parameter or cookie that holds the key.
    :param location: ``"header"``, ``"query"`` or ``"cookie"``.
    """

    verifier_name = "verify_key"

    def __init__(
        self,
        name: str = "X-API-Key",
        location: str = "header",
        *,
        realm: str | None = None,
        description: str | None = None,
        scheme_name: str | None = None,
    ) -> None:
        if location not in API_KEY_LOCATIONS:
            raise SetupError(
                f"Unknown API key location {location!r}: use one of {', '.join(API_KEY_LOCATIONS)}."
            )
        super().__init__(realm=realm, description=description, scheme_name=scheme_name)
        self.name = name
        self.location = location
        self.credential_headers = {"header": (name,), "cookie": ("Cookie",), "query": ()}[location]

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r} in {self.location}>"

    def verify_key(self, f: C) -> C:
        """Register *f(key)*, returning the user or ``None``."""
        self.verify_callback = f
        return f

    def authenticate(self, request: Request) -> t.Any:
        if self.location == "header":
            values = request.headers.getlist(self.name)
        elif self.location == "query":
            values = request.args.getlist(self.name)
        else:
            values = request.cookies.getlist(self.name)
        if not values:
            return Failure.ABSENT
        if len(values) > 1 or not values[0]:
            return Failure.REJECTED  # two keys, or an empty one: which was meant is unknown
        return self.verified(values[0])

    def challenge(self, failure: Failure) -> str:
        # No registered scheme exists for API keys; the challenge names where the key goes.
        return challenge("ApiKey", realm=self.realm, name=self.name, **{"in": self.location})
