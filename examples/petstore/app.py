"""The classic petstore: MethodView resources over in-memory storage."""

from __future__ import annotations

import itertools
import typing as t

from marshmallow import Schema, fields, validate

from restkit import Api, App, Blueprint, MethodView, abort


class PetSchema(Schema):
    """A pet in the store."""

    id = fields.Int(dump_only=True, metadata={"description": "Assigned by the store."})
    name = fields.Str(required=True, validate=validate.Length(min=1, max=100))
    tag = fields.Str(validate=validate.Length(max=50))


class PetQuerySchema(Schema):
    """Filters for the pet list."""

    tag = fields.Str(metadata={"description": "Only pets with this tag."})
    limit = fields.Int(load_default=100, validate=validate.Range(min=1, max=100))


class PetStore:
    """In-memory pet storage, one per app."""

    def __init__(self) -> None:
        self.pets: dict[int, dict[str, t.Any]] = {}
        self._ids = itertools.count(1)

    def add(self, data: dict[str, t.Any]) -> dict[str, t.Any]:
        pet = {"id": next(self._ids), **data}
        self.pets[pet["id"]] = pet
        return pet

    def get(self, pet_id: int) -> dict[str, t.Any]:
        pet = self.pets.get(pet_id)
        if pet is None:
            abort(404, f"There is no pet with id {pet_id}.")
        return pet


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
        found = [p for p in store().pets.values() if query.get("tag") in (None, p.get("tag"))]
        return found[: query["limit"]]

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
        current = store().get(pet_id)
        pets.check_etag(current, PetSchema)
        current.clear()
        current.update({"id": pet_id, **pet})
        return current

    @pets.response(204)
    @pets.alt_response(404, description="No such pet")
    def delete(self, pet_id: int) -> None:
        """Delete a pet"""
        pets.check_etag(store().get(pet_id), PetSchema)
        del store().pets[pet_id]


def create_app(config: dict[str, t.Any] | None = None) -> App:
    """Build the petstore app."""
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
    )
    app.config.update(config or {})
    app.extensions["petstore"] = PetStore()
    api = Api(app)
    api.register_blueprint(pets)
    return app


app = create_app()
