import functools

import pytest
from marshmallow import Schema, fields

from restkit import Api, App, MethodView
from restkit.rest import Blueprint, Operation, RestEndpoint, operation_of
from restkit.rest.endpoint import registered_endpoints


class Pet(Schema):
    name = fields.Str(required=True)


class Pets(MethodView):
    """The pets of the store."""

    def get(self):
        return {"method": "get"}

    def post(self):
        return {"method": "post"}


def add_header(view):
    @functools.wraps(view)
    def decorated(**kwargs):
        response = view(**kwargs)
        response.headers["X-Decorated"] = "yes"
        return response

    return decorated


# -- what an endpoint handles -----------------------------------------------------------------


def test_a_method_view_endpoint_maps_each_method_to_its_function():
    endpoint = RestEndpoint(Pets, "Pets")

    assert endpoint.resource is Pets
    assert endpoint.functions == {"GET": Pets.get, "POST": Pets.post}
    assert endpoint.methods == ["GET", "POST"]
    assert repr(endpoint) == "<RestEndpoint 'Pets' ['GET', 'POST']>"


def test_an_explicit_head_method_is_its_own_function():
    class Probe(MethodView):
        def get(self):
            return "body"

        def head(self):
            return ""

    assert RestEndpoint(Probe, "Probe").functions == {"GET": Probe.get, "HEAD": Probe.head}


@pytest.mark.parametrize(
    ("methods", "expected"),
    [(None, ["GET"]), (["post", "put"], ["POST", "PUT"]), (("DELETE",), ["DELETE"])],
    ids=["default", "lowercase", "tuple"],
)
def test_a_function_endpoint_handles_its_methods(methods, expected):
    def view():
        pass

    endpoint = RestEndpoint(view, "view", methods=methods)

    assert endpoint.resource is None
    assert endpoint.methods == expected
    assert set(endpoint.functions.values()) == {view}


def test_operations_pair_each_function_with_its_record():
    @Blueprint("b", __name__).response(200, Pet)
    def view():
        pass

    endpoint = RestEndpoint(Pets, "Pets")
    function_endpoint = RestEndpoint(view, "view")

    assert endpoint.operations() == {
        "GET": (Pets.get, Operation()),
        "POST": (Pets.post, Operation()),
    }
    assert function_endpoint.operations() == {"GET": (view, operation_of(view))}


# -- how an endpoint calls the user's code ----------------------------------------------------


def test_a_function_is_called_as_it_is():
    def view(pet_id):
        return pet_id * 2

    assert RestEndpoint(view, "view").caller("GET") is view


def test_a_resource_gets_an_instance_per_request_by_default():
    instances = []

    class Counted(MethodView):
        def __init__(self):
            instances.append(self)

        def get(self, pet_id):
            return (id(self), pet_id)

    call = RestEndpoint(Counted, "Counted").caller("GET")
    first, second = call(pet_id=1), call(pet_id=2)

    assert len(instances) == 2
    assert first[0] != second[0]
    assert (first[1], second[1]) == (1, 2)


def test_a_resource_without_init_every_request_is_shared():
    instances = []

    class Shared(MethodView):
        init_every_request = False

        def __init__(self):
            instances.append(self)

        def get(self):
            return self

    call = RestEndpoint(Shared, "Shared").caller("GET")

    assert len(instances) == 1
    assert call() is call() is instances[0]


def test_the_view_function_carries_the_endpoints_identity():
    view = RestEndpoint(Pets, "pet_list").view_function({})

    assert view.__name__ == "pet_list"
    assert view.__doc__ == "The pets of the store."
    assert view.__module__ == __name__
    assert view.rest_endpoint.view is Pets


def test_the_view_function_dispatches_to_the_handler_of_the_method(app, client):
    seen = []
    handlers = {
        "GET": lambda request, view_args: (
            seen.append(("GET", view_args)) or app.response_class("g")
        ),
        "PUT": lambda request, view_args: (
            seen.append(("PUT", view_args)) or app.response_class("p")
        ),
    }
    view = RestEndpoint(Pets, "pets").view_function(handlers)
    app.add_url_rule("/pets/<int:pet_id>", "pets", view, methods=["GET", "PUT"])

    assert client.get("/pets/1").data == b"g"
    assert client.put("/pets/2").data == b"p"
    assert seen == [("GET", {"pet_id": 1}), ("PUT", {"pet_id": 2})]


def test_resource_decorators_wrap_the_view_function(blp, serve):
    @blp.route("/pets")
    class Decorated(MethodView):
        decorators = [add_header]

        def get(self):
            return {"ok": True}

    response = serve().get("/pets")

    assert response.json == {"ok": True}
    assert response.headers["X-Decorated"] == "yes"


# -- registrations ----------------------------------------------------------------------------


def test_each_app_keeps_its_own_endpoints(app, api, blp):
    blp.add_resource("/pets", Pets)
    other = App("other")

    api.register_blueprint(blp)
    other.register_blueprint(blp)

    [(endpoint, handlers)] = registered_endpoints(app)
    [(other_endpoint, other_handlers)] = registered_endpoints(other)
    assert endpoint is other_endpoint is blp.endpoints[0]
    assert handlers is not other_handlers


def test_a_blueprint_serves_several_apps_with_their_own_config(blp):
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
    assert deep.post("/echo", json=body).json == body


def test_registering_twice_under_two_names_gives_two_handler_tables(app, api, blp):
    @blp.route("/pets")
    def pets():
        return {"name": "Rex"}

    api.register_blueprint(blp, url_prefix="/v1")
    api.register_blueprint(blp, url_prefix="/v2", name="test_v2")
    client = app.test_client()

    assert len(registered_endpoints(app)) == 2
    assert client.get("/v1/pets").json == client.get("/v2/pets").json == {"name": "Rex"}
