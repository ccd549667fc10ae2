"""An API that misbehaves on purpose, served by the test client and by gunicorn alike."""

from __future__ import annotations

import typing as t

from marshmallow import fields, validate

from restkit import Api, App, Blueprint, url_for


def create_app(config: dict[str, t.Any] | None = None) -> App:
    """Build the app; *config* is applied last (gunicorn passes it as a literal)."""
    app = App("hostile")
    app.config.update(API_TITLE="Hostile", API_VERSION="1")
    app.config.update(config or {})
    blp = Blueprint("hostile", __name__)

    @blp.route("/price")
    def price() -> t.Any:
        """A header value outside Latin-1."""
        return {"price": 5}, {"X-Price": "5 €"}

    @blp.route("/split")
    def split() -> t.Any:
        """A line break in a header name: a second header, if the server wrote it as it is."""
        return {"split": True}, {"X-Split\r\nSet-Cookie: admin=1": "yes"}

    @blp.route("/newline")
    def newline() -> t.Any:
        """A line break in a header value (werkzeug refuses it when it is set)."""
        return {"newline": True}, {"X-Note": "a\r\nSet-Cookie: admin=1"}

    @blp.route("/where")
    def where() -> t.Any:
        """An absolute URL, built from the Host header."""
        return {"url": url_for("hostile.where", _external=True)}

    @blp.route("/items", methods=["POST"])
    @blp.arguments({"name": fields.Str(required=True)})
    def items(item: dict[str, t.Any]) -> t.Any:
        """A JSON body."""
        return item

    @blp.route("/notes", methods=["POST"])
    @blp.arguments(
        {"text": fields.Str(), "stars": fields.Int(validate=validate.Range(min=1))},
        location="form",
    )
    def notes(note: dict[str, t.Any]) -> t.Any:
        """A form whose fields are all optional."""
        return note

    Api(app).register_blueprint(blp)
    return app
