"""Accounts: signing up, hashed passwords, tokens stored hashed and expiring, logging out."""

import hashlib
import sqlite3

import pytest
from notes_story import PASSWORD, PROBLEM, Notes, notes_config, via_test_client
from werkzeug.security import check_password_hash

from examples.notes import create_app


def rows(app, sql):
    with sqlite3.connect(app.config["NOTES_DATABASE"]) as connection:
        return connection.execute(sql).fetchall()


def test_sign_up_keeps_a_werkzeug_hash_of_the_password(notes_app, anonymous):
    response = anonymous.sign_up("ann@example.com")

    assert response.status == 201
    assert set(response.json) == {"id", "email", "created_at"}
    [(stored,)] = rows(notes_app, "SELECT password_hash FROM users")
    assert stored != PASSWORD
    assert stored.startswith("scrypt:")
    assert check_password_hash(stored, PASSWORD)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        pytest.param({"email": "not an email", "password": PASSWORD}, "email", id="email"),
        pytest.param({"email": "a@example.com", "password": "short"}, "password", id="short"),
        pytest.param({"email": "a@example.com"}, "password", id="no-password"),
    ],
)
def test_a_sign_up_with_bad_fields_is_a_422(anonymous, body, field):
    response = anonymous.send("POST", "/v1/accounts", json_body=body)

    assert (response.status, response.headers["content-type"]) == (422, PROBLEM)
    assert list(response.json["errors"]["json"]) == [field]


def test_an_email_signs_up_once_whatever_its_case(anonymous):
    anonymous.sign_up("ann@example.com")

    again = anonymous.sign_up("Ann@Example.com")

    assert again.status == 409
    assert again.json["detail"] == "There is an account with this email already: log in instead."


def test_a_login_token_is_stored_as_its_sha256_only(notes_app, anonymous):
    anonymous.sign_up("ann@example.com")

    token = anonymous.log_in("ann@example.com").json["token"]

    assert len(token) >= 43  # 32 random bytes
    assert rows(notes_app, "SELECT token_hash FROM tokens") == [
        (hashlib.sha256(token.encode()).hexdigest(),)
    ]


@pytest.mark.parametrize(
    ("email", "password"),
    [("ann@example.com", "wrong password"), ("nobody@example.com", PASSWORD)],
    ids=["wrong-password", "unknown-email"],
)
def test_wrong_credentials_are_a_401_that_does_not_say_which(anonymous, email, password):
    anonymous.sign_up("ann@example.com")

    response = anonymous.log_in(email, password)

    assert (response.status, response.headers["content-type"]) == (401, PROBLEM)
    assert response.json["detail"] == "The email or the password is wrong."
    assert response.headers["www-authenticate"] == 'Bearer realm="Notes"'


def test_the_token_authenticates_until_it_expires(tmp_path):
    app = create_app({**notes_config(tmp_path), "NOTES_TOKEN_LIFETIME": 0})
    anonymous = Notes(via_test_client(app.test_client()))

    expired = anonymous.user("ann@example.com")

    response = expired.send("GET", "/v1/accounts/me")
    assert response.status == 401
    assert 'error="invalid_token"' in response.headers["www-authenticate"]


def test_the_account_of_the_token(ann):
    response = ann.send("GET", "/v1/accounts/me")

    assert response.status == 200
    assert response.json["email"] == "ann@example.com"
    assert response.headers["cache-control"] == "private, no-store"


def test_logging_out_revokes_only_the_token_sent(anonymous):
    phone = anonymous.user("ann@example.com")
    laptop = Notes(phone.transport, anonymous.log_in("ann@example.com").json["token"])

    assert phone.send("DELETE", "/v1/tokens/current").status == 204

    assert phone.send("GET", "/v1/accounts/me").status == 401
    assert phone.send("DELETE", "/v1/tokens/current").status == 401
    assert laptop.send("GET", "/v1/accounts/me").status == 200


@pytest.mark.parametrize(
    "header", ["Bearer", "Bearer not-a-token", "Basic YW5uOnB3", "Bearer " + "x" * 5000]
)
def test_anything_but_a_live_token_is_a_401(anonymous, header):
    response = anonymous.send("GET", "/v1/notes", headers={"Authorization": header})

    assert (response.status, response.headers["content-type"]) == (401, PROBLEM)


def test_logging_in_is_limited_to_five_tries_a_minute_per_address(anonymous):
    anonymous.sign_up("ann@example.com")

    tries = [anonymous.log_in("ann@example.com", "guess") for _ in range(5)]
    refused = anonymous.log_in("ann@example.com")

    assert [reply.status for reply in tries] == [401] * 5
    assert tries[0].headers["ratelimit"].startswith('"login";r=4;t=')
    assert (refused.status, refused.headers["content-type"]) == (429, PROBLEM)
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    assert anonymous.sign_up("bob@example.com").status == 201  # signing up counts apart


def test_signing_up_is_limited_per_address(anonymous):
    statuses = [anonymous.sign_up(f"user{n}@example.com").status for n in range(11)]

    assert statuses == [201] * 10 + [429]


def test_other_operations_share_a_default_limit_per_user(notes_app, anonymous):
    ann = anonymous.user("ann@example.com")

    response = ann.send("GET", "/v1/notes")

    assert response.headers["ratelimit-policy"] == '"default";q=600;w=60'
    assert notes_app.config["API_RATE_LIMIT"] == "600/minute"
