import threading

import pytest

from restkit.core import (
    App,
    after_this_request,
    copy_current_request_context,
    current_app,
    g,
    has_app_context,
    has_request_context,
    request,
    session,
    stream_with_context,
)
from restkit.core.ctx import AppGlobals
from restkit.core.globals import app_ctx_var, request_ctx_var

# -- the app context and g --------------------------------------------------------------


def test_app_context_push_and_pop(app):
    ctx = app.app_context()

    ctx.push()
    try:
        assert current_app._get_current_object() is app
        assert app_ctx_var.get() is ctx
    finally:
        ctx.pop()

    assert not has_app_context()


def test_app_context_as_a_with_block(app):
    with app.app_context() as ctx:
        assert app_ctx_var.get() is ctx
        assert repr(ctx) == "<AppContext of 'test_app'>"
    assert not has_app_context()


def test_app_context_pushed_twice_tears_down_once(app):
    teardowns = []
    app.teardown_appcontext(teardowns.append)
    ctx = app.app_context()

    with ctx:
        with ctx:
            pass
        assert teardowns == []
        assert has_app_context()

    assert teardowns == [None]


def test_app_context_teardown_gets_the_exception(app):
    teardowns = []
    app.teardown_appcontext(teardowns.append)
    error = ValueError("inside")

    with pytest.raises(ValueError, match="inside"), app.app_context():
        raise error

    assert teardowns == [error]


def test_popping_the_wrong_app_context_is_an_error(app):
    outer, inner = app.app_context(), app.app_context()
    outer.push()
    inner.push()

    with pytest.raises(AssertionError, match="Popped wrong app context"):
        outer.pop()

    # The failed pop still reset outer's token: the context before outer is back.
    assert not has_app_context()


def test_g_is_per_app_context(app):
    with app.app_context():
        g.user = "ada"
        with app.app_context():
            assert "user" not in g
        assert g.user == "ada"


def test_g_lives_for_one_request(app, client):
    @app.get("/<value>")
    def view(value):
        seen = g.get("value", "unset")
        g.value = value
        return seen

    assert client.get("/a").data == b"unset"
    assert client.get("/b").data == b"unset"


def test_g_namespace_methods():
    namespace = AppGlobals()
    namespace.a = 1

    assert namespace.get("a") == 1
    assert namespace.get("missing", "default") == "default"
    assert namespace.setdefault("b", 2) == 2
    assert namespace.setdefault("b", 3) == 2
    assert "b" in namespace
    assert list(namespace) == ["a", "b"]
    assert repr(namespace) == "<restkit.g of {'a': 1, 'b': 2}>"
    assert namespace.pop("a") == 1
    assert namespace.pop("a", "gone") == "gone"
    with pytest.raises(KeyError):
        namespace.pop("a")


def test_app_ctx_globals_class_can_be_swapped(app):
    class MyGlobals(AppGlobals):
        pass

    app.app_ctx_globals_class = MyGlobals

    with app.app_context():
        assert type(g._get_current_object()) is MyGlobals


# -- the request context ----------------------------------------------------------------


def test_request_context_pushes_an_app_context(app):
    app.add_url_rule("/items/<int:item_id>", "item")

    with app.test_request_context("/items/3?x=1") as ctx:
        assert has_request_context()
        assert has_app_context()
        assert request.args["x"] == "1"
        assert request.url_rule.rule == "/items/<int:item_id>"
        assert request.view_args == {"item_id": 3}
        assert repr(ctx) == "<RequestContext 'http://localhost/items/3?x=1' [GET] of 'test_app'>"

    assert not has_request_context()
    assert not has_app_context()


def test_request_context_reuses_the_current_app_context(app):
    with app.app_context() as app_ctx:
        g.marker = "kept"
        with app.test_request_context():
            assert app_ctx_var.get() is app_ctx
            assert g.marker == "kept"
        assert has_app_context()


def test_request_context_of_another_app_pushes_its_own_app_context(app, tmp_path):
    other = App("other", root_path=str(tmp_path))

    with app.app_context(), other.test_request_context():
        assert current_app.name == "other"


def test_request_context_stores_routing_errors(app):
    with app.test_request_context("/missing") as ctx:
        assert request.url_rule is None
        assert ctx.request.routing_exception.code == 404


def test_request_context_without_url_adapter_does_not_match(app):
    app.config["TRUSTED_HOSTS"] = ["api.test"]

    with app.test_request_context("/", base_url="http://evil.test") as ctx:
        assert ctx.url_adapter is None
        assert ctx.request.routing_exception.code == 400
        assert request.url_rule is None


def test_request_context_pushed_twice_tears_down_once(app):
    teardowns = []
    app.teardown_request(teardowns.append)
    ctx = app.test_request_context()

    with ctx:
        with ctx:
            pass
        assert teardowns == []
        assert has_request_context()

    assert teardowns == [None]


def test_popping_the_wrong_request_context_is_an_error(app):
    outer, inner = app.test_request_context(), app.test_request_context()
    outer.push()
    inner.push()

    with pytest.raises(AssertionError, match="Popped wrong request context"):
        outer.pop()


def test_session_is_opened_on_first_use(app):
    with app.test_request_context() as ctx:
        assert not ctx.session_opened
        session["a"] = 1
        assert ctx.session_opened
        assert ctx.session is ctx.session


def test_session_without_secret_key_is_the_null_session(app):
    from restkit.core.sessions import NullSession

    app.config["SECRET_KEY"] = None

    with app.test_request_context() as ctx:
        assert isinstance(ctx.session, NullSession)


# -- after_this_request -----------------------------------------------------------------


def test_after_this_request_runs_before_after_request_hooks(app, client):
    events = []

    @app.after_request
    def hook(response):
        events.append(response.headers.get("X-This"))
        return response

    @app.get("/")
    def index():
        @after_this_request
        def add_header(response):
            response.headers["X-This"] = "set"
            return response

        return "x"

    response = client.get("/")

    assert response.headers["X-This"] == "set"
    assert events == ["set"]
    assert client.get("/").headers["X-This"] == "set"


def test_after_this_request_applies_to_this_request_only(app, client):
    @app.get("/<flag>")
    def index(flag):
        if flag == "yes":
            after_this_request(lambda response: response.headers.set("X-Once", "1") or response)
        return flag

    assert client.get("/yes").headers["X-Once"] == "1"
    assert "X-Once" not in client.get("/no").headers


def test_after_this_request_outside_a_request(app):
    with app.app_context(), pytest.raises(RuntimeError, match="while a request is handled"):
        after_this_request(lambda response: response)


# -- copy_current_request_context ---------------------------------------------------------


def test_copy_current_request_context_in_a_thread(app, client):
    results = []

    @app.get("/work")
    def work():
        session["user"] = "ada"

        @copy_current_request_context
        def job(suffix):
            results.append((request.path, session["user"], current_app.name, suffix))

        thread = threading.Thread(target=job, args=("done",))
        thread.start()
        thread.join()
        return "started"

    client.get("/work")

    assert results == [("/work", "ada", "test_app", "done")]


def test_copy_current_request_context_outside_a_request():
    with pytest.raises(RuntimeError, match="while a request is handled"):
        copy_current_request_context(lambda: None)


# -- stream_with_context ----------------------------------------------------------------


def test_stream_with_context_keeps_the_request_until_the_stream_ends(app, client):
    events = []
    app.teardown_request(lambda exc: events.append("teardown request"))
    app.teardown_appcontext(lambda exc: events.append("teardown appctx"))

    @app.get("/stream")
    def stream():
        def generate():
            events.append("first chunk")
            yield f"path={request.path} "
            events.append("second chunk")
            yield f"name={request.args['name']}"

        return stream_with_context(generate())

    response = client.get("/stream?name=ada", buffered=False)

    assert "teardown request" not in events
    assert response.get_data() == b"path=/stream name=ada"
    assert events == ["first chunk", "second chunk", "teardown request", "teardown appctx"]
    assert not has_request_context()


def test_stream_with_context_tears_down_when_the_stream_is_closed_early(app, client):
    events = []
    app.teardown_request(lambda exc: events.append("teardown request"))

    class Chunks:
        def __iter__(self):
            yield "one"
            yield "two"

        def close(self):
            events.append("chunks closed")

    @app.get("/stream")
    def stream():
        return stream_with_context(Chunks())

    response = client.get("/stream", buffered=False)
    first = next(iter(response.response))
    response.close()

    assert first == b"one"
    assert events == ["chunks closed", "teardown request"]
    assert not has_request_context()


def test_stream_with_context_does_not_leak_into_the_next_request(app, client):
    @app.get("/stream")
    def stream():
        return stream_with_context(iter(["a", "b"]))

    @app.get("/plain")
    def plain():
        return request.path

    assert client.get("/stream").data == b"ab"
    assert not has_request_context()
    assert client.get("/plain").data == b"/plain"


def test_stream_with_context_as_a_decorator(app, client):
    @app.get("/stream")
    def stream():
        @stream_with_context
        def generate(greeting):
            yield f"{greeting} "
            yield request.args["name"]

        return generate("hello")

    response = client.get("/stream?name=ada")

    assert response.get_data() == b"hello ada"
    response.close()


def test_stream_with_context_outside_a_request():
    with pytest.raises(RuntimeError, match="while a request is handled"):
        stream_with_context(iter(["x"]))


def test_stream_with_context_decorator_needs_a_request_when_called(app):
    @stream_with_context
    def generate():
        yield "x"

    with pytest.raises(RuntimeError, match="while a request is handled"):
        generate()


# -- keeping the context after a test request ------------------------------------------


def test_with_client_keeps_the_last_request_context(app, client):
    @app.get("/<name>")
    def view(name):
        g.name = name
        return name

    with client:
        client.get("/ada")
        assert request.path == "/ada"
        assert g.name == "ada"

    assert request_ctx_var.get(None) is None


def test_g_can_be_replaced_on_the_app_context(app):
    with app.app_context() as ctx:
        replacement = app.app_ctx_globals_class()
        replacement.user = "ada"
        ctx.g = replacement

        assert g.user == "ada"


def test_a_url_adapter_declining_the_request_is_a_404(app, client):
    class NoAdapter(App):
        def create_url_adapter(self, request):
            return None if request is not None else super().create_url_adapter(request)

    declining = NoAdapter("declining", root_path=app.root_path)
    declining.add_url_rule("/<name>", "any", lambda name: name)

    assert declining.test_client().get("/x").status_code == 404


def test_a_stream_consumed_after_the_client_block_is_not_kept(app, client):
    @app.get("/stream")
    def stream():
        return stream_with_context(iter(["a", "b"]))

    with client:
        response = client.get("/stream", buffered=False)

    assert response.get_data() == b"ab"
    assert not has_request_context()
