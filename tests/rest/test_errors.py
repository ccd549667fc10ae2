import logging

import pytest
from marshmallow import Schema, fields
from werkzeug.datastructures import WWWAuthenticate
from werkzeug.exceptions import (
    Forbidden,
    HTTPException,
    MethodNotAllowed,
    NotFound,
    TooManyRequests,
    Unauthorized,
)

from restkit import Api, App, MethodView, Response
from restkit.core.errors import ConfigurationError, SetupError
from restkit.rest import ErrorHandler, HTTPError, ProblemSchema, abort, error_class
from restkit.rest.errors import (
    PROBLEM_MEDIA_TYPE,
    SmorestErrorHandler,
    SmorestErrorSchema,
    error_handler_for,
    problem_payload,
)
from restkit.rest.operation import ResponseDoc

from .problems import invalid, problem

NOT_FOUND = (
    "The requested URL was not found on the server. If you entered the URL manually please "
    "check your spelling and try again."
)
SERVER_ERROR = (
    "The server encountered an internal error and was unable to complete your request. Either "
    "the server is overloaded or there is an error in the application."
)


def assert_problem(response, status, body):
    assert response.status_code == status
    assert response.headers["Content-Type"] == "application/problem+json"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.json == body


# -- ProblemSchema ----------------------------------------------------------------------------


def test_the_problem_schema_dumps_the_rfc_9457_members():
    dumped = ProblemSchema().dump(
        {
            "title": "Not Found",
            "status": 404,
            "detail": "No pet 7.",
            "errors": {"path": {"id": ["x"]}},
        }
    )

    assert dumped == {
        "type": "about:blank",
        "title": "Not Found",
        "status": 404,
        "detail": "No pet 7.",
        "errors": {"path": {"id": ["x"]}},
    }


def test_the_problem_schema_documents_each_member():
    schema = ProblemSchema()

    assert list(schema.fields) == ["type", "title", "status", "detail", "errors"]
    assert all(field.metadata["description"] for field in schema.fields.values())
    assert {name for name, field in schema.fields.items() if field.required} == {"title", "status"}


# -- error_class and HTTPError ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "base"),
    [
        (401, Unauthorized),
        (403, Forbidden),
        (404, NotFound),
        (405, MethodNotAllowed),
        (429, TooManyRequests),
    ],
)
def test_error_class_extends_werkzeugs_class_for_the_code(code, base):
    cls = error_class(code)

    assert issubclass(cls, HTTPError)
    assert issubclass(cls, base)
    assert cls.code == code
    assert error_class(code) is cls


def test_error_class_makes_a_class_for_codes_werkzeug_has_none_for():
    cls = error_class(402)

    assert cls.__name__ == "HTTPError402"
    assert issubclass(cls, HTTPError)
    assert cls.code == 402


@pytest.mark.parametrize("code", [200, 302, 399, 600, 999])
def test_error_class_refuses_codes_that_are_not_errors(code):
    with pytest.raises(ValueError, match=f"{code} is not an HTTP error status code."):
        error_class(code)


def test_http_error_carries_detail_errors_and_headers():
    exc = error_class(429)(
        "Slow down.", errors={"query": {"q": ["x"]}}, headers={"Retry-After": "9"}
    )

    assert exc.description == "Slow down."
    assert exc.errors == {"query": {"q": ["x"]}}
    assert ("Retry-After", "9") in exc.get_headers()
    assert problem_payload(exc) == problem(429, "Slow down.", {"query": {"q": ["x"]}})


def test_an_http_error_without_detail_keeps_werkzeugs_description():
    assert problem_payload(error_class(404)()) == problem(404, NOT_FOUND)


def test_a_problem_without_description_has_no_detail():
    exc = error_class(418)()
    exc.description = None

    assert problem_payload(exc) == {"type": "about:blank", "title": "I'm a teapot", "status": 418}


# -- every error of the app is a problem document ---------------------------------------------


def test_routing_404_is_a_problem(serve):
    assert_problem(serve().get("/nowhere"), 404, problem(404, NOT_FOUND))


def test_routing_405_is_a_problem_that_keeps_allow(blp, serve):
    @blp.route("/pets")
    class Pets(MethodView):
        def get(self):
            return []

        def post(self):
            return {}

    response = serve().delete("/pets")

    assert_problem(response, 405, problem(405, "The method is not allowed for the requested URL."))
    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "POST", "OPTIONS"}


@pytest.mark.parametrize(
    ("args", "kwargs", "body"),
    [
        pytest.param((404,), {}, problem(404, NOT_FOUND), id="status"),
        pytest.param((404, "No pet 7."), {}, problem(404, "No pet 7."), id="detail"),
        pytest.param(
            (409, "Name taken."),
            {"errors": {"json": {"name": ["Taken."]}}},
            problem(409, "Name taken.", {"json": {"name": ["Taken."]}}),
            id="errors",
        ),
        pytest.param((507, "Disk full."), {}, problem(507, "Disk full."), id="5xx"),
        pytest.param(
            (404,), {"description": "No pet 7."}, problem(404, "No pet 7."), id="flask-description"
        ),
        pytest.param(
            (404,), {"message": "No pet 7."}, problem(404, "No pet 7."), id="smorest-message"
        ),
    ],
)
def test_abort_raises_a_problem(blp, serve, args, kwargs, body):
    @blp.route("/pets")
    def get():
        abort(*args, **kwargs)

    assert_problem(serve().get("/pets"), body["status"], body)


def test_abort_with_a_response_sends_it_as_is(blp, serve):
    @blp.route("/pets")
    def get():
        abort(Response("teapot", status=418, mimetype="text/plain"))

    response = serve().get("/pets")

    assert (response.status_code, response.data, response.mimetype) == (
        418,
        b"teapot",
        "text/plain",
    )


def test_a_validation_error_is_a_problem(blp, serve):
    @blp.route("/pets", methods=["POST"])
    @blp.arguments({"name": fields.Str(required=True)})
    def create(pet):
        return pet

    assert_problem(
        serve().post("/pets", json={}),
        422,
        invalid(json={"name": ["Missing data for required field."]}),
    )


def test_werkzeug_exceptions_raised_by_views_are_problems(blp, serve):
    @blp.route("/pets")
    def get():
        raise NotFound("No pets here.")

    assert_problem(serve().get("/pets"), 404, problem(404, "No pets here."))


def test_errors_raised_by_hooks_are_problems(app, serve):
    @app.before_request
    def refuse():
        abort(403, "Closed today.")

    assert_problem(serve().get("/anything"), 403, problem(403, "Closed today."))


def test_an_unhandled_exception_is_a_generic_500_that_is_logged(app, blp, serve, caplog):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @blp.route("/pets")
    def get():
        raise RuntimeError("password=hunter2 at /srv/db.sqlite")

    with caplog.at_level(logging.ERROR):
        response = serve().get("/pets")

    assert_problem(response, 500, problem(500, SERVER_ERROR))
    assert b"hunter2" not in response.data
    assert b"RuntimeError" not in response.data
    [record] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert record.getMessage() == "Exception on /pets [GET]"
    assert "hunter2" in str(record.exc_info[1])


def test_an_error_answer_to_head_has_no_body(serve):
    response = serve().head("/nowhere")

    assert response.status_code == 404
    assert response.headers["Content-Type"] == PROBLEM_MEDIA_TYPE
    assert response.data == b""


# -- headers of the exception survive ---------------------------------------------------------


@pytest.mark.parametrize(
    ("exc", "header", "value"),
    [
        pytest.param(
            Unauthorized(www_authenticate=None),
            "WWW-Authenticate",
            None,
            id="no-challenge-invented",
        ),
        pytest.param(
            error_class(401)(
                "Bad token.", headers={"WWW-Authenticate": 'Bearer error="invalid_token"'}
            ),
            "WWW-Authenticate",
            'Bearer error="invalid_token"',
            id="www-authenticate-via-headers",
        ),
        pytest.param(
            TooManyRequests(retry_after=30), "Retry-After", "30", id="retry-after-werkzeug"
        ),
        pytest.param(
            error_class(503)("Back soon.", headers={"Retry-After": "120"}),
            "Retry-After",
            "120",
            id="retry-after-via-headers",
        ),
        pytest.param(MethodNotAllowed(["GET", "PUT"]), "Allow", "GET, PUT", id="allow"),
    ],
)
def test_the_exceptions_own_headers_are_kept(blp, serve, exc, header, value):
    @blp.route("/pets")
    def get():
        raise exc

    response = serve().get("/pets")

    assert response.status_code == exc.code
    assert response.headers["Content-Type"] == PROBLEM_MEDIA_TYPE
    assert response.headers.get(header) == value


def test_a_www_authenticate_challenge_from_werkzeug_is_kept(blp, serve):
    @blp.route("/pets")
    def get():
        raise Unauthorized("Log in.", www_authenticate=WWWAuthenticate("basic", {"realm": "pets"}))

    response = serve().get("/pets")

    assert_problem(response, 401, problem(401, "Log in."))
    assert response.headers["WWW-Authenticate"] == "Basic realm=pets"


def test_abort_headers_are_sent(blp, serve):
    @blp.route("/pets")
    def get():
        abort(429, "Slow down.", headers={"Retry-After": "30", "X-RateLimit-Remaining": "0"})

    response = serve().get("/pets")

    assert_problem(response, 429, problem(429, "Slow down."))
    assert response.headers["Retry-After"] == "30"
    assert response.headers["X-RateLimit-Remaining"] == "0"


def test_a_content_type_header_of_the_exception_does_not_replace_the_problem_type(blp, serve):
    @blp.route("/pets")
    def get():
        abort(400, "Bad.", headers={"Content-Type": "text/html"})

    assert serve().get("/pets").headers.getlist("Content-Type") == [PROBLEM_MEDIA_TYPE]


# -- handlers of the app's own and replacements -----------------------------------------------


def test_an_error_handler_registered_for_a_code_wins(app, serve):
    @app.errorhandler(404)
    def not_found(exc):
        return {"message": "nothing here"}, 404

    response = serve().get("/nowhere")

    assert (response.status_code, response.json) == (404, {"message": "nothing here"})


class Message(Schema):
    code = fields.Int()
    message = fields.Str()
    fields_ = fields.Dict(data_key="fields")


class MessageHandler(ErrorHandler):
    schema = Message()
    media_type = "application/json"

    def payload(self, exc: HTTPException):
        return {
            "code": exc.code,
            "message": exc.description,
            "fields_": getattr(exc, "errors", None) or {},
        }


def test_the_error_schema_and_payload_can_be_replaced():
    app = App("custom_errors")
    app.config.update(TESTING=True, API_TITLE="T", API_VERSION="1")
    api = Api(app, error_handler=MessageHandler())

    @app.route("/pets", methods=["POST"])
    def create():
        abort(409, "Name taken.", errors={"json": {"name": ["Taken."]}})

    client = app.test_client()

    response = client.post("/pets")
    assert api.error_handler.schema is MessageHandler.schema
    assert response.status_code == 409
    assert response.mimetype == "application/json"
    assert response.json == {
        "code": 409,
        "message": "Name taken.",
        "fields": {"json": {"name": ["Taken."]}},
    }
    assert client.get("/nowhere").json == {"code": 404, "message": NOT_FOUND, "fields": {}}


def test_the_handler_passes_an_exceptions_response_through(app):
    handler = ErrorHandler()
    sent = Response("raw", status=400)

    with app.app_context():
        assert handler(HTTPException(response=sent)) is sent


# -- flask-smorest's format -------------------------------------------------------------------


@pytest.fixture
def smorest_app(tmp_path):
    app = App("smorest_errors", root_path=str(tmp_path))
    app.config.update(
        TESTING=True, API_TITLE="T", API_VERSION="1", API_ERROR_FORMAT="flask-smorest"
    )
    return app


def test_the_flask_smorest_format_is_chosen_by_configuration(smorest_app, blp):
    api = Api(smorest_app)

    @blp.route("/pets", methods=["POST"])
    @blp.arguments({"name": fields.Str(required=True)})
    def create(pet):
        abort(409, message="Name taken.")

    api.register_blueprint(blp)
    client = smorest_app.test_client()

    assert isinstance(api.error_handler, SmorestErrorHandler)
    conflict = client.post("/pets", json={"name": "Rex"})
    assert (conflict.status_code, conflict.mimetype) == (409, "application/json")
    assert conflict.json == {"code": 409, "status": "Conflict", "message": "Name taken."}
    invalid_body = client.post("/pets", json={})
    assert invalid_body.json == {
        "code": 422,
        "status": "Unprocessable Entity",
        "message": "The request did not pass validation.",
        "errors": {"json": {"name": ["Missing data for required field."]}},
    }
    missing = client.get("/nowhere").json
    assert (missing["code"], missing["status"]) == (404, "Not Found")


def test_the_flask_smorest_schema_documents_its_members():
    assert set(SmorestErrorSchema().fields) == {"code", "status", "message", "errors"}
    assert repr(SmorestErrorHandler()) == (
        "<SmorestErrorHandler SmorestErrorSchema as application/json>"
    )


def test_an_unknown_error_format_is_refused():
    assert type(error_handler_for("problem")) is ErrorHandler
    with pytest.raises(ConfigurationError, match="'flask-smorest'"):
        error_handler_for("xml")


# -- documented error responses are the handler's ---------------------------------------------


class OwnErrorSchema(Schema):
    message = fields.Str()


@pytest.mark.parametrize(
    "response",
    [
        pytest.param(ResponseDoc(404), id="no-schema"),
        pytest.param(ResponseDoc(404, ProblemSchema(only=("status",))), id="the-handlers-class"),
        pytest.param(ResponseDoc(404, content_type=PROBLEM_MEDIA_TYPE), id="the-handlers-type"),
        pytest.param(ResponseDoc(200, OwnErrorSchema()), id="not-an-error"),
        pytest.param(ResponseDoc(404, reference="NOT_FOUND"), id="a-component"),
    ],
)
def test_error_responses_documented_as_sent_are_accepted(response):
    ErrorHandler().check_documented(response, "pets.get")


def test_another_error_schema_is_refused_with_the_ways_out():
    with pytest.raises(SetupError) as refused:
        ErrorHandler().check_documented(ResponseDoc(409, OwnErrorSchema()), "pets.put (PUT)")

    message = str(refused.value)
    assert message.startswith(
        "pets.put (PUT) documents its 409 response with OwnErrorSchema, but errors are sent by "
        "the error handler with ProblemSchema as application/problem+json."
    )
    assert "Api(error_handler=...)" in message
    assert "API_ERROR_FORMAT='flask-smorest'" in message


def test_another_error_media_type_is_refused():
    with pytest.raises(SetupError, match="as application/json, but the error handler sends"):
        ErrorHandler().check_documented(ResponseDoc(404, content_type="application/json"), "x")
    SmorestErrorHandler().check_documented(
        ResponseDoc(404, SmorestErrorSchema(), content_type="application/json"), "x"
    )


def test_registering_a_blueprint_with_another_error_schema_fails_at_once(app, api, blp):
    @blp.route("/pets/<int:pet_id>")
    class PetById(MethodView):
        @blp.alt_response(404, schema=OwnErrorSchema)
        def get(self, pet_id):
            return {}

    with pytest.raises(SetupError, match=r"test.PetById \(GET\) documents its 404 response"):
        api.register_blueprint(blp)


@pytest.mark.parametrize(
    ("code", "name"),
    [(404, "NotFound"), (500, "InternalServerError"), (422, "UnprocessableEntity")],
)
def test_error_classes_take_werkzeugs_names(code, name):
    cls = error_class(code)

    assert cls.__name__ == name
    assert issubclass(cls, HTTPError)


def test_abort_with_a_code_http_does_not_name_raises_lookup_error_as_flask(app):
    with app.app_context(), pytest.raises(LookupError, match="no exception for 900"):
        abort(900)
    with pytest.raises(LookupError):
        abort(299)


def test_abort_falls_back_to_the_apps_aborter_for_codes_it_maps(app):
    class Custom(HTTPException):
        code = 599
        description = "custom"

    app.aborter.mapping[599] = Custom

    with app.app_context(), pytest.raises(Custom):
        abort(599)


def test_a_custom_payload_is_built_for_every_error(app):
    calls = []

    class Counting(ErrorHandler):
        def payload(self, exc):
            calls.append(exc.code)
            return super().payload(exc)

    Api(app, error_handler=Counting())
    client = app.test_client()

    client.get("/nowhere")
    client.get("/nowhere")

    assert calls == [404, 404]


def test_the_stock_handler_sends_the_same_document_for_the_same_error(app, monkeypatch):
    Api(app)
    client = app.test_client()
    first = client.get("/nowhere")
    monkeypatch.setattr(app.json, "dumps", lambda *args, **kwargs: pytest.fail("rebuilt"))

    second = client.get("/nowhere")

    assert second.data == first.data
    assert second.json["status"] == 404
