import pytest
from marshmallow import Schema, fields

from restkit import Blueprint, MethodView
from restkit.core import SetupError
from restkit.spec.variants import VariantNames, components_needing_split, split_components

REF = "#/components/schemas/"


class OwnerSchema(Schema):
    id = fields.Int(dump_only=True)
    name = fields.Str(required=True)


class PetSchema(Schema):
    id = fields.Int(dump_only=True)
    name = fields.Str(required=True)
    password = fields.Str(load_only=True)
    owner = fields.Nested(OwnerSchema)


class TagSchema(Schema):
    label = fields.Str(required=True)


def register_pets(api, *, with_response=True):
    pets = Blueprint("pets", __name__, url_prefix="/pets")

    @pets.route("/<int:pet_id>")
    class PetById(MethodView):
        @pets.arguments(PetSchema)
        @pets.response(200, PetSchema if with_response else None)
        def put(self, pet, pet_id):
            return {"id": pet_id, **pet, "owner": {"id": 1, **pet.get("owner", {})}}

    @pets.route("/tags", methods=["POST"])
    @pets.arguments(TagSchema)
    @pets.response(201, TagSchema)
    def add_tag(tag):
        return tag

    api.register_blueprint(pets)


def body_ref(document, path="/pets/{pet_id}", method="put"):
    return document["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]


def response_ref(document, path="/pets/{pet_id}", method="put", status="200"):
    return document["paths"][path][method]["responses"][status]["content"]["application/json"][
        "schema"
    ]


def test_read_and_write_only_fields_split_input_from_output(api, spec):
    register_pets(api)
    document = spec()
    schemas = document["components"]["schemas"]

    assert body_ref(document) == {"$ref": REF + "PetInput"}
    assert response_ref(document) == {"$ref": REF + "Pet"}
    assert set(schemas["PetInput"]["properties"]) == {"name", "password", "owner"}
    assert set(schemas["Pet"]["properties"]) == {"id", "name", "owner"}
    assert schemas["PetInput"]["properties"]["owner"] == {"$ref": REF + "OwnerInput"}
    assert set(schemas["OwnerInput"]["properties"]) == {"name"}
    assert set(schemas["Owner"]["properties"]) == {"id", "name"}
    assert list(schemas).index("Pet") + 1 == list(schemas).index("PetInput")
    # A schema without read- or write-only fields stays one component.
    assert body_ref(document, "/pets/tags", "post") == {"$ref": REF + "Tag"}
    assert response_ref(document, "/pets/tags", "post", "201") == {"$ref": REF + "Tag"}
    assert "TagInput" not in schemas


def test_a_variant_nobody_uses_is_left_out(api, spec):
    register_pets(api, with_response=False)
    schemas = spec()["components"]["schemas"]
    assert "PetInput" in schemas
    assert "Pet" not in schemas
    assert "Owner" not in schemas


def test_names_are_configurable(app, api, spec):
    app.config.update(
        OPENAPI_INPUT_SCHEMA_NAME="{name}Write", OPENAPI_OUTPUT_SCHEMA_NAME="{name}Read"
    )
    register_pets(api)
    document = spec()
    assert body_ref(document) == {"$ref": REF + "PetWrite"}
    assert response_ref(document) == {"$ref": REF + "PetRead"}
    assert "Pet" not in document["components"]["schemas"]


def test_splitting_can_be_switched_off(app, api, spec):
    app.config["OPENAPI_INPUT_SCHEMA_NAME"] = None
    register_pets(api)
    document = spec()
    assert body_ref(document) == response_ref(document) == {"$ref": REF + "Pet"}
    assert document["components"]["schemas"]["Pet"]["properties"]["id"]["readOnly"] is True


def test_a_taken_name_is_an_error(app, api):
    class PetInputSchema(Schema):
        name = fields.Str()

    register_pets(api)
    extra = Blueprint("extra", __name__)

    @extra.route("/input", methods=["POST"])
    @extra.arguments(PetInputSchema)
    def take(data):
        return ""

    api.register_blueprint(extra)
    with pytest.raises(SetupError, match="OPENAPI_INPUT_SCHEMA_NAME"):
        api.spec_dict()


def test_read_only_fields_are_still_refused_at_runtime(app, api):
    register_pets(api)
    client = app.test_client()
    accepted = client.put("/pets/3", json={"name": "Rex", "owner": {"name": "Ann"}})
    assert accepted.json == {"id": 3, "name": "Rex", "owner": {"id": 1, "name": "Ann"}}
    refused = client.put("/pets/3", json={"id": 9, "name": "Rex"})
    assert refused.status_code == 422
    assert refused.json["errors"] == {"json": {"id": ["Unknown field."]}}


def test_split_components_on_a_document():
    document = {
        "paths": {
            "/a": {
                "post": {
                    "parameters": [{"in": "query", "name": "q", "schema": {"$ref": REF + "A"}}],
                    "requestBody": {
                        "content": {"application/json": {"schema": {"$ref": REF + "A"}}}
                    },
                    "responses": {
                        "200": {
                            "description": "OK",
                            "headers": {"X-A": {"schema": {"$ref": REF + "A"}}},
                            "content": {
                                "application/json": {
                                    "schema": {"type": "array", "items": {"$ref": REF + "B"}}
                                }
                            },
                        }
                    },
                    "callbacks": {
                        "done": {
                            "{$request.body#/url}": {
                                "post": {
                                    "requestBody": {
                                        "content": {
                                            "application/json": {"schema": {"$ref": REF + "B"}}
                                        }
                                    },
                                    "responses": {"200": {"description": "OK"}},
                                }
                            }
                        }
                    },
                }
            }
        },
        "components": {
            "schemas": {
                "A": {
                    "type": "object",
                    "properties": {"id": {"type": "integer", "readOnly": True}, "n": {}},
                    "required": ["id"],
                    "example": {"properties": {"id": {"readOnly": True}}},
                },
                "B": {"type": "object", "properties": {"a": {"$ref": REF + "A"}}},
                "C": {"type": "string"},
            },
            "responses": {"A": {"content": {"application/json": {"schema": {"$ref": REF + "A"}}}}},
            "parameters": {"A": {"in": "query", "name": "a", "schema": {"$ref": REF + "A"}}},
            "requestBodies": {
                "B": {"content": {"application/json": {"schema": {"$ref": REF + "B"}}}}
            },
        },
        "webhooks": {
            "seen": {
                "post": {
                    "parameters": [
                        {
                            "in": "query",
                            "name": "b",
                            "content": {"application/json": {"schema": {"$ref": REF + "B"}}},
                        }
                    ],
                    "responses": {"200": {"description": "OK"}},
                }
            },
            "odd": "not a path item",
        },
    }
    assert components_needing_split(document["components"]["schemas"]) == ["A", "B"]
    result = split_components(document, VariantNames())
    schemas = result["components"]["schemas"]

    assert list(schemas) == ["A", "AInput", "B", "BInput", "C"]
    assert schemas["AInput"] == {
        "type": "object",
        "properties": {"n": {}},
        "example": {"properties": {"id": {"readOnly": True}}},
    }
    assert schemas["BInput"]["properties"]["a"] == {"$ref": REF + "AInput"}
    operation = result["paths"]["/a"]["post"]
    assert operation["parameters"][0]["schema"] == {"$ref": REF + "AInput"}
    assert operation["responses"]["200"]["headers"]["X-A"]["schema"] == {"$ref": REF + "A"}
    callback = operation["callbacks"]["done"]["{$request.body#/url}"]["post"]
    assert callback["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": REF + "BInput"
    }
    assert document["components"]["schemas"]["A"]["required"] == ["id"]
    components = result["components"]
    assert components["responses"]["A"]["content"]["application/json"]["schema"] == {
        "$ref": REF + "A"
    }
    assert components["parameters"]["A"]["schema"] == {"$ref": REF + "AInput"}
    assert components["requestBodies"]["B"]["content"]["application/json"]["schema"] == {
        "$ref": REF + "BInput"
    }
    webhook = result["webhooks"]["seen"]["post"]["parameters"][0]
    assert webhook["content"]["application/json"]["schema"] == {"$ref": REF + "BInput"}


def test_a_schema_registered_by_hand_and_used_nowhere_is_kept(api, spec):
    api.spec.components.schema("Owner", schema=OwnerSchema)
    schemas = spec()["components"]["schemas"]
    assert set(schemas["Owner"]["properties"]) == {"id", "name"}
    assert "OwnerInput" not in schemas
