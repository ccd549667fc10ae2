"""How an app answers errors: handlers by class and code, HTTP errors, unhandled exceptions."""

import logging

import pytest
from werkzeug.exceptions import (
    BadRequest,
    BadRequestKeyError,
    HTTPException,
    InternalServerError,
    NotFound,
)

from restkit.core import (
    Response,
    abort,
    request,
)


def test_errorhandler_by_code_handles_routing_404(app, client):
    app.register_error_handler(404, lambda exc: (f"no {request.path}", 404))

    response = client.get("/nothing")

    assert (response.status_code, response.data) == (404, b"no /nothing")


def test_errorhandler_by_code_wins_over_class(app, client):
    app.register_error_handler(HTTPException, lambda exc: ("by class", 500))
    app.register_error_handler(404, lambda exc: ("by code", 404))
    app.add_url_rule("/forbidden", "forbidden", lambda: abort(403))

    assert client.get("/nothing").data == b"by code"
    assert client.get("/forbidden").data == b"by class"


class AppError(Exception):
    pass


class SpecificError(AppError):
    pass


class MoreSpecificError(SpecificError):
    pass


def test_errorhandler_follows_the_mro(app, client):
    app.register_error_handler(AppError, lambda exc: "app error")
    app.register_error_handler(SpecificError, lambda exc: "specific error")

    def raise_(exc):
        raise exc

    app.add_url_rule("/base", "base", lambda: raise_(AppError()))
    app.add_url_rule("/deep", "deep", lambda: raise_(MoreSpecificError()))

    assert client.get("/base").data == b"app error"
    assert client.get("/deep").data == b"specific error"


def test_handled_exception_is_not_passed_to_teardown(app, client):
    seen = []
    app.teardown_request(seen.append)
    app.register_error_handler(AppError, lambda exc: ("handled", 409))

    @app.get("/")
    def index():
        raise AppError

    assert client.get("/").status_code == 409
    assert seen == [None]


def test_unhandled_exception_propagates_while_testing(app, client):
    @app.get("/")
    def index():
        raise AppError("boom")

    with pytest.raises(AppError, match="boom"):
        client.get("/")


@pytest.mark.parametrize(
    ("config", "propagates"),
    [
        pytest.param({"TESTING": False}, False, id="default"),
        pytest.param({"TESTING": True}, True, id="testing"),
        pytest.param({"TESTING": False, "DEBUG": True}, True, id="debug"),
        pytest.param({"TESTING": True, "PROPAGATE_EXCEPTIONS": False}, False, id="off-in-testing"),
        pytest.param({"TESTING": False, "PROPAGATE_EXCEPTIONS": True}, True, id="on"),
    ],
)
def test_propagate_exceptions(app, client, config, propagates, caplog):
    app.config.update(config)

    @app.get("/")
    def index():
        raise AppError("boom")

    if propagates:
        with pytest.raises(AppError):
            client.get("/")
    else:
        with caplog.at_level(logging.ERROR):
            assert client.get("/").status_code == 500


def test_unhandled_exception_is_logged_and_answered_with_500(app, client, caplog):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/boom")
    def boom():
        raise AppError("kaboom")

    with caplog.at_level(logging.ERROR, logger="test_app"):
        response = client.get("/boom")

    assert response.status_code == 500
    assert b"kaboom" not in response.data
    [record] = caplog.records
    assert record.name == "test_app"
    assert record.getMessage() == "Exception on /boom [GET]"
    assert record.exc_info[0] is AppError


def test_500_handler_receives_the_original_exception(app, client, caplog):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    received = []

    @app.errorhandler(500)
    def server_error(exc):
        received.append(exc)
        return {"error": type(exc.original_exception).__name__}, 500

    @app.get("/")
    def index():
        raise AppError

    with caplog.at_level(logging.CRITICAL):
        response = client.get("/")

    assert response.json == {"error": "AppError"}
    assert isinstance(received[0], InternalServerError)
    assert isinstance(received[0].original_exception, AppError)


def test_unhandled_exception_reaches_teardown_even_with_500(app, client, caplog):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    seen = []
    app.teardown_request(seen.append)

    @app.get("/")
    def index():
        raise AppError

    with caplog.at_level(logging.CRITICAL):
        client.get("/")

    assert [type(exc) for exc in seen] == [AppError]


def test_error_in_error_handler_becomes_500(app, client, caplog):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.errorhandler(AppError)
    def broken(exc):
        raise RuntimeError("handler failed")

    @app.get("/")
    def index():
        raise AppError

    with caplog.at_level(logging.ERROR):
        response = client.get("/")

    assert response.status_code == 500
    assert caplog.records[0].exc_info[0] is RuntimeError


def test_failing_after_request_while_handling_500_still_answers(app, client, caplog):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.after_request
    def broken(response):
        raise RuntimeError("after failed")

    app.add_url_rule("/", "index", lambda: "fine")

    with caplog.at_level(logging.ERROR):
        response = client.get("/")

    assert response.status_code == 500
    messages = [record.getMessage() for record in caplog.records]
    assert messages == [
        "Exception on / [GET]",
        "Request finalizing failed with an error while handling an error",
    ]


def test_http_exception_without_code_skips_handlers(app, client):
    class NoCode(HTTPException):
        def get_response(self, environ=None, scope=None):
            return Response("bare", status=299)

    app.register_error_handler(HTTPException, lambda exc: "handled")

    @app.get("/")
    def index():
        raise NoCode

    assert client.get("/").data == b"bare"


def test_trap_http_exceptions(app, client):
    app.config["TRAP_HTTP_EXCEPTIONS"] = True
    app.add_url_rule("/", "index", lambda: abort(404))

    with pytest.raises(NotFound):
        client.get("/")


def test_trapped_http_exception_still_goes_to_its_handler(app, client):
    app.config["TRAP_HTTP_EXCEPTIONS"] = True
    app.register_error_handler(404, lambda exc: ("custom", 404))
    app.add_url_rule("/", "index", lambda: abort(404))

    assert client.get("/").data == b"custom"


def test_trapped_http_exception_is_500_when_not_propagated(app, client, caplog):
    app.config.update(TRAP_HTTP_EXCEPTIONS=True, PROPAGATE_EXCEPTIONS=False)
    app.add_url_rule("/", "index", lambda: abort(404))

    with caplog.at_level(logging.CRITICAL):
        assert client.get("/").status_code == 500


def test_missing_form_key_is_a_plain_400(app, client):
    app.add_url_rule("/", "index", lambda: request.args["missing"])

    response = client.get("/")

    assert response.status_code == 400
    assert b"missing" not in response.data


def test_missing_key_is_trapped_in_debug(app, client):
    app.debug = True
    app.add_url_rule("/", "index", lambda: request.args["missing"])

    with pytest.raises(BadRequestKeyError):
        client.get("/")


def test_missing_key_names_the_key_in_debug_when_not_trapped(app, client):
    app.config.update(DEBUG=True, TRAP_BAD_REQUEST_ERRORS=False)
    app.add_url_rule("/", "index", lambda: request.args["missing"])

    response = client.get("/")

    assert response.status_code == 400
    assert b"KeyError: &#39;missing&#39;" in response.data


def test_trap_bad_request_errors_traps_missing_keys(app, client):
    app.config["TRAP_BAD_REQUEST_ERRORS"] = True
    app.add_url_rule("/", "index", lambda: request.args["missing"])

    with pytest.raises(BadRequestKeyError):
        client.get("/")


def test_trap_bad_request_errors_traps_every_bad_request(app, client):
    app.config["TRAP_BAD_REQUEST_ERRORS"] = True
    app.add_url_rule("/", "index", lambda: abort(400))

    with pytest.raises(BadRequest):
        client.get("/")


def test_base_exception_propagates_after_teardown(app, client):
    class Stop(BaseException):
        pass

    seen = []
    app.teardown_request(seen.append)

    @app.get("/")
    def index():
        raise Stop

    with pytest.raises(Stop):
        client.get("/")
    assert [type(exc) for exc in seen] == [Stop]
