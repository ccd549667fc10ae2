import sys

import marshmallow
import pytest
from marshmallow import Schema, fields, validate
from werkzeug.datastructures import Headers

from restkit import MethodView, Response
from restkit.rest import compile_app, operation
from restkit.rest.compiler import COMPILED_KEY
from restkit.rest.endpoint import RestEndpoint, registered_endpoints

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


# -- compiled once ----------------------------------------------------------------------------


def test_compile_app_runs_once_per_app(app, blp):
    @blp.route("/pets")
    def pets():
        return {"name": "Rex"}

    app.register_blueprint(blp)
    [(_, handlers)] = registered_endpoints(app)

    compile_app(app)
    compiled = dict(handlers)
    compile_app(app)

    assert app.extensions[COMPILED_KEY] is True
    assert set(handlers) == {"GET", "HEAD"}
    assert handlers == compiled


def test_the_app_compiles_when_it_starts_serving(app, blp, serve):
    @blp.route("/pets")
    def pets():
        return {"name": "Rex"}

    client = serve()
    [(_, handlers)] = registered_endpoints(app)
    assert handlers == {}

    assert client.get("/pets").json == {"name": "Rex"}
    assert set(handlers) == {"GET", "HEAD"}


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


def test_a_request_looks_up_no_operation(busy_client, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("an operation was looked up while serving a request")

    lookups = (operation.recorded_operation, operation.operation_of)
    for module in [m for name, m in sys.modules.items() if name.startswith("restkit.")]:
        for name, value in list(vars(module).items()):
            if any(value is lookup for lookup in lookups):
                monkeypatch.setattr(module, name, refuse)
    monkeypatch.setattr(RestEndpoint, "operations", refuse)
    monkeypatch.setattr(RestEndpoint, "caller", refuse)

    for _ in range(3):
        exercise(busy_client)


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
