"""The notes backend's configurations: development, testing and production."""

from __future__ import annotations

import os
import typing as t
from collections.abc import Mapping

from restkit import App

MIB = 1024 * 1024
#: The names ``create_app`` takes for the configurations.
ConfigName = t.Literal["development", "testing", "production"]


class MissingSecretKey(RuntimeError):
    """Production was asked for without a ``SECRET_KEY`` in the environment."""


class Config:
    """What every configuration shares. Paths left ``None`` go into the instance folder."""

    API_TITLE = "Notes"
    API_VERSION = "1.0.0"
    API_SPEC_OPTIONS: t.ClassVar[dict[str, t.Any]] = {
        "info": {
            "description": (
                "The backend of a notes app for phones and the web: accounts and bearer "
                "tokens, notes with tags, search, image attachments, and a sync feed for "
                "offline-first clients."
            ),
            "contact": {"name": "The restkit authors", "url": "https://example.com/restkit"},
            "license": {
                "name": "BSD-3-Clause",
                "url": "https://opensource.org/license/bsd-3-clause",
            },
        }
    }
    #: Every operation, per user (or per address before login); login has its own limit.
    API_RATE_LIMIT = "600/minute"
    #: The web client's origins (CORS); mobile apps need none.
    API_CORS_ORIGINS: t.ClassVar[list[str]] = []
    #: The SQLite file of users, tokens and notes.
    NOTES_DATABASE: str | None = None
    #: The folder attachments are stored in.
    NOTES_ATTACHMENT_FOLDER: str | None = None
    #: The largest attachment, in bytes.
    NOTES_MAX_ATTACHMENT_SIZE = 5 * MIB
    #: A request body may hold an attachment and its multipart framing, no more.
    MAX_CONTENT_LENGTH = 6 * MIB
    #: How long a login token lasts, in seconds.
    NOTES_TOKEN_LIFETIME = 30 * 24 * 3600


class DevelopmentConfig(Config):
    """``restkit --app examples.notes run``: a fixed key, a web client on localhost:3000."""

    SECRET_KEY = "development only: never use this key in production"
    API_CORS_ORIGINS: t.ClassVar[list[str]] = ["http://localhost:3000", "http://127.0.0.1:3000"]


class TestingConfig(Config):
    """Tests: responses checked against the document, counts and keys kept in memory."""

    TESTING = True
    SECRET_KEY = "testing only"
    API_STORE_URL = "memory://"
    API_CORS_ORIGINS: t.ClassVar[list[str]] = ["https://notes.example.com"]


class ProductionConfig(Config):
    """Production: everything else from ``RESTKIT_*`` environment variables.

    ``RESTKIT_SECRET_KEY`` is required; ``RESTKIT_API_CORS_ORIGINS`` (a JSON list),
    ``RESTKIT_NOTES_DATABASE``, ``RESTKIT_API_STORE_URL``, ``RESTKIT_TRUSTED_HOSTS``
    and any other key may be set the same way.
    """


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def configure(app: App, config: ConfigName | type[Config] | Mapping[str, t.Any] | None) -> None:
    """Load *config* into *app*'s config.

    :param config: a configuration's name or class; ``None`` for development; a
        mapping for the testing configuration with these keys changed.
    :raises MissingSecretKey: production without ``RESTKIT_SECRET_KEY``.
    """
    if isinstance(config, Mapping):
        app.config.from_object(TestingConfig)
        app.config.update(config)
    else:
        chosen = config if isinstance(config, type) else config_class(config or "development")
        app.config.from_object(chosen)
        if issubclass(chosen, ProductionConfig):
            app.config.from_prefixed_env()
            check_secret_key(app.config.get("SECRET_KEY"))
    instance = app.instance_path
    if app.config["NOTES_DATABASE"] is None:
        app.config["NOTES_DATABASE"] = os.path.join(instance, "notes.sqlite3")
    if app.config["NOTES_ATTACHMENT_FOLDER"] is None:
        app.config["NOTES_ATTACHMENT_FOLDER"] = os.path.join(instance, "attachments")


def config_class(name: str) -> type[Config]:
    """Return the configuration called *name*.

    :raises ValueError: there is none of that name.
    """
    try:
        return CONFIGS[name]
    except KeyError:
        raise ValueError(
            f"There is no {name!r} configuration: choose one of {', '.join(CONFIGS)}."
        ) from None


def check_secret_key(secret: object) -> None:
    """Refuse to run production without a secret key of its own.

    :raises MissingSecretKey: *secret* is missing, empty or not text.
    """
    if not secret or not isinstance(secret, str):
        raise MissingSecretKey(
            "The production configuration needs a secret key: set the RESTKIT_SECRET_KEY "
            "environment variable to a long random string, the same for every worker "
            '(python -c "import secrets; print(secrets.token_urlsafe(48))").'
        )
