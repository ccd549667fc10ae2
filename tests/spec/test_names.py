from marshmallow import Schema, fields

from restkit import Blueprint
from restkit.spec.names import ComponentNames


class PetSchema(Schema):
    name = fields.Str(required=True)


class OwnerSchema(Schema):
    pet = fields.Nested(PetSchema)


def other_pet_schema():
    """Return a class also named ``PetSchema``, from another module."""
    return type(
        "PetSchema",
        (Schema,),
        {"__module__": "other.models", "species": fields.Str(required=True)},
    )


def test_schema_suffix_is_stripped():
    names = ComponentNames()
    assert names(PetSchema) == "Pet"
    assert names(PetSchema()) == "Pet"
    assert names(PetSchema(many=True)) == "Pet"


def test_same_class_name_in_two_modules_does_not_clobber(api, spec):
    other = other_pet_schema()
    bp = Blueprint("bp", __name__)

    @bp.route("/a")
    @bp.response(200, PetSchema)
    def a():
        return {}

    @bp.route("/b")
    @bp.response(200, other)
    def b():
        return {}

    api.register_blueprint(bp)
    document = spec()
    schemas = document["components"]["schemas"]
    assert set(schemas["Pet"]["properties"]) == {"name"}
    assert set(schemas["other.models.Pet"]["properties"]) == {"species"}
    content = document["paths"]["/b"]["get"]["responses"]["200"]["content"]
    assert content["application/json"]["schema"] == {
        "$ref": "#/components/schemas/other.models.Pet"
    }


def test_modified_schemas_get_numbered_names(api, spec):
    bp = Blueprint("bp", __name__)

    @bp.route("/a")
    @bp.response(200, OwnerSchema)
    def a():
        return {}

    @bp.route("/b", methods=["PATCH"])
    @bp.arguments(PetSchema(partial=True))
    @bp.response(200, PetSchema(only=("name",)))
    def b(data):
        return {}

    api.register_blueprint(bp)
    schemas = spec()["components"]["schemas"]
    assert {"Owner", "Pet", "Pet2", "Pet3"} <= set(schemas)
    assert "required" not in schemas["Pet2"]


def test_a_class_named_like_a_numbered_name_keeps_it():
    names = ComponentNames()
    pet2 = type("Pet2Schema", (Schema,), {})
    assert names(PetSchema) == "Pet"
    assert names(pet2) == "Pet2"
    assert names(PetSchema(partial=True)) == "Pet3"


def test_class_named_schema_keeps_its_name():
    names = ComponentNames()
    assert names(type("Schema", (Schema,), {})) == "Schema"
