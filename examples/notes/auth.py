"""Token authentication: ``Authorization: Bearer <token>``, a token from logging in."""

from __future__ import annotations

import typing as t

from restkit.auth import HTTPTokenAuth

from .accounts import User, user_of_token

token_auth = HTTPTokenAuth(description="A token from `POST /v1/tokens` (logging in).")


@token_auth.verify_token
def verify_token(token: str) -> User | None:
    """Return the user *token* belongs to, while it has not expired nor been revoked."""
    return user_of_token(token)


def current_user() -> User:
    """Return the user the request is authenticated as."""
    return t.cast(User, token_auth.current_user)
