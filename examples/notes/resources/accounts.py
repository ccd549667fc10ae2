"""Signing up, logging in (a token) and out, and the account of the token."""

from __future__ import annotations

import typing as t

from restkit import Blueprint, MethodView, current_app

from ..accounts import User, log_in, log_out, sign_up
from ..auth import current_user, token_auth
from ..schemas import AccountSchema, LoginSchema, SignUpSchema, TokenSchema

accounts = Blueprint("accounts", __name__, description="Accounts, logging in and out")


@accounts.route("/accounts")
class Accounts(MethodView):
    @accounts.doc(operationId="v1SignUp")
    @accounts.rate_limit("10/hour", policy="signup")
    @accounts.arguments(SignUpSchema)
    @accounts.response(201, AccountSchema)
    @accounts.alt_response(409, description="There is an account with this email already.")
    def post(self, data: dict[str, t.Any]) -> User:
        """Sign up

        Creates an account; then log in with `POST /v1/tokens`.
        """
        return sign_up(data["email"], data["password"])


@accounts.route("/accounts/me")
@accounts.auth_required(token_auth)
@accounts.response(200, AccountSchema)
def get_my_account() -> User:
    """Get your account

    The account the request's token belongs to.
    """
    return current_user()


@accounts.route("/tokens")
class Tokens(MethodView):
    @accounts.doc(operationId="v1LogIn")
    @accounts.rate_limit("5/minute", policy="login")
    @accounts.arguments(LoginSchema)
    @accounts.response(201, TokenSchema)
    @accounts.alt_response(401, description="The email or the password is wrong.")
    def post(self, data: dict[str, t.Any]) -> tuple[dict[str, t.Any], dict[str, str]]:
        """Log in

        Returns a token to send as `Authorization: Bearer <token>`, valid for 30
        days unless you log out. Five tries a minute per client address.
        """
        lifetime = current_app.config["NOTES_TOKEN_LIFETIME"]
        token, expires_at = log_in(data["email"], data["password"], lifetime)
        token_data = {"token": token, "token_type": "Bearer", "expires_at": expires_at}
        return token_data, {"Cache-Control": "no-store"}  # RFC 6749 §5.1: no cache keeps it


@accounts.route("/tokens/current")
class CurrentToken(MethodView):
    @accounts.doc(operationId="v1LogOut")
    @accounts.auth_required(token_auth)
    @accounts.response(204)
    def delete(self) -> None:
        """Log out

        Revokes the token the request is sent with.
        """
        log_out(current_user())
