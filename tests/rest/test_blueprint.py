import pytest
from marshmallow import Schema, fields

from restkit import App, CursorPage, MethodView, Page
from restkit.core.blueprints import Blueprint as CoreBlueprint
from restkit.core.errors import SetupError
from restkit.rest import Blueprint
from restkit.rest.operation import Argument, ResponseDoc, operation_of
from restkit.rest.pagination import Pagination
from restkit.rest.schemas import JSONSchema


class Pet(Schema):
    name = fields.Str(required=True)


class PetQuery(Schema):
    tag = fields.Str()


def test_the_rest_blueprint_extends_the_core_one():
    blp = Blueprint("pets", __name__, url_prefix="/pets", description="Pets in the store")

    assert isinstance(blp, CoreBlueprint)
    assert (blp.name, blp.url_prefix, blp.description) == ("pets", "/pets", "Pets in the store")


# -- routes -----------------------------------------------------------------------------------


def test_route_registers_a_method_view_and_returns_it_unchanged(blp, serve):
    class Pets(MethodView):
        def get(self):
            return {"method": "get"}

        def post(self):
            return {"method": "post"}

    assert blp.route("/pets")(Pets) is Pets
    client = serve()

    [rule] = client.application.url_map.iter_rules("test.Pets")
    assert rule.methods == {"GET", "HEAD", "POST", "OPTIONS"}
    assert client.get("/pets").json == {"method": "get"}
    assert client.post("/pets").json == {"method": "post"}


def test_route_registers_a_function_for_its_methods(blp, serve):
    @blp.route("/ping", methods=["get", "post"])
    def ping():
        return {"pong": True}

    client = serve()

    [rule] = client.application.url_map.iter_rules("test.ping")
    assert rule.methods == {"GET", "HEAD", "POST", "OPTIONS"}
    assert client.post("/ping").json == {"pong": True}
    assert client.delete("/ping").status_code == 405


def test_a_function_answers_get_by_default(blp, serve):
    @blp.route("/ping")
    def ping():
        return {"pong": True}

    client = serve()

    assert client.get("/ping").json == {"pong": True}
    assert client.post("/ping").status_code == 405


def test_add_resource_is_the_plain_method_behind_route(app, blp, serve):
    def ping():
        return "pong"

    blp.add_resource("/ping", ping, endpoint="health", strict_slashes=False)
    client = serve()

    assert app.view_functions["test.health"] is ping
    assert client.get("/ping/").data == b"pong"
    with app.test_request_context():
        assert app.url_for("test.health") == "/ping"


def test_an_endpoint_name_with_a_dot_is_refused(blp):
    with pytest.raises(ValueError, match=r"Endpoint 'pets\.list' may not contain a dot"):
        blp.add_resource("/pets", lambda: "", endpoint="pets.list")


def test_a_method_view_can_be_routed_at_several_urls(blp, serve):
    @blp.route("/pets")
    @blp.route("/animals")
    class Pets(MethodView):
        @blp.response(200, Pet)
        def get(self):
            return {"name": "Rex", "secret": 1}

    client = serve()

    assert client.get("/pets").json == client.get("/animals").json == {"name": "Rex"}


def test_a_function_view_can_be_routed_at_several_urls(blp, serve):
    @blp.route("/pets/<int:pet_id>")
    @blp.route("/animals/<int:pet_id>")
    @blp.response(200, Pet)
    def get_pet(pet_id):
        return {"name": f"Rex {pet_id}", "secret": 1}

    client = serve()

    assert client.get("/pets/1").json == client.get("/animals/1").json == {"name": "Rex 1"}


def test_core_registration_on_a_rest_blueprint_runs_the_pipeline(blp, serve):
    @blp.post("/pets")
    @blp.arguments(Pet)
    @blp.response(201, Pet)
    def create(pet):
        return {**pet, "secret": 1}

    client = serve()

    assert client.post("/pets", json={"name": "Rex"}).json == {"name": "Rex"}
    assert client.post("/pets", json={"bogus": 1}).status_code == 422


def test_routes_cannot_be_added_once_the_blueprint_is_registered(blp, serve):
    serve()

    with pytest.raises(SetupError, match="after it was registered"):
        blp.add_resource("/late", lambda: "")


def test_a_rest_blueprint_also_works_without_an_api():
    app = App("no_api")
    blp = Blueprint("pets", __name__)

    @blp.route("/pets", methods=["POST"])
    @blp.arguments(Pet)
    @blp.response(201, Pet)
    def create(pet):
        return pet

    app.register_blueprint(blp)
    client = app.test_client()

    assert client.post("/pets", json={"name": "Rex"}).json == {"name": "Rex"}
    response = client.post("/pets", json={})
    assert response.status_code == 422
    assert response.mimetype == "text/html"


# -- the decorators record, they do not wrap --------------------------------------------------


def test_arguments_records_an_argument_with_every_option(blp):
    def get():
        pass

    decorated = blp.arguments(
        PetQuery,
        location="query",
        content_type="application/x-www-form-urlencoded",
        required=False,
        description="Filters",
        example={"tag": "dog"},
        examples={"dogs": {"value": {"tag": "dog"}}},
        as_kwargs=True,
    )(get)

    assert decorated is get
    [argument] = operation_of(get).arguments
    assert isinstance(argument.schema, PetQuery)
    assert argument == Argument(
        argument.schema,
        "query",
        content_type="application/x-www-form-urlencoded",
        required=False,
        description="Filters",
        example={"tag": "dog"},
        examples={"dogs": {"value": {"tag": "dog"}}},
        as_kwargs=True,
    )


def test_arguments_keep_their_top_to_bottom_order(blp):
    @blp.arguments(Pet)
    @blp.arguments(PetQuery, location="query")
    @blp.arguments({"X-Token": fields.Str()}, location="headers")
    def post():
        pass

    assert [a.location for a in operation_of(post).arguments] == ["json", "query", "headers"]


def test_arguments_read_every_kind_of_schema(blp):
    @blp.arguments({"type": "object"})
    @blp.arguments({"name": fields.Str()}, location="query")
    @blp.arguments(Pet(partial=True), location="form")
    def post():
        pass

    json_schema, fields_schema, instance = (a.schema for a in operation_of(post).arguments)
    assert json_schema == JSONSchema({"type": "object"})
    assert set(fields_schema.fields) == {"name"}
    assert instance.partial is True


def test_arguments_refuse_an_unknown_location_when_decorating(blp):
    with pytest.raises(SetupError, match="Unknown argument location 'body'"):
        blp.arguments(Pet, location="body")


def test_response_records_the_success_response(blp):
    @blp.response(
        201,
        Pet,
        description="Created",
        example={"name": "Rex"},
        examples={"rex": {"value": {"name": "Rex"}}},
        headers={"Location": {"schema": {"type": "string"}}},
        content_type="application/json",
    )
    def post():
        pass

    success = operation_of(post).success
    assert isinstance(success.schema, Pet)
    assert success == ResponseDoc(
        201,
        success.schema,
        description="Created",
        example={"name": "Rex"},
        examples={"rex": {"value": {"name": "Rex"}}},
        headers={"Location": {"schema": {"type": "string"}}},
        content_type="application/json",
        success=True,
    )


def test_response_takes_a_status_given_as_text(blp):
    @blp.response("204")
    def delete():
        pass

    assert operation_of(delete).success == ResponseDoc(204, None, success=True)


def test_two_success_responses_are_refused(blp):
    with pytest.raises(SetupError) as info:

        @blp.response(200, Pet)
        @blp.response(201, Pet)
        def post():
            pass

    assert "has two @response decorators" in str(info.value)
    assert "@alt_response" in str(info.value)


def test_alt_responses_keep_their_top_to_bottom_order(blp):
    @blp.alt_response(404, description="No such pet")
    @blp.alt_response(409, schema={"reason": fields.Str()}, example={"reason": "taken"})
    @blp.alt_response(202, schema=Pet, headers={"Location": {}}, success=True)
    def put():
        pass

    missing, conflict, accepted = operation_of(put).alt_responses
    assert missing == ResponseDoc(404, description="No such pet")
    assert (conflict.status_code, set(conflict.schema.fields), conflict.example) == (
        409,
        {"reason"},
        {"reason": "taken"},
    )
    assert (accepted.status_code, accepted.headers, accepted.success) == (
        202,
        {"Location": {}},
        True,
    )


def test_alt_response_takes_a_component_name_and_flask_smorests_options(blp):
    @blp.alt_response(404, "NOT_FOUND")
    @blp.alt_response(
        200, schema=Pet, content_type="application/xml", examples={"a": {"value": "<p/>"}}
    )
    def get():
        pass

    by_name, xml = operation_of(get).alt_responses
    assert by_name == ResponseDoc(404, reference="NOT_FOUND")
    assert (xml.content_type, xml.examples) == ("application/xml", {"a": {"value": "<p/>"}})


def test_alt_response_refuses_a_schema_given_as_the_component_name(blp):
    with pytest.raises(SetupError, match="pass a schema as schema="):
        blp.alt_response(404, Pet)


def test_route_records_parameters_and_tags_on_every_method(blp, serve):
    parameters = [{"in": "path", "name": "pet_id", "description": "The pet."}, "TRACE_ID"]

    @blp.route("/pets/<int:pet_id>", parameters=parameters, tags=["animals"])
    class PetById(MethodView):
        def get(self, pet_id):
            return {"id": pet_id}

        def delete(self, pet_id):
            return {}

    @blp.route("/health", tags=["ops"])
    def health():
        return {"ok": True}

    assert serve().get("/pets/3").json == {"id": 3}
    for function in (PetById.get, PetById.delete):
        assert operation_of(function).parameters == parameters
        assert operation_of(function).tags == ["animals"]
    assert (operation_of(health).parameters, operation_of(health).tags) == ([], ["ops"])


def test_doc_merges_operation_fields(blp):
    @blp.doc(summary="List pets", tags=["pets"])
    @blp.doc(deprecated=True, hide=True)
    def get():
        pass

    operation = operation_of(get)
    assert operation.doc == {
        "summary": "List pets",
        "tags": ["pets"],
        "deprecated": True,
        "hide": True,
    }
    assert operation.hidden


def test_paginate_records_a_pagination_with_every_option(blp):
    @blp.paginate()
    def by_default():
        pass

    @blp.paginate(Page, page=2, page_size=5, max_page_size=20, envelope=True)
    def with_options():
        pass

    @blp.paginate(CursorPage(key="id"), page_size=20)
    def feed():
        pass

    assert operation_of(by_default).pagination == Pagination()
    assert operation_of(with_options).pagination == Pagination(
        Page, page=2, page_size=5, max_page_size=20, envelope=True
    )
    assert operation_of(feed).pagination == Pagination(CursorPage(key="id"), page_size=20)


def test_paginate_refuses_a_second_pagination_and_impossible_options(blp):
    with pytest.raises(SetupError, match="two @paginate decorators"):

        @blp.paginate()
        @blp.paginate(page_size=5)
        def twice():
            pass

    with pytest.raises(SetupError, match="between 1 and max_page_size"):
        blp.paginate(page_size=200)


def test_decorator_order_does_not_matter(blp):
    @blp.response(200, Pet)
    @blp.arguments(PetQuery, location="query")
    def get_one():
        pass

    @blp.arguments(PetQuery, location="query")
    @blp.response(200, Pet)
    def get_two():
        pass

    one, two = operation_of(get_one), operation_of(get_two)
    assert (one.success.status_code, [a.location for a in one.arguments]) == (200, ["query"])
    assert (two.success.status_code, [a.location for a in two.arguments]) == (200, ["query"])


def test_decorators_record_on_method_view_methods(blp, serve):
    @blp.route("/pets")
    class Pets(MethodView):
        @blp.arguments(PetQuery, location="query")
        @blp.response(200, Pet(many=True))
        def get(self, query):
            return [{"name": query.get("tag", "any"), "secret": 1}]

    client = serve()

    assert len(operation_of(Pets.get).arguments) == 1
    assert client.get("/pets?tag=dog").json == [{"name": "dog"}]
