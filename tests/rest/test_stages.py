import pytest
from marshmallow import Schema, fields
from werkzeug.datastructures import Headers

from restkit import Response
from restkit.core.globals import request_ctx_var
from restkit.rest import Blueprint, operation_of
from restkit.rest.pipeline import Call, StageSetup, assemble
from restkit.rest.stages import load_arguments, respond


class Pet(Schema):
    name = fields.Str()


RETURN_FORMS = [
    pytest.param(lambda: ({"name": "Rex"}, 201), 201, {}, id="status"),
    pytest.param(lambda: ({"name": "Rex"}, "201 CREATED"), 201, {}, id="status-line"),
    pytest.param(lambda: ({"name": "Rex"}, {"X-A": "1"}), 200, {"X-A": "1"}, id="dict"),
    pytest.param(lambda: ({"name": "Rex"}, [("X-A", "1")]), 200, {"X-A": "1"}, id="pairs"),
    pytest.param(
        lambda: ({"name": "Rex"}, Headers({"X-A": "1"})), 200, {"X-A": "1"}, id="headers-object"
    ),
    pytest.param(
        lambda: ({"name": "Rex"}, 202, {"X-A": "1"}), 202, {"X-A": "1"}, id="status-headers"
    ),
    pytest.param(
        lambda: (Response('{"name":"Rex"}', mimetype="application/json"), 203, {"X-A": "1"}),
        203,
        {"X-A": "1"},
        id="response-object",
    ),
]


@pytest.mark.parametrize(("make", "status", "headers"), RETURN_FORMS)
def test_core_and_rest_routes_take_the_same_return_forms(app, blp, serve, make, status, headers):
    app.add_url_rule("/core", "core", make)
    blp.route("/rest")(blp.response(200, Pet)(lambda: make()))
    client = serve()

    for path in ("/core", "/rest"):
        response = client.get(path)
        assert (response.status_code, response.json) == (status, {"name": "Rex"}), path
        assert {name: response.headers[name] for name in headers} == headers, path


@pytest.mark.parametrize("status", [204, "204 NO CONTENT", 304])
def test_bodiless_statuses_have_no_body_nor_content_type_on_any_route(app, blp, serve, status):
    app.add_url_rule("/core", "core", lambda: ("ignored", status))
    blp.route("/rest")(blp.response(200, Pet)(lambda: ({"name": "x"}, status)))
    client = serve()

    for path in ("/core", "/rest"):
        response = client.get(path)
        assert (response.data, response.headers.get("Content-Type")) == (b"", None), path


def test_the_respond_stage_adds_the_headers_inner_stages_ask_for(app):
    def add_header(setup, next_step):
        def step(call):
            call.response_headers.append(("X-Stage", setup.method))
            return next_step(call)

        return step

    setup = StageSetup(app, "pets", "GET", operation_for_response(), lambda: {"name": "Rex"})
    pipeline = assemble(setup, [respond, add_header, load_arguments])

    with app.test_request_context("/"):
        response = pipeline(Call(request_ctx_var.get(), {}))

    assert response.json == {"name": "Rex"}
    assert response.headers["X-Stage"] == "GET"


def test_a_stage_an_operation_does_not_use_costs_nothing(app):
    def next_step(call):
        return "next"

    setup = StageSetup(app, "pets", "GET", operation_for_response(), lambda: None)

    assert load_arguments(setup, next_step) is next_step


def operation_for_response():
    @Blueprint("b", __name__).response(200, Pet)
    def view():
        pass

    return operation_of(view)


def test_a_call_shows_the_request_it_carries(app):
    with app.test_request_context("/pets?x=1", method="POST"):
        assert repr(Call(request_ctx_var.get(), {})) == "<Call POST '/pets'>"
