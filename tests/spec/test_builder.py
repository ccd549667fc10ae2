import pytest
from marshmallow import Schema, fields

from restkit import Api, App, Blueprint, ErrorHandler, MethodView
from restkit.core import ConfigurationError, SetupError
from restkit.core.views import MethodView as CoreMethodView
from restkit.spec import callback
from restkit.spec.operation_ids import endpoint_operation_id


class PetSchema(Schema):
    id = fields.Int(dump_only=True)
    name = fields.Str(required=True)


class EventSchema(Schema):
    kind = fields.Str(required=True)


def pets_blueprint(**options):
    pets = Blueprint("pets", __name__, url_prefix="/pets", description="Pets", **options)

    @pets.route("/")
    class Pets(MethodView):
        @pets.response(200, PetSchema(many=True))
        def get(self):
            """List pets"""
            return []

        @pets.arguments(PetSchema)
        @pets.response(201, PetSchema)
        def post(self, pet):
            """Add a pet"""
            return pet

    return pets


def test_info_and_version(api, spec, openapi_version):
    document = spec()
    assert document["openapi"] == openapi_version
    assert document["info"] == {"title": "Test API", "version": "1.0.0"}
    assert list(document) == ["openapi", "info", "servers", "security", "paths", "components"]
    assert document["servers"] == [{"url": "/"}]
    assert document["security"] == []


def test_unsupported_version(app):
    app.config["OPENAPI_VERSION"] = "2.0"
    api = Api(app)
    with pytest.raises(ConfigurationError, match=r"OPENAPI_VERSION '2\.0'"):
        api.spec_dict()


def test_every_route_with_tags_from_blueprints(api, spec):
    api.register_blueprint(pets_blueprint())
    document = spec()
    assert document["tags"] == [{"name": "pets", "description": "Pets"}]
    operations = document["paths"]["/pets/"]
    assert list(operations) == ["get", "post"]
    assert operations["get"]["tags"] == ["pets"]
    assert operations["get"]["summary"] == "List pets"


def test_nested_blueprints_get_their_own_tag(api, spec):
    v1 = Blueprint("v1", __name__, url_prefix="/v1")
    notes = Blueprint("notes", __name__, url_prefix="/notes", description="Notes")

    @notes.route("/")
    def list_notes():
        return []

    v1.register_blueprint(notes)
    api.register_blueprint(v1)
    document = spec()
    assert document["paths"]["/v1/notes/"]["get"]["tags"] == ["v1.notes"]
    assert document["tags"] == [{"name": "v1.notes", "description": "Notes"}]


def test_plain_routes_and_core_method_views(app, api, spec):
    @app.route("/health")
    def health():
        """Health check

        Always answers.
        """
        return "ok"

    class Things(CoreMethodView):
        def get(self):
            """Get things"""
            return "things"

        def head(self):
            return ""

        def delete(self):
            """Delete things"""
            return ""

    app.add_url_rule("/things", view_func=Things.as_view("things"))
    document = spec()
    health_get = document["paths"]["/health"]["get"]
    assert health_get["summary"] == "Health check"
    assert health_get["description"] == "Always answers."
    assert "tags" not in health_get
    assert health_get["responses"]["200"] == {"description": "OK"}
    assert list(document["paths"]["/health"]) == ["get"]
    things = document["paths"]["/things"]
    assert list(things) == ["get", "delete", "head"]
    assert things["delete"]["summary"] == "Delete things"


def test_static_files_and_unimplemented_methods_are_left_out(tmp_path, openapi_version, spec_of):
    (tmp_path / "static").mkdir()
    app = App("with_static", root_path=str(tmp_path), static_folder="static")
    app.config.update(API_TITLE="T", API_VERSION="1", OPENAPI_VERSION=openapi_version)
    api = Api(app)

    class Things(CoreMethodView):
        def get(self):
            return ""

    app.add_url_rule("/things", view_func=Things.as_view("things"), methods=["GET", "POST"])
    assert spec_of(api)["paths"] == {"/things": {"get": spec_of(api)["paths"]["/things"]["get"]}}
    assert list(spec_of(api)["paths"]["/things"]) == ["get"]


def test_blueprints_registered_on_the_app_belong_to_the_first_api(app, spec_of):
    first = Api(app)
    app.config.update(OTHER_API_TITLE="Other", OTHER_API_VERSION="1")
    second = Api(app, config_prefix="OTHER_", spec_options={"OPENAPI_URL_PREFIX": None})
    app.register_blueprint(pets_blueprint())
    assert set(spec_of(first)["paths"]) == {"/pets/"}
    assert spec_of(second)["paths"] == {}


def test_docstring_yaml_is_merged(app, api, spec):
    @app.route("/x")
    def x():
        """Summary line

        Longer text.
        ---
        externalDocs:
          url: https://example.com/x
        """

    operation = spec()["paths"]["/x"]["get"]
    assert operation["description"] == "Longer text."
    assert operation["externalDocs"] == {"url": "https://example.com/x"}


def test_docstring_yaml_must_be_a_mapping(app, api):
    @app.route("/x")
    def x():
        """Summary
        ---
        - a list
        """

    with pytest.raises(SetupError, match="must be a mapping"):
        api.spec_dict()


def test_operation_ids_are_unique_and_stable(app, api, spec, spec_of, openapi_version):
    api.register_blueprint(pets_blueprint())

    @app.route("/a")
    @app.route("/b")
    def twice():
        return ""

    document = spec()
    assert document["paths"]["/pets/"]["get"]["operationId"] == "listPets"
    assert document["paths"]["/pets/"]["post"]["operationId"] == "createPet"
    assert document["paths"]["/a"]["get"]["operationId"] == "twice2"
    assert document["paths"]["/b"]["get"]["operationId"] == "twice"

    again = App("other")
    again.config.update(API_TITLE="Test API", API_VERSION="1.0.0", OPENAPI_VERSION=openapi_version)
    other_api = Api(again)
    other_api.register_blueprint(pets_blueprint())
    assert spec_of(other_api)["paths"]["/pets/"] == document["paths"]["/pets/"]


def test_clashing_ids_are_told_apart_by_blueprint(api, spec):
    v1 = Blueprint("v1", __name__, url_prefix="/v1")
    v2 = Blueprint("v2", __name__, url_prefix="/v2")
    for blueprint in (v1, v2):

        @blueprint.route("/notes", methods=["GET", "POST"])
        def notes():
            return ""

    api.register_blueprint(v1)
    api.register_blueprint(v2)
    document = spec()
    ids = [
        document["paths"][f"/{v}/notes"][m]["operationId"]
        for v in ("v1", "v2")
        for m in ("get", "post")
    ]
    assert ids == ["v1NotesGet", "v1NotesPost", "v2NotesGet", "v2NotesPost"]


def test_the_operation_id_function_is_configurable(app, api, spec):
    api.register_blueprint(pets_blueprint())
    app.config["OPENAPI_OPERATION_ID_FUNCTION"] = endpoint_operation_id
    assert spec()["paths"]["/pets/"]["get"]["operationId"] == "pets_pets_get"
    app.config["OPENAPI_OPERATION_ID_FUNCTION"] = lambda route: f"{route.method}{route.path}"
    assert spec()["paths"]["/pets/"]["post"]["operationId"] == "POST/pets/"
    app.config["OPENAPI_OPERATION_ID_FUNCTION"] = lambda route: ""
    with pytest.raises(ConfigurationError, match="must return a non-empty string"):
        api.spec_dict()


def test_operation_id_override(api, spec):
    bp = Blueprint("bp", __name__)

    @bp.route("/x")
    @bp.doc(operationId="getX")
    def x():
        return ""

    @bp.route("/y")
    def y():
        return ""

    @bp.route("/z")
    def get_x():
        return ""

    api.register_blueprint(bp)
    document = spec()
    assert document["paths"]["/x"]["get"]["operationId"] == "getX"
    assert document["paths"]["/y"]["get"]["operationId"] == "y"
    assert document["paths"]["/z"]["get"]["operationId"] == "bpGetX"


def test_duplicate_operation_id_override_is_an_error(api):
    bp = Blueprint("bp", __name__)

    @bp.route("/x")
    @bp.doc(operationId="same")
    def x():
        return ""

    @bp.route("/y")
    @bp.doc(operationId="same")
    def y():
        return ""

    api.register_blueprint(bp)
    with pytest.raises(SetupError, match="Two operations have operationId 'same'"):
        api.spec_dict()


def test_hide_and_deprecated(api, spec):
    bp = Blueprint("bp", __name__)

    @bp.route("/hidden")
    @bp.doc(hide=True)
    def hidden():
        return ""

    @bp.route("/old")
    class Old(MethodView):
        @bp.doc(deprecated=True, summary="Old way", tags=["legacy"])
        def get(self):
            """Docstring summary"""
            return ""

        @bp.doc(hide=True)
        def delete(self):
            return ""

    api.register_blueprint(bp)
    document = spec()
    assert "/hidden" not in document["paths"]
    old = document["paths"]["/old"]
    assert list(old) == ["get"]
    assert old["get"]["deprecated"] is True
    assert old["get"]["summary"] == "Old way"
    assert old["get"]["tags"] == ["legacy"]
    assert "tags" not in document


def test_validation_and_default_responses(api, spec):
    api.register_blueprint(pets_blueprint())
    document = spec()
    pets = document["paths"]["/pets/"]
    assert "422" not in pets["get"]["responses"]
    assert pets["post"]["responses"]["422"] == {"$ref": "#/components/responses/ValidationError"}
    for operation in pets.values():
        assert operation["responses"]["default"] == {"$ref": "#/components/responses/Error"}
    problem = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    responses = document["components"]["responses"]
    assert responses["Error"]["content"] == problem
    assert responses["ValidationError"]["content"] == problem
    assert set(document["components"]["schemas"]["Problem"]["properties"]) == {
        "type",
        "title",
        "status",
        "detail",
        "errors",
    }


def test_validation_response_only_when_used(app, api, spec):
    @app.route("/x")
    def x():
        return ""

    assert list(spec()["components"]["responses"]) == ["Error"]


def test_custom_error_schema_is_documented(app, spec_of):
    class MyProblemSchema(Schema):
        message = fields.Str()

    class MyErrors(ErrorHandler):
        schema = MyProblemSchema()
        media_type = "application/vnd.error+json"

    api = Api(app, error_handler=MyErrors())

    @app.route("/x")
    def x():
        return ""

    document = spec_of(api)
    assert document["components"]["responses"]["Error"]["content"] == {
        "application/vnd.error+json": {"schema": {"$ref": "#/components/schemas/MyProblem"}}
    }


def test_spec_options_are_merged(app, api, spec):
    app.config["API_SPEC_OPTIONS"] = {
        "info": {"description": "All about pets", "contact": {"name": "Team"}},
        "servers": [{"url": "https://api.example.com"}],
        "tags": [{"name": "extra"}, {"name": "pets", "externalDocs": {"url": "https://x.y"}}],
        "components": {
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}},
        },
    }
    api.register_blueprint(pets_blueprint())
    document = spec()
    assert document["info"] == {
        "title": "Test API",
        "version": "1.0.0",
        "description": "All about pets",
        "contact": {"name": "Team"},
    }
    assert document["servers"] == [{"url": "https://api.example.com"}]
    assert document["tags"] == [
        {"name": "extra"},
        {"name": "pets", "description": "Pets", "externalDocs": {"url": "https://x.y"}},
    ]
    assert "Pet" in document["components"]["schemas"]
    assert document["components"]["securitySchemes"]["token"]["scheme"] == "bearer"
    assert list(document) == ["openapi", "info", "servers", "tags", "paths", "components"]


def test_spec_options_argument(app, spec_of):
    api = Api(app, spec_options={"API_SPEC_OPTIONS": {"info": {"description": "From code"}}})
    assert spec_of(api)["info"]["description"] == "From code"


def test_callbacks(api, spec):
    bp = Blueprint("bp", __name__)

    @bp.route("/subscriptions", methods=["POST"])
    @bp.doc(
        callbacks={
            "onEvent": callback(
                "{$request.body#/callback_url}", EventSchema, summary="An event happened"
            )
        }
    )
    def subscribe():
        return ""

    api.register_blueprint(bp)
    document = spec()
    on_event = document["paths"]["/subscriptions"]["post"]["callbacks"]["onEvent"]
    operation = on_event["{$request.body#/callback_url}"]["post"]
    assert operation["summary"] == "An event happened"
    assert operation["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Event"
    }
    assert operation["responses"] == {"200": {"description": "Received."}}
    assert "Event" in document["components"]["schemas"]


def test_webhooks(app, api, spec_of, openapi_version):
    api.add_webhook(
        "petAdopted",
        EventSchema,
        summary="A pet was adopted",
        responses={204: {"description": "Thanks"}},
    )
    api.add_webhook("ping", method="GET", description="Are you there?")
    if openapi_version.startswith("3.0"):
        with pytest.raises(ConfigurationError, match=r"Webhooks need OpenAPI 3\.1"):
            api.spec_dict()
        return
    document = spec_of(api)
    assert document["webhooks"]["petAdopted"]["post"] == {
        "summary": "A pet was adopted",
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Event"}}},
        },
        "responses": {"204": {"description": "Thanks"}},
    }
    assert document["webhooks"]["ping"]["get"] == {
        "description": "Are you there?",
        "responses": {"200": {"description": "Received."}},
    }
    assert list(document)[-2:] == ["webhooks", "components"]


def test_several_apis_each_document_their_blueprints(app, spec_of):
    app.config.update(V2_API_TITLE="Version 2", V2_API_VERSION="2.0.0")
    v1 = Api(app)
    v2 = Api(app, config_prefix="V2_", spec_options={"OPENAPI_URL_PREFIX": "/v2"})
    v1.register_blueprint(pets_blueprint())
    other = Blueprint("other", __name__, url_prefix="/other")

    @other.route("/")
    def others():
        return []

    v2.register_blueprint(other)

    @app.route("/health")
    def health():
        return "ok"

    first, second = spec_of(v1), spec_of(v2)
    assert set(first["paths"]) == {"/pets/", "/health"}
    assert set(second["paths"]) == {"/other/"}
    assert second["info"]["title"] == "Version 2"
    client = app.test_client()
    assert client.get("/openapi.json").json["info"]["title"] == "Test API"
    assert client.get("/v2/openapi.json").json["info"]["title"] == "Version 2"


def test_spec_before_init_app_is_an_error():
    with pytest.raises(ConfigurationError, match="init_app"):
        Api().spec_dict()


# -- defaults the linters ask for -------------------------------------------------------------


def test_the_server_is_the_apps_root(app, api, spec):
    app.config["APPLICATION_ROOT"] = "/api"
    assert spec()["servers"] == [{"url": "/api"}]
    app.config["API_SPEC_OPTIONS"] = {"servers": [{"url": "https://x.example"}], "security": [{}]}
    assert (spec()["servers"], spec()["security"]) == ([{"url": "https://x.example"}], [{}])


def test_an_api_with_security_schemes_states_its_own_security(api, spec):
    api.spec.components.security_scheme("token", {"type": "http", "scheme": "bearer"})
    document = spec()
    assert "security" not in document
    assert document["components"]["securitySchemes"] == {
        "token": {"type": "http", "scheme": "bearer"}
    }


# -- flask-smorest's ways of documenting ------------------------------------------------------


def test_route_parameters_and_tags_are_documented(api, spec):
    api.spec.components.parameter(
        "TRACE", "header", {"schema": {"type": "string"}, "description": "Trace id"}
    )
    bp = Blueprint("bp", __name__, url_prefix="/pets")

    @bp.route(
        "/<int:pet_id>",
        parameters=[{"in": "path", "name": "pet_id", "description": "The pet's id."}, "TRACE"],
        tags=["animals"],
    )
    class PetById(MethodView):
        def get(self, pet_id):
            return {}

        @bp.doc(tags=["admin"])
        def delete(self, pet_id):
            return ""

    api.register_blueprint(bp)
    item = spec()["paths"]["/pets/{pet_id}"]
    assert item["get"]["parameters"] == [
        {
            "name": "pet_id",
            "in": "path",
            "required": True,
            "schema": {"type": "integer", "minimum": 0, "maximum": 2**63 - 1},
            "description": "The pet's id.",
        },
        {"$ref": "#/components/parameters/TRACE"},
    ]
    assert (item["get"]["tags"], item["delete"]["tags"]) == (["animals"], ["admin"])


def test_alt_response_by_component_name(app, api, spec):
    api.spec.components.response("Gone", {"description": "Gone for good"})
    bp = Blueprint("bp", __name__)

    @bp.route("/x")
    @bp.alt_response(404, "NOT_FOUND")
    @bp.alt_response(410, "Gone")
    @bp.alt_response(500, "DEFAULT_ERROR")
    def x():
        return ""

    api.register_blueprint(bp)
    document = spec()
    responses = document["paths"]["/x"]["get"]["responses"]
    assert responses["404"] == {"$ref": "#/components/responses/NOT_FOUND"}
    assert responses["410"] == {"$ref": "#/components/responses/Gone"}
    shared = document["components"]["responses"]
    assert shared["NOT_FOUND"] == {
        "description": "Not Found",
        "content": {
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
        },
    }
    assert set(shared) == {"Gone", "NOT_FOUND", "DEFAULT_ERROR", "Error"}


def test_an_unknown_component_name_fails_the_build_saying_where(api):
    bp = Blueprint("bp", __name__)

    @bp.route("/x")
    @bp.alt_response(404, "NOT_FUND")
    def x():
        return ""

    api.register_blueprint(bp)
    with pytest.raises(SetupError) as failed:
        api.spec_dict()
    assert "#/components/responses/NOT_FUND at /paths/~1x/get/responses/404/$ref" in str(
        failed.value
    )


def test_error_responses_are_documented_as_the_handler_sends_them(app, spec_of):
    app.config["API_ERROR_FORMAT"] = "flask-smorest"
    api = Api(app)
    bp = Blueprint("bp", __name__)

    @bp.route("/x")
    @bp.alt_response(409, description="Taken", example={"code": 409, "status": "Conflict"})
    def x():
        return ""

    api.register_blueprint(bp)
    document = spec_of(api)
    assert document["paths"]["/x"]["get"]["responses"]["409"] == {
        "description": "Taken",
        "content": {
            "application/json": {
                "schema": {"$ref": "#/components/schemas/SmorestError"},
                "example": {"code": 409, "status": "Conflict"},
            }
        },
    }
    assert set(document["components"]["schemas"]["SmorestError"]["properties"]) == {
        "code",
        "status",
        "message",
        "errors",
    }


def test_building_refuses_an_error_schema_the_handler_does_not_send(app, api):
    class OwnErrorSchema(Schema):
        reason = fields.Str()

    bp = Blueprint("bp", __name__)

    @bp.route("/x")
    @bp.alt_response(409, schema=OwnErrorSchema)
    def x():
        return ""

    app.register_blueprint(bp)  # on the app: only the build sees it
    with pytest.raises(SetupError, match=r"bp.x \(GET\) documents its 409 response"):
        api.spec_dict()


def test_components_registered_by_hand_are_kept_on_every_build(app, api, spec):
    class ObjectId(fields.Str):
        pass

    class Timestamp(fields.Field):
        pass

    class ItemSchema(Schema):
        id = ObjectId()
        seen = Timestamp()

    api.register_field(ObjectId, "string", "ObjectId")
    api.register_field(Timestamp, fields.DateTime)
    api.spec.components.schema("Item", schema=ItemSchema)
    api.spec.components.schema("Color", {"type": "string", "enum": ["red", "blue"]})
    api.spec.components.example("red", {"value": "red"})
    api.spec.components.header("X-Rate", {"schema": {"type": "integer"}})
    for _ in range(2):
        schemas = spec()["components"]["schemas"]
        assert schemas["Item"]["properties"]["id"]["format"] == "ObjectId"
        assert schemas["Item"]["properties"]["seen"] == {"type": "string", "format": "date-time"}
        assert schemas["Color"] == {"type": "string", "enum": ["red", "blue"]}
    assert repr(api.spec.components).startswith("<RecordedComponents [schema 'Item'")
    assert "ObjectId" in api.spec.to_yaml()
    with pytest.raises(TypeError, match="a type and a format, or one field class"):
        api.register_field(ObjectId)


def test_spec_kwargs_are_merged_and_win(app, spec_of):
    app.config["API_SPEC_OPTIONS"] = {"info": {"description": "config", "x-a": 1}}
    api = Api(app, spec_kwargs={"info": {"description": "code"}, "externalDocs": {"url": "u"}})
    document = spec_of(api)
    assert document["info"]["description"] == "code"
    assert document["info"]["x-a"] == 1
    assert document["externalDocs"] == {"url": "u"}
