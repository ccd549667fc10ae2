import pytest
from werkzeug.exceptions import Aborter, Forbidden, HTTPException, NotFound
from werkzeug.wrappers import Response as WerkzeugResponse

from restkit.core import Response, abort, make_response, redirect, url_for

# -- make_response ----------------------------------------------------------------------


def test_make_response_without_arguments_is_empty(app):
    with app.app_context():
        response = make_response()

    assert isinstance(response, app.response_class)
    assert (response.status_code, response.data) == (200, b"")


@pytest.mark.parametrize(
    ("args", "status", "body", "header"),
    [
        pytest.param(("text",), 200, b"text", None, id="body"),
        pytest.param(({"a": 1},), 200, b'{"a":1}', None, id="json"),
        pytest.param(("text", 201), 201, b"text", None, id="body-status"),
        pytest.param(("text", {"X-A": "1"}), 200, b"text", "1", id="body-headers"),
        pytest.param(("text", 202, {"X-A": "1"}), 202, b"text", "1", id="body-status-headers"),
    ],
)
def test_make_response_takes_view_return_values(app, args, status, body, header):
    with app.test_request_context():
        response = make_response(*args)

    assert (response.status_code, response.data) == (status, body)
    assert response.headers.get("X-A") == header


def test_make_response_lets_a_view_add_headers(app, client):
    @app.get("/")
    def index():
        response = make_response({"ok": True})
        response.headers["X-Extra"] = "yes"
        return response

    response = client.get("/")

    assert response.json == {"ok": True}
    assert response.headers["X-Extra"] == "yes"


def test_make_response_outside_an_app_context():
    with pytest.raises(RuntimeError, match="needs an active app context"):
        make_response("x")


# -- redirect ---------------------------------------------------------------------------


def test_redirect_in_an_app_uses_its_response_class(app):
    class MyResponse(Response):
        pass

    app.response_class = MyResponse

    with app.app_context():
        response = redirect("/elsewhere", 307)

    assert type(response) is MyResponse
    assert (response.status_code, response.location) == (307, "/elsewhere")


def test_redirect_outside_an_app_is_a_werkzeug_response():
    response = redirect("https://example.org/")

    assert type(response) is WerkzeugResponse
    assert (response.status_code, response.location) == (302, "https://example.org/")


def test_redirect_from_a_view(app, client):
    app.add_url_rule("/old", "old", lambda: redirect(url_for("new"), 301))
    app.add_url_rule("/new", "new", lambda: "new")

    response = client.get("/old")

    assert (response.status_code, response.headers["Location"]) == (301, "/new")
    assert client.get("/old", follow_redirects=True).data == b"new"


# -- abort ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "exception"),
    [pytest.param(404, NotFound, id="404"), pytest.param(403, Forbidden, id="403")],
)
def test_abort_raises_the_http_error(code, exception):
    with pytest.raises(exception):
        abort(code)


def test_abort_with_a_description(app, client):
    app.add_url_rule("/", "index", lambda: abort(404, description="No such pet"))

    response = client.get("/")

    assert response.status_code == 404
    assert b"No such pet" in response.data


def test_abort_with_a_response():
    sent = Response("teapot", status=418)

    with pytest.raises(HTTPException) as info:
        abort(sent)

    assert info.value.get_response() is sent


def test_abort_uses_the_apps_aborter(app):
    class ClientClosed(HTTPException):
        code = 499
        description = "The client closed the connection."

    app.aborter = Aborter(extra={499: ClientClosed})

    with app.app_context(), pytest.raises(ClientClosed):
        abort(499)
    with pytest.raises(LookupError):
        abort(499)


def test_aborter_class_can_be_swapped(tmp_path):
    from restkit.core import App

    class LoudAborter(Aborter):
        def __call__(self, code, *args, **kwargs):
            raise NotFound(description=f"aborted with {code}")

    class LoudApp(App):
        aborter_class = LoudAborter

    app = LoudApp("loud", root_path=str(tmp_path))

    with app.app_context(), pytest.raises(NotFound, match="aborted with 500"):
        abort(500)


# -- url_for ----------------------------------------------------------------------------


def test_url_for_passes_every_option_to_the_app(app):
    app.add_url_rule("/items/<int:item_id>", "item", methods=["GET", "PUT"])

    with app.test_request_context():
        url = url_for(
            "item", item_id=4, _anchor="top", _method="PUT", _scheme="https", _external=True
        )

    assert url == "https://localhost/items/4#top"


def test_url_for_outside_an_app_context():
    with pytest.raises(RuntimeError, match="needs an active app context"):
        url_for("index")
