import functools
import sys

import marshmallow
import pytest
from marshmallow import Schema, fields, validate
from werkzeug.datastructures import Headers

from restkit import Api, App, MethodView, Response
from restkit.core import endpoints
from restkit.core.blueprints import Blueprint as CoreBlueprint
from restkit.rest import Blueprint, operation, resources

from .problems import invalid


class Pet(Schema):
    id = fields.Int(dump_only=True)
    name = fields.Str(required=True)
    tags = fields.List(fields.Str())
    owner = fields.Nested(lambda: Owner())


class Owner(Schema):
    name = fields.Str()


class PetQuery(Schema):
    limit = fields.Int(load_default=10)


#: A blueprint used only for its decorators, never registered.
blp_decorators = Blueprint("decorators", __name__)


# -- compiled once, for every registration ------------------------------------------------------


def test_the_app_compiles_every_endpoint_when_it_finalizes(app, blp, serve):
    @blp.route("/pets")
    def pets():
        return {"name": "Rex"}

    client = serve()
    assert app.endpoint_table is None

    assert client.get("/pets").json == {"name": "Rex"}
    assert app.endpoint_table["test.pets"].handler is not None


@pytest.mark.parametrize("registration", ["route", "post", "add_url_rule", "core_blueprint"])
def test_a_rest_decorated_view_is_validated_and_dumped_wherever_it_is_registered(
    app, api, blp, registration
):
    @blp.arguments(Pet)
    @blp.response(201, Pet)
    def create(pet):
        return {**pet, "id": 7, "secret": "not in the schema"}

    if registration == "route":
        app.route("/pets", methods=["POST"])(create)
    elif registration == "post":
        app.post("/pets")(create)
    elif registration == "add_url_rule":
        app.add_url_rule("/pets", view_func=create, methods=["POST"])
    else:
        core = CoreBlueprint("core", __name__)
        core.post("/pets")(create)
        app.register_blueprint(core)
    client = app.test_client()

    created = client.post("/pets", json={"name": "Rex"})
    refused = client.post("/pets", json={"bogus": 1})

    assert (created.status_code, created.json) == (201, {"id": 7, "name": "Rex"})
    assert refused.status_code == 422
    assert refused.json["errors"]["json"] == {
        "bogus": ["Unknown field."],
        "name": ["Missing data for required field."],
    }


def test_a_method_view_registered_with_as_view_is_compiled(app, api):
    class PetList(MethodView):
        @blp_decorators.arguments(PetQuery, location="query")
        @blp_decorators.response(200, Pet(many=True))
        def get(self, query):
            return [{"name": "Rex", "secret": 1}] * query["limit"]

    app.add_url_rule("/pets", view_func=PetList.as_view("pets"))
    client = app.test_client()

    assert client.get("/pets?limit=2").json == [{"name": "Rex"}, {"name": "Rex"}]
    assert client.get("/pets?limit=x").status_code == 422


def test_a_method_view_gets_its_class_arguments_and_an_instance_per_request(app, api):
    instances = []

    class Greeting(MethodView):
        def __init__(self, word):
            self.word = word
            instances.append(self)

        @blp_decorators.response(200, Pet)
        def get(self):
            return {"name": self.word}

    app.add_url_rule("/hi", view_func=Greeting.as_view("hi", "hello"))
    client = app.test_client()

    assert client.get("/hi").json == client.get("/hi").json == {"name": "hello"}
    assert len(instances) == 2


def test_a_method_view_without_init_every_request_shares_its_instance(blp, serve):
    instances = []

    @blp.route("/shared")
    class Shared(MethodView):
        init_every_request = False

        def __init__(self):
            instances.append(self)

        @blp.response(200, Pet)
        def get(self):
            return {"name": str(len(instances))}

    client = serve()

    assert client.get("/shared").json == client.get("/shared").json == {"name": "1"}
    assert len(instances) == 1


def test_resource_decorators_wrap_the_whole_pipeline(blp, serve):
    seen = []

    def add_header(view):
        @functools.wraps(view)
        def decorated(**kwargs):
            seen.append(kwargs)
            response = view(**kwargs)
            response.headers["X-Decorated"] = "yes"
            return response

        return decorated

    @blp.route("/pets/<int:pet_id>")
    class Decorated(MethodView):
        decorators = [add_header]

        @blp.response(200, Pet)
        def get(self, pet_id):
            return {"name": str(pet_id), "secret": 1}

    response = serve().get("/pets/4")

    assert response.json == {"name": "4"}
    assert response.headers["X-Decorated"] == "yes"
    assert seen == [{"pet_id": 4}]


def test_a_decorator_on_a_view_function_wraps_the_function_itself(blp, serve):
    def with_store(view):
        @functools.wraps(view)
        def decorated(*args, **kwargs):
            return view(*args, store={"name": "Rex", "secret": 1}, **kwargs)

        return decorated

    @blp.route("/pets", methods=["POST"])
    @with_store
    @blp.arguments(PetQuery, location="query")
    @blp.response(200, Pet)
    def pets(query, store):
        return {**store, "name": f"{store['name']}x{query['limit']}"}

    assert serve().post("/pets?limit=2").json == {"name": "Rexx2"}


def test_each_app_compiles_its_own_pipelines(blp):
    @blp.route("/echo", methods=["POST"])
    @blp.arguments({"data": fields.Raw()})
    def echo(body):
        return body

    apps = []
    for depth in (2, 64):
        app = App(f"depth_{depth}")
        app.config.update(API_TITLE="Echo", API_VERSION="1", MAX_JSON_DEPTH=depth)
        Api(app).register_blueprint(blp)
        apps.append(app)
    shallow, deep = (app.test_client() for app in apps)
    body = {"data": [[1]]}

    assert deep.post("/echo", json=body).json == body
    assert shallow.post("/echo", json=body).status_code == 400
    assert apps[0].endpoint_table["test.echo"] is not apps[1].endpoint_table["test.echo"]


def test_a_blueprint_registered_twice_has_an_endpoint_per_registration(app, api, blp):
    @blp.route("/pets")
    @blp.response(200, Pet)
    def pets():
        return {"name": "Rex", "secret": 1}

    api.register_blueprint(blp, url_prefix="/v1")
    api.register_blueprint(blp, url_prefix="/v2", name="test_v2")
    client = app.test_client()

    assert client.get("/v1/pets").json == client.get("/v2/pets").json == {"name": "Rex"}
    assert {"test.pets", "test_v2.pets"} <= set(app.endpoint_table.endpoints)


@pytest.fixture
def busy_client(blp, serve):
    """A client for endpoints that load every location and dump nested responses."""

    @blp.route("/pets/<int:pet_id>")
    class PetById(MethodView):
        @blp.arguments(PetQuery, location="query")
        @blp.arguments({"X-Token": fields.Str()}, location="headers")
        @blp.response(200, Pet)
        @blp.alt_response(404, description="No such pet")
        def get(self, query, headers, pet_id):
            return {"id": pet_id, "name": "Rex", "tags": ["a"], "owner": {"name": "Ann"}}

        @blp.arguments(Pet)
        @blp.response(200, Pet)
        def put(self, pet, pet_id):
            return {"id": pet_id, **pet}

    @blp.route("/schema", methods=["POST"])
    @blp.arguments({"type": "object", "properties": {"name": {"type": "string"}}})
    def json_schema(body):
        return body

    client = serve()
    # The first request compiles every endpoint and warms marshmallow's lazy nested schemas.
    assert client.get("/pets/1").status_code == 200
    assert client.put("/pets/1", json={"name": "Rex", "owner": {"name": "Ann"}}).status_code == 200
    return client


def exercise(client):
    """Send requests down every path of the pipeline: loads, dumps and errors."""
    assert client.get("/pets/1?limit=3", headers={"X-Token": "t"}).json["owner"] == {"name": "Ann"}
    assert client.put("/pets/2", json={"name": "Max", "owner": {"name": "Bo"}}).status_code == 200
    assert client.put("/pets/2", json={"name": 1}).status_code == 422
    assert client.put("/pets/2", data="{", content_type="application/json").status_code == 400
    assert client.post("/schema", json={"name": "x"}).json == {"name": "x"}
    assert client.get("/nowhere").status_code == 404


def test_a_request_constructs_no_schema(busy_client, monkeypatch):
    constructed = []
    original_init = marshmallow.Schema.__init__

    def counting_init(self, *args, **kwargs):
        constructed.append(type(self).__name__)
        original_init(self, *args, **kwargs)

    monkeypatch.setattr(marshmallow.Schema, "__init__", counting_init)
    for _ in range(3):
        exercise(busy_client)

    assert constructed == []


def test_a_request_looks_up_no_operation_hook_chain_or_error_handler(busy_client, monkeypatch):
    calls = []

    def refuse(name):
        def refused(*args, **kwargs):
            calls.append(name)
            raise AssertionError(f"{name} ran while serving a request")

        return refused

    lookups = [
        operation.recorded_operation,
        operation.operation_of,
        resources.method_functions,
        endpoints.build_endpoint,
        endpoints.blueprint_chain,
        endpoints.compile_view,
    ]
    for module in [m for name, m in sys.modules.items() if name.startswith("restkit.")]:
        for name, value in list(vars(module).items()):
            if any(value is lookup for lookup in lookups):
                monkeypatch.setattr(module, name, refuse(name))
    exercise(busy_client)  # the first error of each kind finds its handler once
    monkeypatch.setattr(endpoints.ErrorHandlers, "_search", refuse("error handler search"))

    for _ in range(3):
        exercise(busy_client)

    assert calls == []


# -- calling the view -------------------------------------------------------------------------


def test_loaded_arguments_come_in_decorator_order_before_path_parameters(blp, serve):
    @blp.route("/owners/<int:owner_id>/pets/<int:pet_id>", methods=["POST"])
    @blp.arguments({"name": fields.Str()})
    @blp.arguments({"limit": fields.Int()}, location="query")
    @blp.arguments({"token": fields.Str(data_key="X-Token")}, location="headers")
    def create(body, query, headers, owner_id, pet_id):
        return {"args": [body, query, headers], "path": [owner_id, pet_id]}

    response = serve().post(
        "/owners/1/pets/2?limit=5", json={"name": "Rex"}, headers={"X-Token": "t"}
    )

    assert response.json == {
        "args": [{"name": "Rex"}, {"limit": 5}, {"token": "t"}],
        "path": [1, 2],
    }


def test_as_kwargs_merges_loaded_data_into_keyword_arguments(blp, serve):
    @blp.route("/pets/<int:pet_id>", methods=["PATCH"])
    @blp.arguments({"name": fields.Str()}, as_kwargs=True)
    @blp.arguments({"dry_run": fields.Bool(load_default=False)}, location="query", as_kwargs=True)
    def patch(pet_id, name=None, dry_run=None):
        return {"pet_id": pet_id, "name": name, "dry_run": dry_run}

    client = serve()

    assert client.patch("/pets/3?dry_run=true", json={"name": "Rex"}).json == {
        "pet_id": 3,
        "name": "Rex",
        "dry_run": True,
    }


def test_as_kwargs_with_an_absent_optional_body_adds_nothing(blp, serve):
    @blp.route("/pets", methods=["POST"])
    @blp.arguments({"name": fields.Str()}, required=False, as_kwargs=True)
    def create(**kwargs):
        return {"kwargs": kwargs}

    assert serve().post("/pets").json == {"kwargs": {}}


def test_as_kwargs_can_be_mixed_with_positional_arguments(blp, serve):
    @blp.route("/pets", methods=["POST"])
    @blp.arguments({"name": fields.Str()})
    @blp.arguments({"limit": fields.Int()}, location="query", as_kwargs=True)
    def create(body, limit=None):
        return {"body": body, "limit": limit}

    assert serve().post("/pets?limit=2", json={"name": "Rex"}).json == {
        "body": {"name": "Rex"},
        "limit": 2,
    }


def test_a_view_without_arguments_gets_only_path_parameters(blp, serve):
    @blp.route("/pets/<int:pet_id>")
    @blp.response(200, Pet)
    def get(pet_id):
        return {"id": pet_id, "name": "Rex"}

    assert serve().get("/pets/7").json == {"id": 7, "name": "Rex"}


def test_errors_of_every_location_come_in_one_response(blp, serve):
    @blp.route("/pets/<int:pet_id>", methods=["PUT"])
    @blp.arguments(Pet)
    @blp.arguments(PetQuery, location="query")
    @blp.arguments({"X-Token": fields.Str(required=True)}, location="headers")
    @blp.arguments({"session": fields.Str(required=True)}, location="cookies")
    @blp.arguments({"pet_id": fields.Int(validate=validate.Range(max=99))}, location="path")
    def put(*args, **kwargs):
        raise AssertionError("the view is not called when validation fails")

    response = serve().put("/pets/500?limit=many", json={"tags": "a"})

    assert response.status_code == 422
    assert response.json == invalid(
        json={"name": ["Missing data for required field."], "tags": ["Not a valid list."]},
        query={"limit": ["Not a valid integer."]},
        headers={"X-Token": ["Missing data for required field."]},
        cookies={"session": ["Missing data for required field."]},
        path={"pet_id": ["Must be less than or equal to 99."]},
    )


def test_two_arguments_of_one_location_merge_their_errors(blp, serve):
    @blp.route("/search")
    @blp.arguments({"q": fields.Str(required=True)}, location="query")
    @blp.arguments({"page": fields.Int(required=True)}, location="query")
    def search(text, page):
        return {}

    assert serve().get("/search").json == invalid(
        query={
            "q": ["Missing data for required field."],
            "page": ["Missing data for required field."],
        }
    )


# -- making the response ----------------------------------------------------------------------

PET = {"id": 1, "name": "Rex", "secret": "not in the schema"}


@pytest.mark.parametrize(
    ("rv", "status", "headers"),
    [
        pytest.param(PET, 201, {}, id="object"),
        pytest.param((PET, 200), 200, {}, id="object-status"),
        pytest.param((PET, {"X-Rate": "9"}), 201, {"X-Rate": "9"}, id="object-headers-dict"),
        pytest.param((PET, [("X-Rate", "9")]), 201, {"X-Rate": "9"}, id="object-headers-list"),
        pytest.param((PET, Headers({"X-Rate": "9"})), 201, {"X-Rate": "9"}, id="object-headers"),
        pytest.param((PET, 202, {"X-Rate": "9"}), 202, {"X-Rate": "9"}, id="object-status-headers"),
    ],
)
def test_the_view_may_return_status_and_headers_with_the_object(blp, serve, rv, status, headers):
    @blp.route("/pets", methods=["POST"])
    @blp.response(201, Pet)
    def create():
        return rv

    response = serve().post("/pets")

    assert response.status_code == status
    assert response.json == {"id": 1, "name": "Rex"}
    assert response.mimetype == "application/json"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    for name, value in headers.items():
        assert response.headers[name] == value


def test_a_response_object_passes_through_untouched(blp, serve):
    sent = Response("<svg/>", status=203, mimetype="image/svg+xml", headers={"X-Own": "1"})

    @blp.route("/pets")
    @blp.response(200, Pet)
    def get():
        return sent

    response = serve().get("/pets")

    assert (response.status_code, response.data, response.mimetype) == (
        203,
        b"<svg/>",
        "image/svg+xml",
    )
    assert response.headers["X-Own"] == "1"
    assert "X-Content-Type-Options" not in response.headers


def test_a_many_schema_dumps_a_list(blp, serve):
    @blp.route("/pets")
    @blp.response(200, Pet(many=True))
    def get():
        return [PET, {"id": 2, "name": "Max"}]

    assert serve().get("/pets").json == [{"id": 1, "name": "Rex"}, {"id": 2, "name": "Max"}]


@pytest.mark.parametrize("rv", [None, "ignored", {"name": "x"}], ids=["none", "text", "object"])
def test_a_204_response_has_no_body(blp, serve, rv):
    @blp.route("/pets/1", methods=["DELETE"])
    @blp.response(204)
    def delete():
        return rv

    response = serve().delete("/pets/1")

    assert response.status_code == 204
    assert response.data == b""
    assert "Content-Type" not in response.headers


def test_a_304_from_the_view_has_no_body(blp, serve):
    @blp.route("/pets")
    @blp.response(200, Pet)
    def get():
        return PET, 304

    response = serve().get("/pets")

    assert (response.status_code, response.data) == (304, b"")


@pytest.mark.parametrize(
    ("rv", "body"),
    [("name,tag\nRex,dog\n", b"name,tag\nRex,dog\n"), (b"name\n", b"name\n")],
    ids=["str", "bytes"],
)
def test_a_non_json_content_type_sends_the_body_as_returned(blp, serve, rv, body):
    @blp.route("/pets.csv")
    @blp.response(200, content_type="text/csv")
    def export():
        return rv

    response = serve().get("/pets.csv")

    assert (response.data, response.mimetype) == (body, "text/csv")
    assert "X-Content-Type-Options" not in response.headers


def test_a_vendor_json_content_type_is_still_dumped_as_json(blp, serve):
    @blp.route("/pets/1")
    @blp.response(200, Pet, content_type="application/vnd.pets+json")
    def get():
        return PET

    response = serve().get("/pets/1")

    assert response.mimetype == "application/vnd.pets+json"
    assert response.json == {"id": 1, "name": "Rex"}


def test_a_response_without_schema_is_sent_as_returned(blp, serve):
    @blp.route("/stats")
    @blp.response(200)
    def stats():
        return {"pets": 3}

    assert serve().get("/stats").json == {"pets": 3}


def test_a_status_with_its_own_schema_is_dumped_with_it(blp, serve):
    @blp.route("/pets", methods=["POST"])
    @blp.response(201, Pet)
    @blp.alt_response(202, schema={"job": fields.Str()}, success=True)
    def create():
        return {"job": "j-1", "name": "Rex"}, 202

    assert serve().post("/pets").json == {"job": "j-1"}


def test_another_2xx_status_is_dumped_with_the_success_schema(blp, serve):
    @blp.route("/pets", methods=["POST"])
    @blp.response(201, Pet)
    def create():
        return PET, 200

    assert serve().post("/pets").json == {"id": 1, "name": "Rex"}


def test_an_error_status_without_schema_is_sent_as_returned(blp, serve):
    @blp.route("/pets", methods=["POST"])
    @blp.response(201, Pet)
    def create():
        return {"reason": "full"}, 507

    response = serve().post("/pets")

    assert (response.status_code, response.json) == (507, {"reason": "full"})


def test_a_view_without_response_decorator_uses_the_apps_conversion(blp, serve):
    @blp.route("/text")
    def text():
        return "plain", 202, {"X-Own": "1"}

    @blp.route("/json")
    def json():
        return {"a": 1}

    client = serve()

    response = client.get("/text")
    assert (response.status_code, response.data, response.mimetype) == (202, b"plain", "text/html")
    assert response.headers["X-Own"] == "1"
    assert client.get("/json").json == {"a": 1}


def test_a_tuple_of_the_wrong_size_is_a_programming_error(blp, serve):
    @blp.route("/pets")
    @blp.response(200, Pet)
    def get():
        return PET, 200, {}, "extra"

    with pytest.raises(TypeError, match=r"returned a tuple of the wrong size"):
        serve().get("/pets")


def test_head_is_answered_by_the_get_pipeline_without_a_body(blp, serve):
    calls = []

    @blp.route("/pets")
    @blp.response(200, Pet(many=True))
    def get():
        calls.append("get")
        return [PET]

    response = serve().head("/pets")

    assert calls == ["get"]
    assert (response.status_code, response.data) == (200, b"")
    assert response.headers["Content-Length"] == str(len(b'[{"id":1,"name":"Rex"}]'))


def test_an_explicit_head_method_has_its_own_pipeline(blp, serve):
    @blp.route("/pets")
    class Pets(MethodView):
        def get(self):
            return {"method": "get"}

        def head(self):
            return Response(headers={"X-Head": "own"})

    response = serve().head("/pets")

    assert response.headers["X-Head"] == "own"


def test_a_method_the_resource_lacks_is_a_405(app, api):
    class PetList(MethodView):
        @blp_decorators.response(200, Pet)
        def get(self):
            return {"name": "Rex"}

    app.add_url_rule("/pets", view_func=PetList.as_view("pets"), methods=["GET", "DELETE"])
    response = app.test_client().delete("/pets")

    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD"}
