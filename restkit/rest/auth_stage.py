"""The authentication stage: the outermost step of a protected endpoint's pipeline.

It finds the user before anything else runs, so an unauthenticated request
never reaches argument loading: a 401 is sent before a 422.
"""

from __future__ import annotations

import typing as t

from ..core.ctx import after_this_request
from .auth import USERS_KEY, Failure
from .auth_requirement import required_auth
from .errors import error_class

if t.TYPE_CHECKING:
    from werkzeug.exceptions import HTTPException

    from ..core.wrappers import Request, Response
    from .auth import HTTPAuth
    from .auth_requirement import AuthRequirement
    from .pipeline import Call, StageSetup, Step

#: The ``Cache-Control`` of authenticated responses, unless the view set one;
#: ``API_AUTH_CACHE_CONTROL`` changes it, ``None`` turns it off.
DEFAULT_CACHE_CONTROL = "private, no-store"
NO_CREDENTIALS = "This endpoint needs authentication, and the request carries no credentials."
REJECTED_CREDENTIALS = "The credentials the request carries were not accepted."


def authenticate(setup: StageSetup, next_step: Step) -> Step:
    """Authenticate the request as the endpoint's ``auth_required`` says: 401, 403 or on.

    The users found are kept for ``auth.current_user``. Authenticated responses,
    errors included, get ``Cache-Control: private, no-store``; those of an endpoint where
    credentials are optional vary on the headers credentials come in.
    """
    requirement = required_auth(setup.app, setup.endpoint, setup.operation)
    if requirement is None:
        return next_step
    check = RequirementCheck(requirement)
    cache_control = setup.app.config.get("API_AUTH_CACHE_CONTROL", DEFAULT_CACHE_CONTROL)
    vary = check.credential_headers if requirement.optional else ()

    def no_store(response: Response) -> Response:
        response.headers.setdefault("Cache-Control", cache_control)
        return response

    def vary_on_credentials(response: Response) -> Response:
        for name in vary:
            response.vary.add(name)
        return response

    def authenticated(call: Call) -> Response:
        users = check.users_for(call.request)
        if users:
            call.request.environ[USERS_KEY] = users
            if cache_control:
                # On the response sent, so the errors the view raises are not stored either.
                after_this_request(no_store)
        if vary:
            after_this_request(vary_on_credentials)
        response: Response = next_step(call)
        return response

    return authenticated


class RequirementCheck:
    """Decides, per request, whether one :class:`AuthRequirement` is met.

    :raises SetupError: when a scheme lacks a callback the requirement needs.
    """

    def __init__(self, requirement: AuthRequirement) -> None:
        # PERF: the alternatives and the schemes are worked out once, at finalize.
        self.alternatives = requirement.auth.alternatives
        self.schemes = requirement.auth.schemes
        self.scopes = requirement.scopes
        self.required_roles = frozenset(requirement.scopes)
        self.optional = requirement.optional
        for scheme in self.schemes:
            scheme.check_ready(needs_roles=bool(self.scopes))
        headers = (scheme.credential_headers for scheme in self.schemes)
        self.credential_headers = tuple(dict.fromkeys(name for names in headers for name in names))

    def users_for(self, request: Request) -> dict[HTTPAuth, t.Any]:
        """Return the users of the first alternative met, by scheme; ``{}`` when anonymous.

        Each scheme reads the request at most once; an alternative met needs no
        other to be tried.

        :raises HTTPException: 403 when credentials are good but lack the scopes,
            else 401 unless the requirement is optional and no credentials came.
        """
        outcomes: dict[HTTPAuth, t.Any] = {}
        lacking_scopes: list[HTTPAuth] = []
        for alternative in self.alternatives:
            users: dict[HTTPAuth, t.Any] = {}
            for scheme in alternative:
                if scheme not in outcomes:
                    outcomes[scheme] = scheme.authenticate(request)
                outcome = outcomes[scheme]
                if not isinstance(outcome, Failure):
                    users[scheme] = outcome
            if len(users) < len(alternative):
                continue
            if self.required_roles and not all(
                self.required_roles <= scheme.roles_of(user) for scheme, user in users.items()
            ):
                lacking_scopes.extend(alternative)
                continue
            return users
        if lacking_scopes:
            raise self.forbidden(dict.fromkeys(lacking_scopes))
        if self.optional and all(outcome is Failure.ABSENT for outcome in outcomes.values()):
            return {}
        raise self.unauthorized(outcomes)

    def unauthorized(self, outcomes: dict[HTTPAuth, t.Any]) -> HTTPException:
        """Return the 401 for *outcomes*, with a challenge per scheme."""
        challenges = ", ".join(scheme.challenge(outcomes[scheme]) for scheme in self.schemes)
        rejected = any(outcome is Failure.REJECTED for outcome in outcomes.values())
        detail = REJECTED_CREDENTIALS if rejected else NO_CREDENTIALS
        return error_class(401)(detail, headers={"WWW-Authenticate": challenges})

    def forbidden(self, schemes: t.Iterable[HTTPAuth]) -> HTTPException:
        """Return the 403 of users of *schemes* who lack scopes."""
        found = (scheme.insufficient_scope_challenge(self.scopes) for scheme in schemes)
        challenges = ", ".join(challenge for challenge in found if challenge)
        detail = (
            "The credentials do not grant every scope this endpoint needs: "
            f"{', '.join(self.scopes)}."
        )
        headers = {"WWW-Authenticate": challenges} if challenges else None
        return error_class(403)(detail, headers=headers)
