import logging
import threading

import pytest
from werkzeug.datastructures import Headers
from werkzeug.exceptions import (
    HTTPException,
    NotFound,
)
from werkzeug.test import EnvironBuilder, run_wsgi_app
from werkzeug.wrappers import Response as WerkzeugResponse

from restkit.core import (
    App,
    Response,
    abort,
    after_this_request,
    appcontext_popped,
    appcontext_pushed,
    appcontext_tearing_down,
    got_request_exception,
    redirect,
    request,
    request_finished,
    request_started,
    request_tearing_down,
    session,
)

# -- view return values -----------------------------------------------------------------


def _generate():
    yield "chunk-1 "
    yield "chunk-2"


@pytest.mark.parametrize(
    ("rv", "status", "body", "mimetype"),
    [
        pytest.param("hello", 200, b"hello", "text/html", id="str"),
        pytest.param(b"raw", 200, b"raw", "text/html", id="bytes"),
        pytest.param(bytearray(b"raw"), 200, b"raw", "text/html", id="bytearray"),
        pytest.param({"a": 1}, 200, b'{"a":1}', "application/json", id="dict-json"),
        pytest.param([1, 2], 200, b"[1,2]", "application/json", id="list-json"),
        pytest.param(("made", 201), 201, b"made", "text/html", id="body-status"),
        pytest.param(("gone", "410 GONE"), 410, b"gone", "text/html", id="body-status-string"),
        pytest.param(({"a": 1}, 202), 202, b'{"a":1}', "application/json", id="json-status"),
    ],
)
def test_view_return_values_become_responses(app, client, rv, status, body, mimetype):
    app.add_url_rule("/", "index", lambda: rv)

    response = client.get("/")

    assert response.status_code == status
    assert response.data == body
    assert response.mimetype == mimetype


def test_generator_is_streamed(app, client):
    app.add_url_rule("/", "index", _generate)

    response = client.get("/")

    assert response.is_streamed
    assert response.data == b"chunk-1 chunk-2"


def test_json_response_carries_nosniff(app, client):
    app.add_url_rule("/", "index", lambda: {"ok": True})

    assert client.get("/").headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param({"X-Extra": "1"}, id="dict"),
        pytest.param([("X-Extra", "1")], id="list"),
        pytest.param(Headers({"X-Extra": "1"}), id="headers"),
    ],
)
def test_body_headers_tuple(app, client, headers):
    app.add_url_rule("/", "index", lambda: ("body", headers))

    response = client.get("/")

    assert response.status_code == 200
    assert response.headers["X-Extra"] == "1"
    assert response.data == b"body"


def test_body_status_headers_tuple(app, client):
    app.add_url_rule("/", "index", lambda: ("body", 418, {"X-Extra": "1"}))

    response = client.get("/")

    assert response.status_code == 418
    assert response.headers["X-Extra"] == "1"


def test_response_object_is_passed_through(app, client):
    made = Response("custom", status=203, headers={"X-Own": "yes"})
    app.add_url_rule("/", "index", lambda: made)

    response = client.get("/")

    assert response.status_code == 203
    assert response.headers["X-Own"] == "yes"


def test_tuple_status_overrides_response_object(app, client):
    app.add_url_rule("/", "index", lambda: (Response("x"), 202, {"X-Added": "1"}))

    response = client.get("/")

    assert response.status_code == 202
    assert response.headers["X-Added"] == "1"


def test_other_response_class_and_wsgi_apps_are_converted(app, client):
    def wsgi_app(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"from wsgi ", environ["PATH_INFO"].encode()]

    app.add_url_rule("/plain", "plain", lambda: WerkzeugResponse("plain werkzeug", status=201))
    app.add_url_rule("/wsgi", "wsgi", lambda: wsgi_app)

    plain = client.get("/plain")
    wsgi = client.get("/wsgi")

    assert plain.status_code == 201
    assert plain.data == b"plain werkzeug"
    assert wsgi.data == b"from wsgi /wsgi"
    assert wsgi.mimetype == "text/plain"


def test_returned_http_exception_is_rendered(app, client):
    app.add_url_rule("/", "index", lambda: NotFound())

    assert client.get("/").status_code == 404


@pytest.mark.parametrize(
    ("rv", "message"),
    [
        pytest.param(None, "returned None", id="none"),
        pytest.param((None, 200), "returned None", id="none-in-tuple"),
        pytest.param(("a", 200, {}, "extra"), "tuple of the wrong size", id="long-tuple"),
        pytest.param(("a",), "tuple of the wrong size", id="short-tuple"),
        pytest.param(42, "returned a int", id="int"),
        pytest.param(3.5, "returned a float", id="float"),
    ],
)
def test_bad_return_values_raise_clear_type_errors(app, client, rv, message):
    app.add_url_rule("/", "index", lambda: rv)

    with pytest.raises(TypeError, match=message):
        client.get("/")


def test_make_response_method_builds_responses_in_a_request(app):
    with app.test_request_context():
        response = app.make_response(("text", 201, {"X-A": "b"}))

    assert isinstance(response, app.response_class)
    assert (response.status_code, response.headers["X-A"]) == (201, "b")


# -- routing behaviour ------------------------------------------------------------------


def test_unknown_url_is_404(app, client):
    app.add_url_rule("/", "index", lambda: "x")

    assert client.get("/missing").status_code == 404


def test_head_is_answered_by_get(app, client):
    calls = []

    @app.get("/")
    def index():
        calls.append(request.method)
        return "content"

    response = client.head("/")

    assert response.status_code == 200
    assert response.data == b""
    assert response.headers["Content-Length"] == "7"
    assert calls == ["HEAD"]


def test_automatic_options_lists_allowed_methods(app, client):
    calls = []

    @app.route("/items", methods=["GET", "POST"])
    def items():
        calls.append(request.method)
        return "x"

    response = client.options("/items")

    assert response.status_code == 200
    assert response.data == b""
    assert set(response.allow) == {"GET", "HEAD", "POST", "OPTIONS"}
    assert calls == []


def test_automatic_options_can_be_turned_off(app, client):
    app.add_url_rule("/", "index", lambda: "x", provide_automatic_options=False)

    assert client.options("/").status_code == 405


def test_view_declaring_options_handles_them(app, client):
    @app.route("/", methods=["GET", "OPTIONS"])
    def index():
        return f"view saw {request.method}"

    assert client.options("/").data == b"view saw OPTIONS"


def test_405_carries_the_full_allow_header(app, client):
    app.add_url_rule("/items", "list", lambda: "list", methods=["GET"])
    app.add_url_rule("/items", "create", lambda: "create", methods=["POST"])

    response = client.put("/items")

    assert response.status_code == 405
    assert set(response.allow) == {"GET", "HEAD", "OPTIONS", "POST"}
    assert client.post("/items").data == b"create"


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_trailing_slash_redirect_is_308(app, client, method):
    app.add_url_rule("/folder/", "folder", lambda: "folder", methods=["GET", "POST"])

    response = client.open("/folder", method=method)

    assert response.status_code == 308
    assert response.headers["Location"].endswith("/folder/")
    assert client.open("/folder", method=method, follow_redirects=True).data == b"folder"


def test_trailing_slash_redirect_is_not_an_error_for_handlers(app, client):
    app.add_url_rule("/folder/", "folder", lambda: "folder")
    app.register_error_handler(HTTPException, lambda exc: ("handled", 500))

    assert client.get("/folder").status_code == 308


def test_app_is_a_wsgi_callable_and_wsgi_app_can_be_wrapped(app):
    app.add_url_rule("/", "index", lambda: "inner")
    inner = app.wsgi_app

    def middleware(environ, start_response):
        environ["PATH_INFO"] = "/"
        return inner(environ, start_response)

    app.wsgi_app = middleware
    environ = EnvironBuilder("/elsewhere").get_environ()
    body, status, _ = run_wsgi_app(app, environ, buffered=True)

    assert status == "200 OK"
    assert b"".join(body) == b"inner"


# -- hooks ------------------------------------------------------------------------------


def test_hooks_run_in_order_around_the_view(app, client):
    events = []

    @app.url_value_preprocessor
    def preprocess(endpoint, values):
        events.append(("preprocess", endpoint, dict(values)))

    @app.before_request
    def first():
        events.append("before-1")

    @app.before_request
    def second():
        events.append("before-2")

    @app.after_request
    def after_1(response):
        events.append("after-1")
        return response

    @app.after_request
    def after_2(response):
        events.append("after-2")
        return response

    @app.get("/<name>")
    def view(name):
        events.append("view")
        return name

    client.get("/x")

    assert events == [
        ("preprocess", "view", {"name": "x"}),
        "before-1",
        "before-2",
        "view",
        "after-2",
        "after-1",
    ]


def test_before_request_return_value_ends_the_request(app, client):
    events = []
    app.before_request(lambda: ("stopped early", 403))
    app.before_request(lambda: events.append("never"))

    @app.after_request
    def after(response):
        response.headers["X-After"] = "ran"
        return response

    @app.get("/")
    def index():
        events.append("view")
        return "view"

    response = client.get("/")

    assert (response.status_code, response.data) == (403, b"stopped early")
    assert response.headers["X-After"] == "ran"
    assert events == []


def test_after_request_can_replace_the_response(app, client):
    app.add_url_rule("/", "index", lambda: "original")
    app.after_request(lambda response: Response("replaced"))

    assert client.get("/").data == b"replaced"


def test_url_value_preprocessor_can_consume_view_args(app, client):
    @app.url_value_preprocessor
    def pull_lang(endpoint, values):
        request.environ["lang"] = values.pop("lang")

    @app.get("/<lang>/page")
    def page():
        return request.environ["lang"]

    assert client.get("/fr/page").data == b"fr"


# -- teardown ---------------------------------------------------------------------------


def test_teardown_functions_run_last_registered_first(app, client):
    events = []
    app.teardown_request(lambda exc: events.append("request-1"))
    app.teardown_request(lambda exc: events.append("request-2"))
    app.teardown_appcontext(lambda exc: events.append("appctx-1"))
    app.teardown_appcontext(lambda exc: events.append("appctx-2"))
    app.add_url_rule("/", "index", lambda: "x")

    client.get("/")

    assert events == ["request-2", "request-1", "appctx-2", "appctx-1"]


def test_failing_teardown_does_not_stop_the_others(app, client, caplog):
    events = []

    def failing(name):
        def teardown(exc):
            events.append(name)
            raise RuntimeError(name)

        return teardown

    app.teardown_request(lambda exc: events.append("first-registered"))
    app.teardown_request(failing("second"))
    app.teardown_request(failing("third"))
    app.teardown_appcontext(lambda exc: events.append("appctx"))
    app.add_url_rule("/", "index", lambda: "x")

    with caplog.at_level(logging.ERROR), pytest.raises(RuntimeError, match="third"):
        client.get("/")

    assert events == ["third", "second", "first-registered", "appctx"]
    [record] = caplog.records
    assert record.getMessage() == "A teardown function failed"
    assert str(record.exc_info[1]) == "second"


def test_failing_appcontext_teardown_does_not_stop_the_others(app):
    events = []

    @app.teardown_appcontext
    def last(exc):
        events.append("last")

    @app.teardown_appcontext
    def failing(exc):
        raise RuntimeError("appctx teardown")

    with pytest.raises(RuntimeError, match="appctx teardown"), app.app_context():
        pass

    assert events == ["last"]


# -- signals ----------------------------------------------------------------------------


class SignalledError(Exception):
    pass


def test_request_signals_are_sent_in_order(app, client):
    events = []

    def record(name):
        def receiver(sender, **kwargs):
            assert sender is app
            events.append((name, sorted(kwargs)))

        return receiver

    receivers = {
        appcontext_pushed: record("appcontext_pushed"),
        request_started: record("request_started"),
        request_finished: record("request_finished"),
        request_tearing_down: record("request_tearing_down"),
        appcontext_tearing_down: record("appcontext_tearing_down"),
        appcontext_popped: record("appcontext_popped"),
    }
    app.add_url_rule("/", "index", lambda: "x")
    for signal, receiver in receivers.items():
        signal.connect(receiver, app)
    try:
        client.get("/")
    finally:
        for signal, receiver in receivers.items():
            signal.disconnect(receiver, app)

    assert events == [
        ("appcontext_pushed", []),
        ("request_started", []),
        ("request_finished", ["response"]),
        ("request_tearing_down", ["exc"]),
        ("appcontext_tearing_down", ["exc"]),
        ("appcontext_popped", []),
    ]


def test_request_finished_carries_the_response(app, client):
    finished = []
    app.add_url_rule("/", "index", lambda: "sent")

    with request_finished.connected_to(lambda sender, response: finished.append(response), app):
        client.get("/")

    assert [response.data for response in finished] == [b"sent"]


def test_got_request_exception_signal(app, client, caplog):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    received = []

    @app.get("/")
    def index():
        raise SignalledError("signal me")

    def receiver(sender, exception):
        received.append(exception)

    with (
        got_request_exception.connected_to(receiver, app),
        caplog.at_level(logging.CRITICAL),
    ):
        client.get("/")

    assert [str(exc) for exc in received] == ["signal me"]


def test_teardown_signals_carry_the_exception(app, client, caplog):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    request_excs, appctx_excs = [], []

    @app.get("/")
    def index():
        raise SignalledError

    with (
        request_tearing_down.connected_to(lambda s, exc: request_excs.append(exc), app),
        appcontext_tearing_down.connected_to(lambda s, exc: appctx_excs.append(exc), app),
        caplog.at_level(logging.CRITICAL),
    ):
        client.get("/")

    assert [type(exc) for exc in request_excs] == [SignalledError]
    assert [type(exc) for exc in appctx_excs] == [SignalledError]


# -- sessions through a real app ------------------------------------------------------


def _session_app(app):
    @app.post("/login/<name>")
    def login(name):
        session["user"] = name
        return "ok"

    @app.get("/whoami")
    def whoami():
        return session.get("user", "anonymous")

    @app.get("/public")
    def public():
        return "public"

    return app


def test_session_survives_between_requests(app, client):
    _session_app(app)

    login = client.post("/login/ada")
    cookie = login.headers["Set-Cookie"]

    assert client.get("/whoami").data == b"ada"
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie


def test_session_access_sets_vary_cookie(app, client):
    _session_app(app)

    read = client.get("/whoami")
    untouched = client.get("/public")

    assert read.data == b"anonymous"
    assert "Cookie" in read.vary
    assert "Set-Cookie" not in read.headers
    assert "Cookie" not in untouched.vary


def test_tampered_session_cookie_is_an_empty_session(app, client):
    _session_app(app)
    client.post("/login/ada")
    cookie = client.get_cookie("session")
    client.set_cookie("session", cookie.value[:-2] + "xx")

    response = client.get("/whoami")

    assert (response.status_code, response.data) == (200, b"anonymous")


def test_secret_key_rotation_keeps_old_cookies_valid(tmp_path):
    old = _session_app(App("old", root_path=str(tmp_path)))
    old.config["SECRET_KEY"] = "old key"
    old_client = old.test_client()
    old_client.post("/login/ada")
    old_cookie = old_client.get_cookie("session").value

    rotated = _session_app(App("rotated", root_path=str(tmp_path)))
    rotated.config.update(SECRET_KEY="new key", SECRET_KEY_FALLBACKS=["old key"])
    client = rotated.test_client()
    client.set_cookie("session", old_cookie)

    assert client.get("/whoami").data == b"ada"

    client.post("/login/grace")
    new_cookie = client.get_cookie("session").value
    only_new = _session_app(App("only_new", root_path=str(tmp_path)))
    only_new.config["SECRET_KEY"] = "new key"
    new_client = only_new.test_client()
    new_client.set_cookie("session", new_cookie)
    stale_client = only_new.test_client()
    stale_client.set_cookie("session", old_cookie)

    assert new_client.get("/whoami").data == b"grace"
    assert stale_client.get("/whoami").data == b"anonymous"


def test_without_secret_key_the_session_is_read_only_and_empty(app, client):
    app.config["SECRET_KEY"] = None
    _session_app(app)

    read = client.get("/whoami")

    assert read.data == b"anonymous"
    assert "Set-Cookie" not in read.headers
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        client.post("/login/ada")


# -- contexts and test helpers made by the app ----------------------------------------


def test_test_client_and_runner_classes_can_be_swapped(app):
    from restkit.core.testing import RestkitCliRunner, TestClient

    class MyClient(TestClient):
        pass

    class MyRunner(RestkitCliRunner):
        pass

    app.test_client_class = MyClient
    app.test_cli_runner_class = MyRunner

    assert type(app.test_client()) is MyClient
    assert type(app.test_cli_runner()) is MyRunner
    assert app.test_cli_runner().app is app


def test_request_context_applies_the_resolved_limits(app):
    app.config.update(MAX_CONTENT_LENGTH=10, MAX_FORM_MEMORY_SIZE=20, MAX_FORM_PARTS=3)

    with app.test_request_context() as ctx:
        assert ctx.request.max_content_length == 10
        assert ctx.request.max_form_memory_size == 20
        assert ctx.request.max_form_parts == 3
        assert ctx.request.json_module is app.json


def test_concurrent_first_requests_finalize_once(app):
    started = threading.Event()
    calls = []

    @app.before_serving
    def slow_setup():
        calls.append("setup")
        started.set()
        threading.Event().wait(0.05)

    first = threading.Thread(target=app.finalize)
    first.start()
    started.wait()
    app.finalize()
    first.join()

    assert calls == ["setup"]
    assert app.finalized


# -- the overridable methods need a request ---------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda app: app.preprocess_request(), id="preprocess_request"),
        pytest.param(lambda app: app.dispatch_request(), id="dispatch_request"),
        pytest.param(lambda app: app.process_response(Response()), id="process_response"),
        pytest.param(lambda app: app.do_teardown_request(None), id="do_teardown_request"),
    ],
)
def test_dispatch_methods_outside_a_request_say_what_they_need(app, call):
    with pytest.raises(RuntimeError, match=r"\(\) needs an active request context"):
        call(app)


def test_handle_exception_called_directly_reraises_the_exception_when_propagating(app):
    error = KeyError("direct")

    with app.test_request_context(), pytest.raises(KeyError, match="direct"):
        app.handle_exception(error)


def test_a_view_returning_none_is_named_in_the_error(app, client):
    @app.route("/forgot")
    def forgot_to_return():
        pass

    with pytest.raises(TypeError, match="'forgot_to_return' returned None"):
        client.get("/forgot")


# -- overriding the dispatch methods with Flask's signatures -----------------------------


class Recording(App):
    """An app overriding every dispatch method as a Flask user would, recording the calls."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.calls = []

    def full_dispatch_request(self):
        self.calls.append("full_dispatch_request")
        return super().full_dispatch_request()

    def preprocess_request(self):
        self.calls.append("preprocess_request")
        return super().preprocess_request()

    def dispatch_request(self):
        self.calls.append("dispatch_request")
        return super().dispatch_request()

    def finalize_request(self, rv, from_error_handler=False):
        self.calls.append("finalize_request")
        return super().finalize_request(rv, from_error_handler)

    def make_response(self, rv):
        self.calls.append("make_response")
        return super().make_response(rv)

    def process_response(self, response):
        self.calls.append("process_response")
        return super().process_response(response)

    def handle_user_exception(self, e):
        self.calls.append(f"handle_user_exception {type(e).__name__}")
        return super().handle_user_exception(e)

    def handle_http_exception(self, e):
        self.calls.append(f"handle_http_exception {e.code}")
        return super().handle_http_exception(e)

    def handle_exception(self, e):
        self.calls.append(f"handle_exception {type(e).__name__}")
        return super().handle_exception(e)

    def log_exception(self, exc_info):
        self.calls.append(f"log_exception {exc_info[0].__name__}")

    def do_teardown_request(self, exc=None):
        self.calls.append("do_teardown_request")
        super().do_teardown_request(exc)

    def do_teardown_appcontext(self, exc=None):
        self.calls.append("do_teardown_appcontext")
        super().do_teardown_appcontext(exc)

    def create_url_adapter(self, request):
        self.calls.append("create_url_adapter")
        return super().create_url_adapter(request)

    def redirect(self, location, code=302):
        self.calls.append(f"redirect {location}")
        return super().redirect(location, 303)


@pytest.fixture
def recording(tmp_path):
    app = Recording("recording", root_path=str(tmp_path))

    @app.route("/ok")
    def ok():
        return "ok"

    @app.route("/missing/<name>")
    def missing(name):
        abort(404)

    @app.route("/broken")
    def broken():
        raise KeyError("broken")

    @app.route("/away")
    def away():
        return redirect("/ok")

    return app


def test_overridden_dispatch_methods_are_called_with_flasks_arguments(recording):
    client = recording.test_client()

    assert client.get("/ok").data == b"ok"
    assert recording.calls == [
        "full_dispatch_request",
        "preprocess_request",
        "dispatch_request",
        "finalize_request",
        "make_response",
        "process_response",
        "do_teardown_request",
        "do_teardown_appcontext",
    ]


def test_overridden_error_methods_are_called_with_flasks_arguments(recording):
    client = recording.test_client()

    recording.calls.clear()
    assert client.get("/missing/x").status_code == 404
    assert "handle_user_exception NotFound" in recording.calls
    assert "handle_http_exception 404" in recording.calls
    assert "create_url_adapter" in recording.calls  # matching a URL with converters

    recording.calls.clear()
    assert client.get("/broken").status_code == 500
    assert recording.calls[2:6] == [
        "dispatch_request",
        "handle_user_exception KeyError",
        "handle_exception KeyError",
        "log_exception KeyError",
    ]


def test_restkit_redirect_goes_through_the_apps_redirect(recording):
    response = recording.test_client().get("/away")

    assert (response.status_code, response.location) == (303, "/ok")
    assert "redirect /ok" in recording.calls


# -- the lean path for hook-free endpoints answers as the generic one ---------------------


class Generic(App):
    """An app whose every request takes the generic dispatch chain."""

    def full_dispatch_request(self):
        return super().full_dispatch_request()


def build_lean_or_generic(app_class, root):
    app = app_class("lean", root_path=root)
    app.config.update(SECRET_KEY="k")

    @app.route("/json")
    def json_view():
        return {"a": 1}, 201, {"X-A": "1"}

    @app.route("/later")
    def later():
        after_this_request(lambda response: (response.headers.add("X-Later", "1"), response)[1])
        return "later"

    @app.route("/session")
    def with_session():
        session["n"] = 1
        return "set"

    @app.route("/fails")
    def fails():
        raise KeyError("x")

    @app.route("/missing")
    def missing():
        abort(404)

    app.register_error_handler(KeyError, lambda exc: ("handled", 409))
    return app


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/json", 201),
        ("GET", "/later", 200),
        ("GET", "/session", 200),
        ("GET", "/fails", 409),
        ("GET", "/missing", 404),
        ("GET", "/nowhere", 404),
        ("POST", "/json", 405),
        ("OPTIONS", "/json", 200),
        ("HEAD", "/json", 201),
    ],
)
def test_the_lean_path_answers_as_the_generic_chain(tmp_path, method, path, status):
    lean = build_lean_or_generic(App, str(tmp_path))
    generic = build_lean_or_generic(Generic, str(tmp_path))

    answers = []
    for app in (lean, generic):
        response = app.test_client().open(path, method=method)
        answers.append((response.status, sorted(response.headers.items()), response.data))

    assert (App.dispatches_leanly, Generic.dispatches_leanly) == (True, False)
    assert answers[0] == answers[1]
    assert answers[0][0].startswith(str(status))
