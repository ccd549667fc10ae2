import pytest
from marshmallow import Schema, fields

from restkit import Api, App, Blueprint, MethodView, abort
from restkit.spec import ResponseChecker, ResponseCheckError


class PetSchema(Schema):
    id = fields.Int(dump_only=True)
    name = fields.Str(required=True)


def pets_app(openapi_version="3.1.0", **config):
    """An app whose views answer what the test asks for, through ``?answer=``."""
    app = App("checked")
    app.config.update(
        TESTING=True, API_TITLE="Pets", API_VERSION="1", OPENAPI_VERSION=openapi_version, **config
    )
    api = Api(app)
    pets = Blueprint("pets", __name__, url_prefix="/pets")

    @pets.route("/<int:pet_id>")
    class PetById(MethodView):
        @pets.response(200, PetSchema)
        @pets.alt_response(404, description="No such pet")
        def get(self, pet_id):
            from restkit import request

            answer = request.args.get("answer", "pet")
            if answer == "missing":
                abort(404, "No pet.")
            if answer == "accepted":
                return {"id": pet_id, "name": "Rex"}, 202
            if answer == "text":
                return app.response_class("Rex", mimetype="text/plain")
            if answer == "bad-name":
                # A response object passes through untouched: nothing dumps it.
                body = app.json.dumps({"id": pet_id, "name": 7})
                return app.response_class(body, mimetype="application/json")
            if answer == "no-name":
                return {"id": pet_id}
            return {"id": pet_id, "name": "Rex"}

    @app.route("/health")
    def health():
        return {"ok": True}

    @app.route("/hidden")
    @pets.doc(hide=True)
    def hidden():
        return {"anything": 1}, 299

    api.register_blueprint(pets)
    return app


@pytest.mark.parametrize("openapi_version", ["3.0.3", "3.1.0", "3.2.0"])
def test_documented_responses_pass(openapi_version):
    client = pets_app(openapi_version).test_client()
    assert client.get("/pets/1").json == {"id": 1, "name": "Rex"}
    assert client.get("/pets/1?answer=missing").status_code == 404
    assert client.head("/pets/1").status_code == 200
    assert client.get("/health").status_code == 200
    assert client.options("/pets/1").status_code == 200
    assert client.get("/hidden").status_code == 299
    assert client.get("/openapi.json").status_code == 200


def test_an_undocumented_status_raises_naming_endpoint_and_status():
    client = pets_app().test_client()
    with pytest.raises(ResponseCheckError) as raised:
        client.get("/pets/1?answer=accepted")
    assert str(raised.value) == (
        "pets.PetById (GET /pets/{pet_id}) answered 202, a status code the document does not "
        "list for it: document it with @blueprint.alt_response(202, ...)."
    )


@pytest.mark.parametrize("openapi_version", ["3.0.3", "3.1.0"])
@pytest.mark.parametrize(
    ("answer", "problem"),
    [
        ("bad-name", "field 'name': 7 is not of type 'string'"),
        ("no-name", "the body: 'name' is a required property"),
    ],
)
def test_a_body_the_schema_refuses_raises_naming_the_field(openapi_version, answer, problem):
    client = pets_app(openapi_version).test_client()
    with pytest.raises(ResponseCheckError) as raised:
        client.get(f"/pets/1?answer={answer}")
    assert str(raised.value) == (
        "pets.PetById (GET /pets/{pet_id}) answered 200 with a body its documented schema "
        f"refuses: {problem}"
    )


def test_a_media_type_the_document_does_not_give_raises():
    client = pets_app().test_client()
    with pytest.raises(ResponseCheckError, match="answered 200 with text/plain, but the document"):
        client.get("/pets/1?answer=text")


def test_error_responses_are_checked_against_the_error_schema():
    app = pets_app()

    @app.errorhandler(404)
    def not_json_problem(exc):
        return {"message": "gone"}, 404

    client = app.test_client()
    with pytest.raises(ResponseCheckError, match=r"answered 404 with application/json"):
        client.get("/pets/1?answer=missing")
    with pytest.raises(ResponseCheckError, match=r"GET \(no route\) answered 404"):
        client.get("/nowhere")


def test_a_problem_document_with_other_members_is_refused():
    app = pets_app()

    @app.errorhandler(404)
    def odd_problem(exc):
        body = {"type": "about:blank", "title": "Not Found", "status": "404"}
        return app.response_class(
            app.json.dumps(body), status=404, mimetype="application/problem+json"
        )

    with pytest.raises(ResponseCheckError, match="field 'status': '404' is not of type 'integer'"):
        app.test_client().get("/pets/1?answer=missing")


def test_routing_errors_pass_when_they_are_problem_documents():
    client = pets_app().test_client()
    assert client.get("/nowhere").status_code == 404
    assert client.delete("/pets/1").status_code == 405


def test_a_body_that_is_not_json_is_reported():
    app = pets_app()

    @app.after_request
    def corrupt(response):
        if response.status_code == 200 and response.mimetype == "application/json":
            response.set_data(b"{not json")
        return response

    with pytest.raises(ResponseCheckError, match="answered 200 with a body that is not JSON"):
        app.test_client().get("/pets/1")


@pytest.mark.parametrize(
    ("config", "checked"),
    [
        pytest.param({}, True, id="testing"),
        pytest.param({"API_VALIDATE_RESPONSES": False}, False, id="off"),
        pytest.param({"TESTING": False, "API_VALIDATE_RESPONSES": True}, True, id="on"),
        pytest.param({"TESTING": False, "PROPAGATE_EXCEPTIONS": False}, False, id="production"),
    ],
)
def test_the_setting_decides(config, checked):
    app = pets_app()
    app.config.update(config)
    client = app.test_client()
    if checked and app.config["TESTING"]:
        with pytest.raises(ResponseCheckError):
            client.get("/pets/1?answer=accepted")
    elif checked:
        app.config["PROPAGATE_EXCEPTIONS"] = False
        assert client.get("/pets/1?answer=accepted").status_code == 500
    else:
        assert client.get("/pets/1?answer=accepted").status_code == 202


def test_the_checker_only_checks_its_own_apis_routes():
    app = pets_app()
    app.config.update(ADMIN_API_TITLE="Admin", ADMIN_API_VERSION="1")
    admin = Api(app, config_prefix="ADMIN_", spec_options={"OPENAPI_URL_PREFIX": "/admin"})
    tools = Blueprint("tools", __name__, url_prefix="/tools")

    @tools.route("/ping")
    @tools.response(200, {"pong": fields.Bool(required=True)})
    def ping():
        return {"pong": "yes"}

    admin.register_blueprint(tools)
    client = app.test_client()
    with pytest.raises(ResponseCheckError, match=r"tools.ping \(GET /tools/ping\)"):
        client.get("/tools/ping")
    assert client.get("/admin/openapi.json").status_code == 200


def test_media_types_match_exactly_or_by_wildcard():
    from restkit.spec.checking import matching_media_type

    assert matching_media_type({"text/csv": {}}, "text/csv") == "text/csv"
    assert matching_media_type({"image/*": {}}, "image/png") == "image/*"
    assert matching_media_type({"*/*": {}}, "application/pdf") == "*/*"
    assert matching_media_type({"text/csv": {}}, "text/plain") is None


def test_openapi_3_0_schemas_read_as_json_schema_2020():
    from restkit.spec.checking import as_json_schema_2020

    document = {
        "openapi": "3.0.3",
        "components": {
            "schemas": {
                "A": {
                    "type": "object",
                    "properties": {
                        "n": {"type": "integer", "nullable": True, "minimum": 0},
                        "r": {"type": "number", "minimum": 0, "exclusiveMinimum": True},
                        "s": {"type": "number", "maximum": 9, "exclusiveMaximum": False},
                        "l": {"type": "array", "items": [{"type": "string"}]},
                        "e": {"type": "string", "enum": [{"nullable": True}]},
                    },
                }
            }
        },
    }
    converted = as_json_schema_2020(document)["components"]["schemas"]["A"]["properties"]
    assert converted["n"] == {"type": ["integer", "null"], "minimum": 0}
    assert converted["r"] == {"type": "number", "exclusiveMinimum": 0}
    assert converted["s"] == {"type": "number", "maximum": 9}
    assert converted["e"]["enum"] == [{"nullable": True}]
    assert document["components"]["schemas"]["A"]["properties"]["n"]["nullable"] is True


def test_a_body_of_another_media_type_is_not_parsed():
    app = App("csv")
    app.config.update(TESTING=True, API_TITLE="CSV", API_VERSION="1")
    api = Api(app)
    reports = Blueprint("reports", __name__)

    @reports.route("/report")
    @reports.response(200, {"rows": fields.Int()}, content_type="text/csv")
    def report():
        return app.response_class("a,b\n1,2\n", mimetype="text/csv")

    api.register_blueprint(reports)
    assert app.test_client().get("/report").text == "a,b\n1,2\n"
    checker = ResponseChecker(api.spec, checks_unrouted=True)
    assert repr(checker) == "<ResponseChecker of <OpenAPIDocument of <Api 'CSV'>>>"
