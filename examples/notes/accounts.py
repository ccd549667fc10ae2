"""Users and their login tokens: hashed passwords, opaque random tokens stored hashed."""

from __future__ import annotations

import datetime
import hashlib
import secrets
import sqlite3
import typing as t

from werkzeug.security import check_password_hash, generate_password_hash

from restkit import abort

from .database import database, moment, now, timestamp

#: Checked when the email is unknown, so a wrong email takes as long as a wrong password.
UNKNOWN_USER_HASH = generate_password_hash(secrets.token_urlsafe(16))


class User(t.TypedDict):
    """The user a request is authenticated as."""

    id: int
    email: str
    created_at: datetime.datetime
    token_hash: t.NotRequired[str]


def hash_token(token: str) -> str:
    """Return the SHA-256 of *token*, in hex: what the database keeps of it."""
    return hashlib.sha256(token.encode()).hexdigest()


def sign_up(email: str, password: str) -> User:
    """Create the account of *email*; 409 when there is one already."""
    connection = database().connection()
    try:
        row = connection.execute(
            "INSERT INTO users (email, password_hash, created_at) VALUES (?, ?, ?) "
            "RETURNING id, email, created_at",
            (email, generate_password_hash(password), timestamp(now())),
        ).fetchone()
    except sqlite3.IntegrityError:
        abort(409, "There is an account with this email already: log in instead.")
    return User(id=row["id"], email=row["email"], created_at=moment(row["created_at"]))


def log_in(email: str, password: str, lifetime: int) -> tuple[str, datetime.datetime]:
    """Return a new token of the account of *email* and when it expires; 401 if wrong.

    :param lifetime: how long the token lasts, in seconds.
    """
    connection = database().connection()
    row = connection.execute(
        "SELECT id, password_hash FROM users WHERE email = ?", (email,)
    ).fetchone()
    if not check_password_hash(row["password_hash"] if row else UNKNOWN_USER_HASH, password):
        abort(
            401,
            "The email or the password is wrong.",
            headers={"WWW-Authenticate": 'Bearer realm="Notes"'},
        )
    token = secrets.token_urlsafe(32)
    expires_at = now() + datetime.timedelta(seconds=lifetime)
    connection.execute(
        "INSERT INTO tokens (token_hash, user_id, expires_at) VALUES (?, ?, ?)",
        (hash_token(token), row["id"], timestamp(expires_at)),
    )
    return token, expires_at


def user_of_token(token: str) -> User | None:
    """Return the user *token* logs in, or ``None`` for an unknown or expired token.

    The token is looked up by its hash, so no comparison of secrets runs in Python.
    """
    token_hash = hash_token(token)
    row = (
        database()
        .connection()
        .execute(
            "SELECT users.id, users.email, users.created_at FROM tokens "
            "JOIN users ON users.id = tokens.user_id "
            "WHERE tokens.token_hash = ? AND tokens.expires_at > ?",
            (token_hash, timestamp(now())),
        )
        .fetchone()
    )
    if row is None:
        return None
    return User(
        id=row["id"],
        email=row["email"],
        created_at=moment(row["created_at"]),
        token_hash=token_hash,
    )


def log_out(user: User) -> None:
    """Revoke the token *user* authenticated with, and every expired token of theirs."""
    database().connection().execute(
        "DELETE FROM tokens WHERE user_id = ? AND (token_hash = ? OR expires_at <= ?)",
        (user["id"], user.get("token_hash"), timestamp(now())),
    )
