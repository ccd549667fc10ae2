import pytest
from marshmallow import Schema, fields

from restkit import Blueprint, MethodView
from restkit.fields import Upload

JSON = "application/json"
#: How a plain string is documented: with the pattern refusing NUL, as loading does.
TEXT = {"type": "string", "pattern": "^[^\\u0000]*$"}
FORM = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"


class NoteSchema(Schema):
    title = fields.Str(required=True)
    body = fields.Str()


class FilterSchema(Schema):
    q = fields.Str(metadata={"description": "Search text"})
    tags = fields.List(fields.Str())


class HeaderSchema(Schema):
    request_id = fields.Str(data_key="X-Request-Id", required=True)


class CookieSchema(Schema):
    theme = fields.Str()


class AttachmentSchema(Schema):
    file = Upload(required=True)
    extra = fields.List(Upload())


class CaptionSchema(Schema):
    caption = fields.Str(required=True)


def operation_of(spec, api, view_setup, path="/x", method="get"):
    bp = Blueprint("bp", __name__)
    view_setup(bp)
    api.register_blueprint(bp)
    return spec()["paths"][path][method]


def test_json_body(api, spec):
    def setup(bp):
        @bp.route("/x", methods=["POST"])
        @bp.arguments(NoteSchema, description="The note", example={"title": "Hi"})
        def x(note):
            return ""

    operation = operation_of(spec, api, setup, method="post")
    assert operation["requestBody"] == {
        "content": {
            JSON: {"schema": {"$ref": "#/components/schemas/Note"}, "example": {"title": "Hi"}}
        },
        "required": True,
        "description": "The note",
    }


def test_optional_body_with_its_own_content_type(api, spec):
    def setup(bp):
        @bp.route("/x", methods=["PATCH"])
        @bp.arguments(
            NoteSchema,
            content_type="application/merge-patch+json",
            required=False,
            examples={"short": {"value": {"title": "T"}}},
        )
        def x(note):
            return ""

    body = operation_of(spec, api, setup, method="patch")["requestBody"]
    assert body["required"] is False
    assert body["content"] == {
        "application/merge-patch+json": {
            "schema": {"$ref": "#/components/schemas/Note"},
            "examples": {"short": {"value": {"title": "T"}}},
        }
    }


def test_form_and_json_or_form_bodies(api, spec):
    def setup(bp):
        @bp.route("/form", methods=["POST"])
        @bp.arguments(CaptionSchema, location="form")
        def form(data):
            return ""

        @bp.route("/either", methods=["POST"])
        @bp.arguments(CaptionSchema, location="json_or_form")
        def either(data):
            return ""

    operation_of(spec, api, setup, path="/form", method="post")
    paths = spec()["paths"]
    assert list(paths["/form"]["post"]["requestBody"]["content"]) == [FORM]
    assert list(paths["/either"]["post"]["requestBody"]["content"]) == [JSON, FORM]


def test_files_are_multipart_with_binary_strings(api, spec):
    def setup(bp):
        @bp.route("/x", methods=["POST"])
        @bp.arguments(AttachmentSchema, location="files")
        def x(files):
            return ""

    operation = operation_of(spec, api, setup, method="post")
    assert list(operation["requestBody"]["content"]) == [MULTIPART]
    schemas = spec()["components"]["schemas"]
    assert schemas["Attachment"]["properties"] == {
        "file": {"type": "string", "format": "binary"},
        "extra": {"type": "array", "items": {"type": "string", "format": "binary"}},
    }


def test_form_and_files_merge_into_one_multipart_body(api, spec):
    def setup(bp):
        @bp.route("/x", methods=["POST"])
        @bp.arguments(CaptionSchema, location="form")
        @bp.arguments(AttachmentSchema, location="files")
        def x(form, files):
            return ""

    operation = operation_of(spec, api, setup, method="post")
    assert operation["requestBody"]["content"] == {
        MULTIPART: {
            "schema": {
                "type": "object",
                "properties": {
                    "caption": TEXT,
                    "file": {"type": "string", "format": "binary"},
                    "extra": {"type": "array", "items": {"type": "string", "format": "binary"}},
                },
                "required": ["caption", "file"],
                "additionalProperties": False,
            }
        }
    }


def test_two_json_arguments_combine_with_all_of(api, spec):
    def setup(bp):
        @bp.route("/x", methods=["POST"])
        @bp.arguments(NoteSchema)
        @bp.arguments({"type": "object", "properties": {"extra": {"type": "string"}}})
        def x(note, extra):
            return ""

    operation = operation_of(spec, api, setup, method="post")
    assert operation["requestBody"]["content"][JSON]["schema"] == {
        "allOf": [
            {"$ref": "#/components/schemas/Note"},
            {"type": "object", "properties": {"extra": TEXT}},
        ]
    }


def test_query_header_and_cookie_parameters(api, spec):
    def setup(bp):
        @bp.route("/x")
        @bp.arguments(FilterSchema, location="query")
        @bp.arguments(HeaderSchema, location="headers")
        @bp.arguments(CookieSchema, location="cookies")
        def x(query, headers, cookies):
            return ""

    parameters = operation_of(spec, api, setup)["parameters"]
    by_name = {(p["in"], p["name"]): p for p in parameters}
    assert set(by_name) == {
        ("query", "q"),
        ("query", "tags"),
        ("header", "X-Request-Id"),
        ("cookie", "theme"),
    }
    assert by_name["query", "q"]["description"] == "Search text"
    assert by_name["query", "tags"]["explode"] is True
    assert by_name["header", "X-Request-Id"]["required"] is True
    assert by_name["cookie", "theme"]["required"] is False


def test_json_schema_dict_parameters(api, spec):
    def setup(bp):
        @bp.route("/x")
        @bp.arguments(
            {
                "type": "object",
                "properties": {"page": {"type": "integer"}, "q": {"type": "string"}},
                "required": ["q"],
            },
            location="query",
        )
        def x(query):
            return ""

    parameters = operation_of(spec, api, setup)["parameters"]
    assert parameters == [
        {"in": "query", "name": "page", "required": False, "schema": {"type": "integer"}},
        {"in": "query", "name": "q", "required": True, "schema": TEXT},
    ]


def test_dict_of_fields_is_inlined(api, spec):
    def setup(bp):
        @bp.route("/x", methods=["POST"])
        @bp.arguments({"name": fields.Str(required=True)})
        def x(data):
            return ""

    operation = operation_of(spec, api, setup, method="post")
    schema = operation["requestBody"]["content"][JSON]["schema"]
    assert schema["properties"] == {"name": TEXT}
    assert "Generated" not in spec()["components"]["schemas"]


def test_responses_with_headers_and_examples(api, spec):
    def setup(bp):
        @bp.route("/x")
        class X(MethodView):
            @bp.response(
                200,
                NoteSchema,
                description="The note",
                example={"title": "Hi"},
                headers={
                    "X-Rate-Limit": {"description": "Calls left", "schema": {"type": "integer"}},
                    "X-Trace": "Trace id",
                },
            )
            @bp.alt_response(404, description="No such note", example={"status": 404})
            @bp.alt_response(202, schema=NoteSchema, success=True, description="Accepted")
            @bp.alt_response(409, description="Conflict")
            def get(self):
                return {}

            @bp.response(204)
            def delete(self):
                return None

    operation = operation_of(spec, api, setup)
    responses = operation["responses"]
    assert list(responses) == ["200", "202", "404", "409", "default"]
    assert responses["200"] == {
        "description": "The note",
        "content": {
            JSON: {"schema": {"$ref": "#/components/schemas/Note"}, "example": {"title": "Hi"}}
        },
        "headers": {
            "X-Rate-Limit": {"description": "Calls left", "schema": {"type": "integer"}},
            "X-Trace": {"description": "Trace id", "schema": {"type": "string"}},
        },
    }
    assert responses["404"] == {
        "description": "No such note",
        "content": {
            "application/problem+json": {
                "schema": {"$ref": "#/components/schemas/Problem"},
                "example": {"status": 404},
            }
        },
    }
    assert responses["409"]["content"] == {
        "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
    }
    assert spec()["paths"]["/x"]["delete"]["responses"]["204"] == {"description": "No Content"}


def test_response_content_type_and_example_without_schema(api, spec):
    def setup(bp):
        @bp.route("/x")
        @bp.response(200, content_type="text/csv", examples={"one": {"value": "a,b"}})
        def x():
            return "a,b"

    responses = operation_of(spec, api, setup)["responses"]
    assert responses["200"]["content"] == {"text/csv": {"examples": {"one": {"value": "a,b"}}}}


def test_alt_response_content_type_and_examples_are_documented(api, spec):
    def setup(bp):
        @bp.route("/x")
        @bp.response(200, NoteSchema)
        @bp.alt_response(
            202,
            schema=NoteSchema,
            content_type="application/vnd.notes+json",
            examples={"queued": {"value": {"title": "Later"}}},
            success=True,
        )
        @bp.alt_response(
            404,
            content_type="application/problem+json",
            examples={"gone": {"value": {"status": 404}}},
        )
        def x():
            return {}

        @bp.route("/y")
        @bp.response(200, NoteSchema)
        @bp.alt_response(404)
        def y():
            return {}

    responses = operation_of(spec, api, setup)["responses"]
    document = spec()

    assert responses["202"]["content"] == {
        "application/vnd.notes+json": {
            "schema": {"$ref": "#/components/schemas/Note"},
            "examples": {"queued": {"value": {"title": "Later"}}},
        }
    }
    # An error is documented as the error handler sends it, with its examples.
    assert responses["404"]["content"] == {
        "application/problem+json": {
            "schema": {"$ref": "#/components/schemas/Problem"},
            "examples": {"gone": {"value": {"status": 404}}},
        }
    }
    other = document["paths"]["/y"]["get"]["responses"]["404"]["content"]
    assert "examples" not in other["application/problem+json"]


@pytest.mark.parametrize("status", [200, 201])
def test_success_status_without_schema(api, spec, status):
    def setup(bp):
        @bp.route("/x")
        @bp.response(status)
        def x():
            return ""

    responses = operation_of(spec, api, setup)["responses"]
    assert responses[str(status)] == {"description": "OK" if status == 200 else "Created"}
