"""Authentication in the document: security schemes, requirements, and the 401/403 responses.

It reads the requirement the pipeline enforces (``required_auth``), so the
document says what the server checks: the schemes of every protected operation
in ``components.securitySchemes``, its ``security`` (a list of alternatives,
each a set of schemes all required), ``security: []`` on public operations of
an API that has any, and the 401 (and, with scopes, 403) responses it may send.
"""

from __future__ import annotations

import typing as t

from ..core.errors import SetupError
from ..rest.auth import APIKeyAuth, HTTPBasicAuth, HTTPTokenAuth

if t.TYPE_CHECKING:
    from ..rest.auth import HTTPAuth
    from ..rest.auth_requirement import AuthRequirement
    from .operations import ErrorBody

CHALLENGES = "A challenge per accepted scheme (RFC 9110), saying how to authenticate."


def default_scheme_name(scheme: HTTPAuth) -> str:
    """Return the component name of *scheme* when it was given none."""
    if isinstance(scheme, HTTPTokenAuth):
        return f"{scheme.scheme.capitalize()}Auth"
    return "ApiKeyAuth" if isinstance(scheme, APIKeyAuth) else "BasicAuth"


def security_scheme(scheme: HTTPAuth) -> dict[str, t.Any]:
    """Return the Security Scheme Object of *scheme*.

    :raises SetupError: for a scheme class the document cannot describe.
    """
    document: dict[str, t.Any]
    if isinstance(scheme, APIKeyAuth):
        document = {"type": "apiKey", "name": scheme.name, "in": scheme.location}
    elif isinstance(scheme, HTTPTokenAuth):
        document = {"type": "http", "scheme": scheme.scheme.lower()}
        if scheme.bearer_format:
            document["bearerFormat"] = scheme.bearer_format
    elif isinstance(scheme, HTTPBasicAuth):
        document = {"type": "http", "scheme": "basic"}
    else:
        raise SetupError(
            f"{scheme!r} cannot be documented: derive schemes from HTTPBasicAuth, "
            "HTTPTokenAuth or APIKeyAuth."
        )
    if scheme.description:
        document["description"] = scheme.description
    return document


def challenge_header(*, required: bool) -> dict[str, t.Any]:
    """Return the Header Object of ``WWW-Authenticate``."""
    return {"description": CHALLENGES, "required": required, "schema": {"type": "string"}}


def ordered_responses(responses: dict[str, t.Any]) -> dict[str, t.Any]:
    """Return *responses* by status code, ``default`` last."""
    ordered = {key: value for key, value in sorted(responses.items()) if key != "default"}
    if "default" in responses:
        ordered["default"] = responses["default"]
    return ordered


class SecurityWriter:
    """Writes the security of each operation of one document, then its schemes.

    :param errors: how error responses are documented.
    :param version: the OpenAPI version; before 3.1 only OAuth scopes may be
        listed in a requirement, so roles are stated in the 403's description only.
    """

    def __init__(self, errors: ErrorBody, version: str) -> None:
        self.errors = errors
        self.lists_roles = not version.startswith("3.0.")
        self.schemes: dict[str, HTTPAuth] = {}
        self.public: list[dict[str, t.Any]] = []

    def write(self, operation: dict[str, t.Any], requirement: AuthRequirement | None) -> None:
        """Add to *operation* the security of *requirement* (``None``: a public operation)."""
        if requirement is None:
            self.public.append(operation)
            return
        roles = list(requirement.scopes) if self.lists_roles else []
        security: list[dict[str, list[str]]] = [
            {self.name_of(scheme): roles for scheme in alternative}
            for alternative in requirement.auth.alternatives
        ]
        if requirement.optional:
            security.append({})
        operation["security"] = security
        responses = dict(operation["responses"])
        responses.setdefault("401", self.unauthorized())
        if requirement.scopes:
            responses.setdefault("403", self.forbidden(requirement))
        operation["responses"] = ordered_responses(responses)

    def name_of(self, scheme: HTTPAuth) -> str:
        """Return the component name of *scheme*, refusing two schemes of one name."""
        name = scheme.scheme_name or default_scheme_name(scheme)
        known = self.schemes.setdefault(name, scheme)
        if known is not scheme:
            raise SetupError(
                f"Two authentication schemes are documented as {name!r}: {known!r} and "
                f"{scheme!r}. Give one another name with scheme_name=..."
            )
        return name

    def unauthorized(self) -> dict[str, t.Any]:
        return {
            "description": "The request carries no credentials, or credentials that were not "
            "accepted.",
            "headers": {"WWW-Authenticate": challenge_header(required=True)},
            "content": self.errors.content(),
        }

    def forbidden(self, requirement: AuthRequirement) -> dict[str, t.Any]:
        scopes = ", ".join(f"`{scope}`" for scope in requirement.scopes)
        response: dict[str, t.Any] = {
            "description": f"The credentials do not grant every scope needed: {scopes}.",
            "content": self.errors.content(),
        }
        if any(isinstance(scheme, HTTPTokenAuth) for scheme in requirement.auth.schemes):
            response["headers"] = {"WWW-Authenticate": challenge_header(required=False)}
        return response

    def finish(self, taken: t.Collection[str]) -> dict[str, dict[str, t.Any]]:
        """Mark public operations as such if any scheme is used; return the schemes by name.

        :param taken: names of security schemes registered by hand.
        """
        clashing = sorted(set(self.schemes) & set(taken))
        if clashing:
            raise SetupError(
                f"The security scheme {clashing[0]!r} is registered by hand and used by "
                "auth_required: give the scheme another name with scheme_name=..."
            )
        if self.schemes:
            for operation in self.public:
                operation.setdefault("security", [])
        return {name: security_scheme(scheme) for name, scheme in self.schemes.items()}
