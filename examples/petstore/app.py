"""The classic petstore: MethodView resources over SQLite storage."""

from __future__ import annotations

import os
import typing as t

from marshmallow import Schema, fields, validate

from restkit import Api, App, Blueprint, MethodView

from .store import PetStore


class PetSchema(Schema):
    """A pet in the store."""

    id = fields.Int(dump_only=True, metadata={"description": "Assigned by the store."})
    name = fields.Str(required=True, validate=validate.Length(min=1, max=100))
    tag = fields.Str(validate=validate.Length(max=50))


class PetQuerySchema(Schema):
    """Filters for the pet list."""

    tag = fields.Str(metadata={"description": "Only pets with this tag."})
    limit = fields.Int(load_default=100, validate=validate.Range(min=1, max=100))


pets = Blueprint("pets", __name__, url_prefix="/pets", description="Pets in the store")


def store() -> PetStore:
    from restkit import current_app

    return t.cast(PetStore, current_app.extensions["petstore"])


# Served at /pets (no trailing slash in the document); /pets/ still answers, for old clients.
@pets.route("", strict_slashes=False)
class Pets(MethodView):
    @pets.arguments(PetQuerySchema, location="query")
    @pets.response(200, PetSchema(many=True))
    def get(self, query: dict[str, t.Any]) -> list[dict[str, t.Any]]:
        """List pets

        Optionally filtered by tag, at most ``limit`` of them.
        """
        return store().list(query.get("tag"), query["limit"])

    @pets.arguments(PetSchema)
    @pets.response(201, PetSchema)
    def post(self, pet: dict[str, t.Any]) -> dict[str, t.Any]:
        """Add a pet"""
        return store().add(pet)


@pets.route("/<int:pet_id>")
@pets.etag
class PetById(MethodView):
    @pets.response(200, PetSchema)
    @pets.alt_response(404, description="No such pet")
    def get(self, pet_id: int) -> dict[str, t.Any]:
        """Get a pet"""
        return store().get(pet_id)

    @pets.arguments(PetSchema)
    @pets.response(200, PetSchema)
    @pets.alt_response(404, description="No such pet")
    def put(self, pet: dict[str, t.Any], pet_id: int) -> dict[str, t.Any]:
        """Replace a pet"""
        pets.check_etag(store().get(pet_id), PetSchema)
        return store().replace(pet_id, pet)

    @pets.response(204)
    @pets.alt_response(404, description="No such pet")
    def delete(self, pet_id: int) -> None:
        """Delete a pet"""
        pets.check_etag(store().get(pet_id), PetSchema)
        store().delete(pet_id)


def create_app(config: dict[str, t.Any] | None = None) -> App:
    """Build the petstore app.

    ``PETSTORE_DATABASE`` is the SQLite file of the pets (``petstore.sqlite3``
    in the app's instance folder by default); gunicorn workers sharing it agree.
    """
    app = App(__name__)
    app.config.update(
        API_TITLE="Petstore",
        API_VERSION="1.0.0",
        API_SPEC_OPTIONS={
            "info": {
                "description": "The classic petstore: list, add, replace and delete pets.",
                "contact": {"name": "The restkit authors", "url": "https://example.com/restkit"},
                "license": {
                    "name": "BSD-3-Clause",
                    "url": "https://opensource.org/license/bsd-3-clause",
                },
            }
        },
        PETSTORE_DATABASE=os.path.join(app.instance_path, "petstore.sqlite3"),
    )
    app.config.update(config or {})
    petstore = PetStore(app.config["PETSTORE_DATABASE"])
    app.extensions["petstore"] = petstore
    app.teardown_appcontext(petstore.close)
    api = Api(app)
    api.register_blueprint(pets)
    return app


app = create_app()
