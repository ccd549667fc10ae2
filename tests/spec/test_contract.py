"""The document states the input rules the server adds, and the server keeps what it states."""

import jsonschema
import pytest
from marshmallow import Schema, fields, validate

from restkit import Blueprint
from restkit.spec.contract import NO_NUL_PATTERN, documented_json_schema

INT64 = {"format": "int64", "minimum": -(2**63), "maximum": 2**63 - 1}


class ThingSchema(Schema):
    count = fields.Int()
    small = fields.Int(validate=validate.Range(min=0, max=10))
    positive = fields.Int(validate=validate.Range(min=1))
    name = fields.Str()
    code = fields.Str(validate=validate.Regexp(r"^[A-Z]+$"))
    kind = fields.Str(validate=validate.OneOf(["a", "b"]))
    email = fields.Email()
    key = fields.UUID()
    tags = fields.List(fields.Str())
    ratio = fields.Float()


class FilterSchema(Schema):
    page = fields.Int()
    q = fields.Str()


def serve_things(api):
    things = Blueprint("things", __name__, url_prefix="/things")

    @things.route("", methods=["POST"])
    @things.arguments(ThingSchema)
    @things.arguments(FilterSchema, location="query")
    @things.response(201, ThingSchema)
    def add(thing, query):
        return thing

    api.register_blueprint(things)


def test_the_document_states_the_int64_bound_and_the_text_rule(api, spec):
    serve_things(api)
    document = spec()
    properties = document["components"]["schemas"]["Thing"]["properties"]

    assert properties["count"] == {"type": "integer", **INT64}
    assert properties["small"] == {"type": "integer", "minimum": 0, "maximum": 10}
    assert properties["positive"] == {
        "type": "integer",
        "format": "int64",
        "minimum": 1,
        "maximum": 2**63 - 1,
    }
    assert properties["name"] == {"type": "string", "pattern": NO_NUL_PATTERN}
    assert properties["code"] == {"type": "string", "pattern": "^[A-Z]+$"}
    assert properties["kind"] == {"type": "string", "enum": ["a", "b"]}
    assert properties["email"] == {"type": "string", "format": "email"}
    assert properties["key"] == {"type": "string", "format": "uuid"}
    assert properties["tags"]["items"] == {"type": "string", "pattern": NO_NUL_PATTERN}
    assert properties["ratio"] == {"type": "number"}
    assert document["components"]["schemas"]["Thing"]["additionalProperties"] is False
    parameters = {
        p["name"]: p["schema"] for p in document["paths"]["/things"]["post"]["parameters"]
    }
    assert parameters == {
        "page": {"type": "integer", **INT64},
        "q": {"type": "string", "pattern": NO_NUL_PATTERN},
    }


@pytest.mark.parametrize(
    ("body", "query", "accepted"),
    [
        pytest.param({"count": 2**63 - 1}, "", True, id="int64-max"),
        pytest.param({"count": -(2**63)}, "", True, id="int64-min"),
        pytest.param({"count": 2**63}, "", False, id="past-int64"),
        pytest.param({"positive": 2**63 - 1}, "", True, id="int64-max-past-a-minimum"),
        pytest.param({"positive": 2**63}, "", False, id="past-int64-past-a-minimum"),
        pytest.param({"positive": 0}, "", False, id="under-the-minimum"),
        pytest.param({}, f"page={2**63}", False, id="past-int64-in-query"),
        pytest.param({"name": "a\u00e9\U0001f600"}, "q=ok", True, id="any-text"),
        pytest.param({"name": "a\x00b"}, "", False, id="nul"),
        pytest.param({}, "q=a%00b", False, id="nul-in-query"),
        pytest.param({"extra": 1}, "", False, id="unknown-field"),
    ],
)
def test_the_server_accepts_exactly_what_the_document_allows(app, api, spec, body, query, accepted):
    serve_things(api)
    document = spec()
    schema = document["components"]["schemas"]["Thing"]
    parameters = {
        p["name"]: p["schema"] for p in document["paths"]["/things"]["post"]["parameters"]
    }
    allowed = jsonschema.Draft202012Validator(schema).is_valid(body)
    for pair in filter(None, query.split("&")):
        name, _, raw = pair.partition("=")
        value = raw.replace("%00", "\x00")
        typed = int(value) if parameters[name]["type"] == "integer" else value
        allowed = allowed and jsonschema.Draft202012Validator(parameters[name]).is_valid(typed)

    response = app.test_client().post(f"/things?{query}", json=body)

    assert allowed is accepted
    assert (response.status_code == 201) is accepted, response.json


def test_json_schema_arguments_state_the_text_rule_and_lose_boolean_subschemas():
    schema = {
        "type": "object",
        "properties": {
            "name": {"type": "string"},
            "either": {"type": ["string", "null"]},
            "code": {"type": "string", "pattern": "^x"},
            "any": True,
            "none": False,
            "list": {"type": "array", "items": {"type": "string"}, "prefixItems": [True]},
            "choice": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
        },
        "additionalProperties": False,
        "$defs": {"word": {"type": "string", "format": "hostname"}},
    }
    documented = documented_json_schema(schema)
    properties = documented["properties"]

    assert properties["name"] == {"type": "string", "pattern": NO_NUL_PATTERN}
    assert properties["either"]["pattern"] == NO_NUL_PATTERN
    assert properties["code"] == {"type": "string", "pattern": "^x"}
    assert properties["any"] == {}
    assert properties["none"] == {"not": {}}
    assert properties["list"]["items"]["pattern"] == NO_NUL_PATTERN
    assert properties["list"]["prefixItems"] == [{}]
    assert properties["choice"]["anyOf"][0]["pattern"] == NO_NUL_PATTERN
    assert documented["additionalProperties"] is False
    assert documented["$defs"]["word"] == {"type": "string", "format": "hostname"}
    assert schema["properties"]["name"] == {"type": "string"}
    jsonschema.Draft202012Validator.check_schema(documented)
    assert documented_json_schema("not a schema") == "not a schema"


def test_a_json_schema_argument_is_documented_with_the_rule(api, spec):
    things = Blueprint("things", __name__)

    @things.route("/raw", methods=["POST"])
    @things.arguments({"type": "object", "properties": {"note": {"type": "string"}, "x": True}})
    def raw(data):
        return data

    api.register_blueprint(things)
    schema = spec()["paths"]["/raw"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert schema["properties"] == {"note": {"type": "string", "pattern": NO_NUL_PATTERN}, "x": {}}
