"""The notes backend's application factory."""

from __future__ import annotations

import typing as t

from restkit import Api, App

from .config import configure
from .database import Database
from .files import AttachmentFolder
from .resources import v1

if t.TYPE_CHECKING:
    from collections.abc import Mapping

    from .config import Config, ConfigName


def create_app(config: ConfigName | type[Config] | Mapping[str, t.Any] | None = None) -> App:
    """Build the notes backend.

    :param config: ``"development"`` (the default), ``"testing"`` or
        ``"production"`` (which reads ``RESTKIT_*`` environment variables and
        needs ``RESTKIT_SECRET_KEY``), a configuration class, or a mapping: the
        testing configuration with these keys changed.
    """
    app = App(__name__)
    configure(app, config)
    database = Database(app.config["NOTES_DATABASE"])
    app.extensions["notes.database"] = database
    app.extensions["notes.attachments"] = AttachmentFolder(app.config["NOTES_ATTACHMENT_FOLDER"])
    app.teardown_appcontext(database.close)
    Api(app).register_blueprint(v1)
    return app
