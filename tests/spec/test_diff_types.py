"""``openapi diff`` compares formats, sees through nullable ``anyOf`` and compares branches."""

import copy

import pytest
from marshmallow import Schema, fields
from openapi_spec_validator import validate

from restkit import Api, App, Blueprint
from restkit.spec.diff import breaking_changes
from restkit.spec.diff_rules import ERROR, WARNING

GET = "GET /things"
POST = "POST /things"


def document(request_schema, response_schema, *, components=None, header=None):
    """A document whose POST /things takes *request_schema* and whose GET sends the other."""
    response = {
        "description": "OK",
        "content": {"application/json": {"schema": response_schema}},
    }
    if header is not None:
        response["headers"] = {"X-Count": {"schema": header}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "paths": {
            "/things": {
                "get": {"responses": {"200": response}},
                "post": {
                    "requestBody": {"content": {"application/json": {"schema": request_schema}}},
                    "responses": {"204": {"description": "No Content"}},
                },
            }
        },
        "components": {"schemas": components or {}},
    }


def field(properties):
    return {"type": "object", "properties": properties}


def reported(old, new):
    return [
        (change.rule, change.level, change.where, change.what)
        for change in breaking_changes(old, new)
    ]


def format_pair(old_format, new_format, kind="integer"):
    def schema(value_format):
        value = {"type": kind}
        if value_format is not None:
            value["format"] = value_format
        return field({"n": value})

    old = document(schema(old_format), schema(old_format))
    new = document(schema(new_format), schema(new_format))
    return reported(old, new)


def request_change(old_format, new_format):
    return (
        "request-format-narrowed",
        ERROR,
        POST,
        f"application/json request body field 'n': format {old_format} became {new_format}",
    )


def response_change(old_format, new_format):
    return (
        "response-format-changed",
        ERROR,
        GET,
        f"response 200 field 'n': format {old_format} became {new_format}",
    )


@pytest.mark.parametrize(
    ("old_format", "new_format", "kind", "expected"),
    [
        pytest.param("int32", "int64", "integer", ["response"], id="int32-to-int64"),
        pytest.param("int64", "int32", "integer", ["request"], id="int64-to-int32"),
        pytest.param("float", "double", "number", ["response"], id="float-to-double"),
        pytest.param(
            "date", "date-time", "string", ["response", "request"], id="date-to-date-time"
        ),
        pytest.param(None, "uuid", "string", ["request"], id="uuid-added"),
        pytest.param("uuid", None, "string", ["response"], id="uuid-removed"),
        pytest.param("email", "email", "string", [], id="unchanged"),
    ],
)
def test_a_format_change_narrows_requests_or_widens_responses(
    old_format, new_format, kind, expected
):
    shown_old, shown_new = old_format or "(none)", new_format or "(none)"
    changes = {
        "request": request_change(shown_old, shown_new),
        "response": response_change(shown_old, shown_new),
    }
    assert format_pair(old_format, new_format, kind) == [changes[side] for side in expected]


def test_formats_are_compared_only_where_the_type_stayed_the_same():
    old = document(field({"n": {"type": "integer", "format": "int64"}}), {"type": "string"})
    new = document(
        field({"n": {"type": ["number", "null"], "format": "float"}}), {"type": "string"}
    )
    assert reported(old, new) == []
    new["paths"]["/things"]["post"]["requestBody"]["content"]["application/json"]["schema"] = field(
        {"n": {"type": ["integer", "null"], "format": "int32"}}
    )
    assert reported(old, new) == [request_change("int64", "int32")]


def test_a_query_parameter_format_counts_too():
    old = document({"type": "object"}, {"type": "object"})
    old["paths"]["/things"]["get"]["parameters"] = [
        {"name": "since", "in": "query", "schema": {"type": "string"}}
    ]
    new = copy.deepcopy(old)
    new["paths"]["/things"]["get"]["parameters"][0]["schema"]["format"] = "date-time"
    assert reported(old, new) == [
        (
            "request-format-narrowed",
            ERROR,
            GET,
            "query parameter 'since': format (none) became date-time",
        )
    ]
    assert reported(new, old) == []


@pytest.mark.parametrize(
    ("old_header", "new_header", "what"),
    [
        pytest.param(
            {"type": "integer"},
            {"type": ["integer", "null"]},
            "type changed from integer to integer | null",
            id="nullable",
        ),
        pytest.param(
            {"type": "integer", "format": "int32"},
            {"type": "integer", "format": "int64"},
            "format int32 became int64",
            id="int32-to-int64",
        ),
        pytest.param(
            {"type": "string", "format": "date"},
            {"type": "string"},
            "format date became (none)",
            id="format-removed",
        ),
        pytest.param(
            {"type": "integer"}, {"type": "integer", "format": "int32"}, None, id="narrowed"
        ),
        pytest.param({"type": "number"}, {"type": "integer"}, None, id="integer-is-a-number"),
    ],
)
def test_a_response_header_may_not_send_new_types_or_formats(old_header, new_header, what):
    old = document({"type": "object"}, {"type": "object"}, header=old_header)
    new = document({"type": "object"}, {"type": "object"}, header=new_header)
    expected = [
        ("response-header-type-changed", ERROR, GET, f"response 200 header 'X-Count': {what}")
    ]
    assert reported(old, new) == (expected if what else [])


def test_a_header_without_schema_is_not_compared():
    old = document({"type": "object"}, {"type": "object"}, header={"type": "integer"})
    new = copy.deepcopy(old)
    del new["paths"]["/things"]["get"]["responses"]["200"]["headers"]["X-Count"]["schema"]
    assert reported(old, new) == []


OWNER = {"$ref": "#/components/schemas/Owner"}
NULL = {"type": "null"}


def owners(nullable_owner, owner_properties, *, keyword="anyOf"):
    owner = {keyword: nullable_owner} if isinstance(nullable_owner, list) else nullable_owner
    schema = field({"owner": owner})
    components = {
        "Owner": field(
            {**owner_properties, "friend": {"anyOf": [OWNER, NULL]}},
        )
    }
    return document(schema, copy.deepcopy(schema), components=components)


@pytest.mark.parametrize("keyword", ["anyOf", "oneOf"])
@pytest.mark.parametrize(
    "branches", [[OWNER, NULL], [NULL, OWNER]], ids=["ref-first", "null-first"]
)
def test_nested_changes_inside_a_nullable_object_are_found_once(keyword, branches):
    old = owners(branches, {"name": {"type": "string"}, "age": {"type": "number"}}, keyword=keyword)
    new = owners(branches, {"age": {"type": "integer"}}, keyword=keyword)
    assert reported(old, new) == [
        (
            "response-optional-property-removed",
            WARNING,
            GET,
            "response 200 field 'owner': field 'name' was removed",
        ),
        (
            "request-property-removed",
            WARNING,
            POST,
            "application/json request body field 'owner': field 'name' was removed",
        ),
        (
            "request-type-narrowed",
            ERROR,
            POST,
            "application/json request body field 'owner' field 'age': type narrowed from number "
            "to integer",
        ),
    ]


def test_a_nullable_object_is_that_object_nullable():
    properties = {"name": {"type": "string"}}
    plain, nullable = owners(OWNER, properties), owners([OWNER, NULL], properties)
    assert reported(plain, nullable) == [
        (
            "response-type-changed",
            ERROR,
            GET,
            "response 200 field 'owner': type changed from object to null | object",
        )
    ]
    assert reported(nullable, plain) == [
        (
            "request-type-narrowed",
            ERROR,
            POST,
            "application/json request body field 'owner': type narrowed from null | object to "
            "object",
        )
    ]


CAT = {"$ref": "#/components/schemas/Cat"}
DOG = {"$ref": "#/components/schemas/Dog"}
BIRD = {"$ref": "#/components/schemas/Bird"}


def pets(keyword, branches, cat_required=()):
    schema = {keyword: branches}
    components = {
        name: {"type": "object", "properties": {"name": {"type": "string"}}}
        for name in ("Cat", "Dog", "Bird")
    }
    components["Cat"]["required"] = list(cat_required)
    return document(schema, copy.deepcopy(schema), components=components)


@pytest.mark.parametrize("keyword", ["anyOf", "oneOf"])
def test_branches_are_matched_by_ref_name_or_equality(keyword):
    old = pets(keyword, [CAT, DOG, {"type": "string"}])
    assert reported(old, pets(keyword, [{"type": "string"}, DOG, CAT])) == []
    removed = {"anyOf": "request-any-of-removed", "oneOf": "request-one-of-removed"}[keyword]
    assert reported(old, pets(keyword, [CAT, {"type": "string"}])) == [
        (removed, ERROR, POST, f"application/json request body: {keyword} branch Dog was removed")
    ]
    added = "response-one-of-added" if keyword == "oneOf" else "response-any-of-added"
    level = ERROR if keyword == "oneOf" else WARNING
    assert reported(old, pets(keyword, [CAT, DOG, BIRD, {"type": "string"}])) == [
        (added, level, GET, f"response 200: {keyword} branch Bird was added")
    ]


def test_branches_kept_are_compared_inside():
    old = pets("oneOf", [CAT, DOG])
    new = pets("oneOf", [CAT, DOG], cat_required=["name"])
    assert reported(old, new) == [
        (
            "request-property-became-required",
            ERROR,
            POST,
            "application/json request body oneOf Cat: field 'name' is now required",
        ),
    ]


class OwnerV1(Schema):
    name = fields.String()
    age = fields.Float()


class OwnerV2(Schema):
    age = fields.Integer()


def served_document(tmp_path, version, owner_schema):
    class PetSchema(Schema):
        owner = fields.Nested(owner_schema, allow_none=True)

    app = App("diff_types_app", root_path=str(tmp_path))
    app.config.update(API_TITLE="T", API_VERSION="1", OPENAPI_VERSION=version)
    api = Api(app)
    bp = Blueprint("pets", __name__)

    @bp.route("/pets", methods=["POST"])
    @bp.arguments(PetSchema)
    @bp.response(200, PetSchema)
    def create(pet):
        return pet

    api.register_blueprint(bp)
    spec = api.spec_dict()
    validate(spec)
    return spec


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_apispec_nullable_nested_fields_are_compared_inside(tmp_path, version):
    old = served_document(tmp_path, version, OwnerV1)
    new = served_document(tmp_path, version, OwnerV2)
    assert {(change.rule, change.what) for change in breaking_changes(old, new)} >= {
        (
            "request-type-narrowed",
            "application/json request body field 'owner' field 'age': type narrowed from number "
            "to integer",
        ),
        (
            "response-optional-property-removed",
            "response 200 field 'owner': field 'name' was removed",
        ),
    }


def test_a_nullable_wrapper_around_nothing_is_only_a_dangling_ref():
    properties = {"name": {"type": "string"}}
    old = owners([OWNER, NULL], properties)
    new = owners([{"$ref": "#/components/schemas/Missing"}, NULL], properties)
    assert {change.rule for change in breaking_changes(old, new)} == {"ref-unresolved"}
    anything = owners([True, NULL], properties)
    assert reported(anything, copy.deepcopy(anything)) == []
