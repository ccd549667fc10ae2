import pytest
from werkzeug.exceptions import HTTPException, NotFound
from werkzeug.routing import Rule

from restkit.core import Blueprint
from restkit.core.endpoints import (
    EndpointTable,
    ErrorHandlers,
    blueprint_chain,
    register_view_compiler,
    unregister_view_compiler,
)
from restkit.core.errors import SetupError


@pytest.mark.parametrize(
    ("endpoint", "chain"),
    [
        pytest.param(None, (), id="none"),
        pytest.param("index", (), id="app"),
        pytest.param("pets.list", ("pets",), id="blueprint"),
        pytest.param("v1.pets.list", ("v1.pets", "v1"), id="nested"),
    ],
)
def test_blueprint_chain_is_innermost_first(endpoint, chain):
    assert blueprint_chain(endpoint) == chain


def test_the_table_resolves_hooks_along_the_blueprint_chain(app):
    outer, inner = Blueprint("v1", __name__), Blueprint("pets", __name__)
    calls = []

    def hook(name):
        def record(*args):
            calls.append(name)
            return args[0] if args else None

        record.__name__ = name
        return record

    app.before_request(hook("app before"))
    outer.before_request(hook("v1 before"))
    inner.before_request(hook("pets before"))
    app.after_request(hook("app after"))
    outer.after_request(hook("v1 after"))
    inner.after_request(hook("pets after"))
    inner.add_url_rule("/pets", "list", lambda: "pets")
    outer.register_blueprint(inner, url_prefix="/pets-area")
    app.register_blueprint(outer)
    app.add_url_rule("/", "index", lambda: "home")
    app.finalize()

    endpoint = app.endpoint_table["v1.pets.list"]
    index = app.endpoint_table["index"]

    assert endpoint.blueprints == ("v1.pets", "v1")
    assert [f.__name__ for f in endpoint.before_request] == [
        "app before",
        "v1 before",
        "pets before",
    ]
    assert [f.__name__ for f in endpoint.after_request] == ["pets after", "v1 after", "app after"]
    assert [f.__name__ for f in index.before_request] == ["app before"]
    assert app.endpoint_table.app_scope.name is None
    assert repr(endpoint) == "<Endpoint 'v1.pets.list'>"
    assert repr(app.endpoint_table) == f"<EndpointTable of {len(app.endpoint_table)} endpoints>"


def test_error_handlers_prefer_code_then_blueprint_then_nearest_class():
    def handler(name):
        return lambda exc: name

    app_scope = {404: {NotFound: handler("app 404")}, None: {HTTPException: handler("app any")}}
    blueprint = {None: {NotFound: handler("bp class"), Exception: handler("bp exception")}}
    handlers = ErrorHandlers((blueprint, app_scope))

    assert handlers.find(NotFound())(None) == "app 404"
    assert handlers.find(KeyError())(None) == "bp exception"
    assert handlers.find(BaseException()) is None


def test_error_handlers_remember_what_they_found():
    searched = []

    class Counting(ErrorHandlers):
        def _search(self, exc_class, code):
            searched.append(exc_class)
            return super()._search(exc_class, code)

    handlers = Counting(({None: {KeyError: repr}},))

    assert handlers.find(KeyError("a")) is handlers.find(KeyError("b")) is repr
    assert handlers.find(ValueError()) is None
    assert handlers.find(ValueError()) is None
    assert searched == [KeyError, ValueError]


def test_a_rule_without_a_view_is_a_setup_error(app):
    app.url_map.add(Rule("/orphan", endpoint="orphan"))

    with pytest.raises(SetupError, match="'/orphan' points at endpoint 'orphan'"):
        EndpointTable(app)


def test_build_only_and_redirect_rules_need_no_view(app):
    app.url_map.add(Rule("/docs", endpoint="docs", build_only=True))
    app.url_map.add(Rule("/old", endpoint="old", redirect_to="/new"))

    table = EndpointTable(app)

    assert "docs" not in table.endpoints
    assert app.test_client().get("/old").status_code == 308


def test_a_plain_werkzeug_rule_serves_an_endpoint_view(app, client):
    app.url_map.add(Rule("/x", endpoint="x"))

    @app.endpoint("x")
    def x():
        return "from x"

    assert client.get("/x").data == b"from x"
    assert client.options("/x").data == b"from x"  # a rule without methods takes any


@pytest.fixture
def shouting_compiler():
    """A view compiler that takes views marked ``shout`` and upper-cases their answer."""

    def compile_view(app, endpoint, view, methods):
        if not getattr(view, "shout", False):
            return None
        return lambda ctx, view_args: view(**view_args).upper() + f" {sorted(methods)}"

    register_view_compiler(compile_view)
    register_view_compiler(compile_view)  # registering twice changes nothing
    yield compile_view
    unregister_view_compiler(compile_view)


def test_view_compilers_turn_the_views_they_know_into_handlers(app, client, shouting_compiler):
    def loud(name):
        return f"hi {name}"

    loud.shout = True
    app.add_url_rule("/loud/<name>", "loud", loud)
    app.add_url_rule("/quiet/<name>", "quiet", lambda name: f"hi {name}")

    assert client.get("/loud/ann").data == b"HI ANN ['GET', 'HEAD']"
    assert client.get("/quiet/ann").data == b"hi ann"


def test_dispatch_before_finalize_finalizes_first(app):
    app.add_url_rule("/", "index", lambda: "home")

    with app.test_request_context("/"):
        response = app.full_dispatch_request()

    assert response.data == b"home"
    assert app.finalized


def test_hooks_run_in_a_request_context_pushed_before_finalize(app):
    calls = []
    app.before_request(lambda: calls.append("before"))
    app.teardown_request(lambda exc: calls.append("teardown"))

    with app.test_request_context("/"):
        assert app.preprocess_request() is None

    assert calls == ["before", "teardown"]
    assert not app.finalized


def test_an_error_handler_can_be_registered_for_one_blueprint(app, client):
    pets = Blueprint("pets", __name__, url_prefix="/pets")

    def missing():
        raise NotFound()

    pets.add_url_rule("/missing", "missing", missing)
    app.register_blueprint(pets)
    app.add_url_rule("/missing", "missing", missing)
    app.register_error_handler(NotFound, lambda exc: ("pets only", 404), blueprint="pets")

    assert client.get("/pets/missing").data == b"pets only"
    assert client.get("/missing").data != b"pets only"
    assert client.get("/missing").status_code == 404


def test_a_plain_method_view_is_called_as_dispatch_request_would(app, client):
    from restkit.core import MethodView

    made = []

    class Pets(MethodView):
        def __init__(self, prefix):
            made.append(self)
            self.prefix = prefix

        def get(self, name):
            return f"{self.prefix} {name}"

        def post(self, name):
            return f"posted {name}"

    app.add_url_rule(
        "/pets/<name>", view_func=Pets.as_view("pets", "pet"), methods=["GET", "POST", "DELETE"]
    )
    app.config["PROPAGATE_EXCEPTIONS"] = False

    assert client.get("/pets/rex").data == b"pet rex"
    assert client.post("/pets/rex").data == b"posted rex"
    assert client.delete("/pets/rex").status_code == 500  # as dispatch_request: unimplemented
    assert len(made) == 2  # one instance per request the view answered


def test_a_method_view_with_its_own_dispatch_request_keeps_it(app, client):
    from restkit.core import MethodView

    class Shouting(MethodView):
        def dispatch_request(self, **kwargs):
            return super().dispatch_request(**kwargs).upper()

        def get(self):
            return "quiet"

    app.add_url_rule("/", view_func=Shouting.as_view("shout"))

    assert client.get("/").data == b"QUIET"
