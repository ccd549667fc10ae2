import pytest
from werkzeug.exceptions import NotFound

from restkit.core import App, Blueprint, SetupError, abort, request, url_for


def _echo():
    return f"{request.endpoint} {request.view_args}"


# -- URLs and names ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "rule", "url"),
    [
        pytest.param("/api", "/items", "/api/items", id="plain"),
        pytest.param("/api/", "/items", "/api/items", id="prefix-slash"),
        pytest.param("/api", "items", "/api/items", id="rule-without-slash"),
        pytest.param("/api", "/", "/api/", id="root-rule"),
        pytest.param("/api", "", "/api", id="empty-rule"),
        pytest.param(None, "/items", "/items", id="no-prefix"),
    ],
)
def test_url_prefix(app, client, prefix, rule, url):
    blueprint = Blueprint("bp", __name__, url_prefix=prefix)
    blueprint.add_url_rule(rule, "view", _echo)
    app.register_blueprint(blueprint)

    assert client.get(url).data == b"bp.view {}"


def test_registration_options_override_the_blueprint(app, client):
    blueprint = Blueprint("bp", __name__, url_prefix="/old")
    blueprint.add_url_rule("/items", view_func=_echo)
    app.register_blueprint(blueprint, url_prefix="/new")

    assert client.get("/new/items").data == b"bp._echo {}"
    assert client.get("/old/items").status_code == 404


def test_route_decorator_on_a_blueprint(app, client):
    blueprint = Blueprint("pets", __name__, url_prefix="/pets")

    @blueprint.get("/<int:pet_id>")
    def pet(pet_id):
        return {"id": pet_id, "endpoint": request.endpoint}

    app.register_blueprint(blueprint)

    assert client.get("/pets/7").json == {"id": 7, "endpoint": "pets.pet"}
    with app.test_request_context():
        assert url_for("pets.pet", pet_id=7) == "/pets/7"


def test_url_defaults_of_the_blueprint_and_the_registration(app, client):
    blueprint = Blueprint("bp", __name__, url_defaults={"lang": "en", "size": 10})
    blueprint.add_url_rule(
        "/page", "page", lambda lang, size, extra: f"{lang} {size} {extra}", defaults={"extra": "x"}
    )
    app.register_blueprint(blueprint, url_defaults={"size": 20})

    assert client.get("/page").data == b"en 20 x"


def test_subdomain(tmp_path):
    app = App("x", root_path=str(tmp_path), subdomain_matching=True)
    app.config.update(TESTING=True, SERVER_NAME="api.test")
    blueprint = Blueprint("admin", __name__, subdomain="admin")
    blueprint.add_url_rule("/", "home", lambda: "admin home")
    app.add_url_rule("/", "home", lambda: "main home")
    app.register_blueprint(blueprint)
    client = app.test_client()

    assert client.get("/", subdomain="admin").data == b"admin home"
    assert client.get("/").data == b"main home"
    with app.app_context():
        assert url_for("admin.home") == "http://admin.api.test/"


def test_nested_subdomains_combine(tmp_path):
    app = App("x", root_path=str(tmp_path), subdomain_matching=True)
    app.config.update(TESTING=True, SERVER_NAME="api.test")
    parent = Blueprint("parent", __name__, subdomain="eu")
    child = Blueprint("child", __name__, subdomain="shop")
    plain = Blueprint("plain", __name__, url_prefix="/plain")
    child.add_url_rule("/", "home", lambda: "shop in eu")
    plain.add_url_rule("/", "home", lambda: "plain in eu")
    parent.register_blueprint(child)
    parent.register_blueprint(plain)
    app.register_blueprint(parent)
    client = app.test_client()

    assert client.get("/", subdomain="shop.eu").data == b"shop in eu"
    assert client.get("/plain/", subdomain="eu").data == b"plain in eu"


def test_nested_blueprints(app, client):
    parent = Blueprint("parent", __name__, url_prefix="/parent")
    child = Blueprint("child", __name__, url_prefix="/child")
    grandchild = Blueprint("grandchild", __name__)
    grandchild.add_url_rule("/gc", "view", lambda: f"{request.blueprint} {request.blueprints}")
    child.add_url_rule("/", "view", _echo)
    child.register_blueprint(grandchild, url_prefix="/grand")
    parent.register_blueprint(child)
    app.register_blueprint(parent)

    assert client.get("/parent/child/").data == b"parent.child.view {}"
    assert client.get("/parent/child/grand/gc").data == (
        b"parent.child.grandchild ['parent.child.grandchild', 'parent.child', 'parent']"
    )
    assert list(app.blueprints) == ["parent", "parent.child", "parent.child.grandchild"]


def test_nested_blueprint_under_a_parent_without_prefix(app, client):
    parent = Blueprint("parent", __name__)
    child = Blueprint("child", __name__, url_prefix="/child")
    child.add_url_rule("/x", "x", _echo)
    parent.register_blueprint(child)
    app.register_blueprint(parent)

    assert client.get("/child/x").data == b"parent.child.x {}"


def test_nested_blueprint_without_prefix_takes_the_parents(app, client):
    parent = Blueprint("parent", __name__, url_prefix="/parent")
    child = Blueprint("child", __name__)
    child.add_url_rule("/x", "x", _echo)
    parent.register_blueprint(child)
    app.register_blueprint(parent)

    assert client.get("/parent/x").data == b"parent.child.x {}"


def test_nested_registration_with_prefix_none_keeps_the_childs(app, client):
    # As in Flask: url_prefix=None at registration means "not given".
    parent = Blueprint("parent", __name__, url_prefix="/parent")
    child = Blueprint("child", __name__, url_prefix="/child")
    child.add_url_rule("/x", "x", _echo)
    parent.register_blueprint(child, url_prefix=None)
    app.register_blueprint(parent, url_prefix=None)

    assert client.get("/parent/child/x").data == b"parent.child.x {}"
    assert client.get("/parent/x").status_code == 404


def test_nested_registration_with_subdomain_none_keeps_the_childs(tmp_path):
    app = App("x", root_path=str(tmp_path), subdomain_matching=True)
    app.config.update(TESTING=True, SERVER_NAME="api.test")
    parent = Blueprint("parent", __name__, subdomain="eu")
    child = Blueprint("child", __name__, subdomain="shop")
    child.add_url_rule("/", "home", lambda: "shop in eu")
    parent.register_blueprint(child, subdomain=None)
    app.register_blueprint(parent, subdomain=None)
    client = app.test_client()

    assert client.get("/", subdomain="shop.eu").data == b"shop in eu"
    assert client.get("/", subdomain="eu").status_code == 404


def test_nested_registration_subdomain_wins_over_the_childs(tmp_path):
    app = App("x", root_path=str(tmp_path), subdomain_matching=True)
    app.config.update(TESTING=True, SERVER_NAME="api.test")
    parent = Blueprint("parent", __name__, subdomain="eu")
    child = Blueprint("child", __name__, subdomain="shop")
    child.add_url_rule("/", "home", lambda: "store in eu")
    parent.register_blueprint(child, subdomain="store")
    app.register_blueprint(parent)
    client = app.test_client()

    assert client.get("/", subdomain="store.eu").data == b"store in eu"
    assert client.get("/", subdomain="shop.eu").status_code == 404


def test_blueprint_registered_twice_under_different_names(app, client):
    blueprint = Blueprint("shop", __name__)
    blueprint.add_url_rule("/", "home", lambda: request.blueprint)
    app.register_blueprint(blueprint, url_prefix="/eu")
    app.register_blueprint(blueprint, url_prefix="/us", name="shop_us")

    assert client.get("/eu/").data == b"shop"
    assert client.get("/us/").data == b"shop_us"
    with app.test_request_context():
        assert url_for("shop.home") == "/eu/"
        assert url_for("shop_us.home") == "/us/"


def test_nested_blueprint_registered_twice(app, client):
    parent = Blueprint("parent", __name__)
    child = Blueprint("child", __name__)
    child.add_url_rule("/", "home", lambda: request.blueprint)
    parent.register_blueprint(child, url_prefix="/a")
    parent.register_blueprint(child, url_prefix="/b", name="other")
    app.register_blueprint(parent)

    assert client.get("/a/").data == b"parent.child"
    assert client.get("/b/").data == b"parent.other"


@pytest.mark.parametrize(
    ("second", "message"),
    [
        pytest.param("same", "already registered for this blueprint", id="same-blueprint"),
        pytest.param("other", "already registered for another blueprint", id="other-blueprint"),
    ],
)
def test_registering_a_name_twice_is_refused(app, second, message):
    first = Blueprint("shop", __name__)
    app.register_blueprint(first)
    again = first if second == "same" else Blueprint("shop", __name__)

    with pytest.raises(ValueError, match=rf"{message}\. Pass a unique name="):
        app.register_blueprint(again)


# -- bad setup --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "message"),
    [
        pytest.param("", "non-empty name", id="empty"),
        pytest.param("a.b", "may not contain a dot", id="dotted"),
    ],
)
def test_bad_blueprint_names(name, message):
    with pytest.raises(ValueError, match=message):
        Blueprint(name, __name__)


def test_dotted_registration_name_is_refused(app):
    with pytest.raises(ValueError, match="may not contain a dot"):
        app.register_blueprint(Blueprint("bp", __name__), name="a.b")


def test_dotted_endpoint_is_refused():
    blueprint = Blueprint("bp", __name__)

    with pytest.raises(ValueError, match=r"Endpoint 'a\.b' may not contain a dot"):
        blueprint.add_url_rule("/", "a.b", _echo)


def test_dotted_view_function_name_is_refused():
    blueprint = Blueprint("bp", __name__)

    def view():
        return ""

    view.__name__ = "dotted.name"

    with pytest.raises(ValueError, match=r"View function name 'dotted\.name'"):
        blueprint.add_url_rule("/", view_func=view)


def test_blueprint_cannot_nest_itself():
    blueprint = Blueprint("bp", __name__)

    with pytest.raises(ValueError, match="on itself"):
        blueprint.register_blueprint(blueprint)


@pytest.mark.parametrize(
    "setup",
    [
        pytest.param(lambda bp: bp.add_url_rule("/late", "late", _echo), id="add_url_rule"),
        pytest.param(lambda bp: bp.before_request(lambda: None), id="before_request"),
        pytest.param(lambda bp: bp.before_app_request(lambda: None), id="before_app_request"),
        pytest.param(lambda bp: bp.errorhandler(404)(lambda e: ""), id="errorhandler"),
        pytest.param(lambda bp: bp.app_errorhandler(404)(lambda e: ""), id="app_errorhandler"),
        pytest.param(lambda bp: bp.record(lambda state: None), id="record"),
        pytest.param(
            lambda bp: bp.register_blueprint(Blueprint("child", __name__)),
            id="register_blueprint",
        ),
    ],
)
def test_setup_after_registration_is_refused(app, setup):
    blueprint = Blueprint("bp", __name__)
    app.register_blueprint(blueprint)

    with pytest.raises(SetupError, match=r"on blueprint 'bp' after it was registered"):
        setup(blueprint)


def test_app_errorhandler_checks_its_key_at_once():
    with pytest.raises(ValueError, match="999"):
        Blueprint("bp", __name__).app_errorhandler(999)(lambda exc: "")


# -- hooks ------------------------------------------------------------------------------


def test_blueprint_hooks_run_only_for_its_endpoints(app, client):
    events = []
    blueprint = Blueprint("bp", __name__, url_prefix="/bp")
    blueprint.before_request(lambda: events.append("bp before"))
    blueprint.after_request(lambda response: events.append("bp after") or response)
    blueprint.teardown_request(lambda exc: events.append("bp teardown"))
    blueprint.url_value_preprocessor(lambda endpoint, values: events.append("bp preprocess"))
    blueprint.add_url_rule("/", "view", lambda: events.append("bp view") or "bp")
    app.add_url_rule("/", "view", lambda: events.append("app view") or "app")
    app.register_blueprint(blueprint)

    client.get("/")
    assert events == ["app view"]
    events.clear()

    client.get("/bp/")
    assert events == ["bp preprocess", "bp before", "bp view", "bp after", "bp teardown"]


def test_hooks_run_app_first_then_outer_to_inner_and_back(app, client):
    events = []
    parent, child = Blueprint("parent", __name__), Blueprint("child", __name__)
    for scope, name in ((app, "app"), (parent, "parent"), (child, "child")):
        scope.url_value_preprocessor(lambda e, v, name=name: events.append(f"{name} preprocess"))
        scope.before_request(lambda name=name: events.append(f"{name} before"))
        scope.after_request(lambda r, name=name: events.append(f"{name} after") or r)
        scope.teardown_request(lambda exc, name=name: events.append(f"{name} teardown"))
    child.add_url_rule("/", "view", lambda: "x")
    parent.register_blueprint(child)
    app.register_blueprint(parent)

    client.get("/")

    assert events == [
        "app preprocess",
        "parent preprocess",
        "child preprocess",
        "app before",
        "parent before",
        "child before",
        "child after",
        "parent after",
        "app after",
        "child teardown",
        "parent teardown",
        "app teardown",
    ]


def test_app_wide_hooks_from_a_blueprint(app, client):
    events = []
    blueprint = Blueprint("bp", __name__)

    @blueprint.before_app_request
    def before():
        events.append("before")

    @blueprint.after_app_request
    def after(response):
        events.append("after")
        return response

    @blueprint.teardown_app_request
    def teardown(exc):
        events.append("teardown")

    @blueprint.app_url_value_preprocessor
    def preprocess(endpoint, values):
        events.append(f"preprocess {endpoint}")

    @blueprint.app_url_defaults
    def defaults(endpoint, values):
        values.setdefault("page", 5)

    app.add_url_rule("/<int:page>", "app_view", lambda page: url_for("app_view"))
    app.register_blueprint(blueprint)
    app.register_blueprint(blueprint, name="again")

    response = client.get("/1")

    assert response.data == b"/5"
    assert events == ["preprocess app_view", "before", "after", "teardown"]


def test_app_context_processor_from_a_blueprint(app):
    from restkit.core import render_template_string

    blueprint = Blueprint("bp", __name__)
    blueprint.app_context_processor(lambda: {"site": "restkit"})
    app.register_blueprint(blueprint)

    with app.app_context():
        assert render_template_string("{{ site }}") == "restkit"


def test_blueprint_url_value_preprocessor_and_defaults(app, client):
    blueprint = Blueprint("bp", __name__, url_prefix="/<lang>")

    @blueprint.url_value_preprocessor
    def pull_lang(endpoint, values):
        request.environ["lang"] = values.pop("lang")

    @blueprint.url_defaults
    def add_lang(endpoint, values):
        values.setdefault("lang", request.environ["lang"])

    @blueprint.get("/page")
    def page():
        return f"{request.environ['lang']} {url_for('.page')}"

    app.register_blueprint(blueprint)

    assert client.get("/de/page").data == b"de /de/page"


def test_relative_url_for_inside_a_blueprint(app, client):
    blueprint = Blueprint("bp", __name__, url_prefix="/bp")
    blueprint.add_url_rule("/a", "a", lambda: url_for(".b"))
    blueprint.add_url_rule("/b", "b", lambda: "b")
    app.add_url_rule("/b", "b", lambda: "app b")
    app.register_blueprint(blueprint)

    assert client.get("/bp/a").data == b"/bp/b"


# -- error handlers ---------------------------------------------------------------------


def test_blueprint_error_handler_comes_before_the_app_one(app, client):
    blueprint = Blueprint("bp", __name__, url_prefix="/bp")
    blueprint.register_error_handler(404, lambda exc: ("blueprint 404", 404))
    app.register_error_handler(404, lambda exc: ("app 404", 404))
    blueprint.add_url_rule("/", "view", lambda: abort(404))
    app.add_url_rule("/", "view", lambda: abort(404))
    app.register_blueprint(blueprint)

    assert client.get("/bp/").data == b"blueprint 404"
    assert client.get("/").data == b"app 404"
    # No endpoint matched, so no blueprint owns the request.
    assert client.get("/bp/missing").data == b"app 404"


def test_innermost_blueprint_error_handler_wins(app, client):
    class Problem(Exception):
        pass

    def fail():
        raise Problem

    parent, child = Blueprint("parent", __name__), Blueprint("child", __name__)
    parent.register_error_handler(Problem, lambda exc: "parent")
    child.register_error_handler(Exception, lambda exc: "child")
    child.add_url_rule("/child", "view", fail)
    parent.add_url_rule("/parent", "view", fail)
    parent.register_blueprint(child)
    app.register_blueprint(parent)

    assert client.get("/child").data == b"child"
    assert client.get("/parent").data == b"parent"


def test_blueprint_handler_by_code_beats_app_handler_by_class(app, client):
    blueprint = Blueprint("bp", __name__)
    blueprint.register_error_handler(NotFound, lambda exc: ("blueprint code", 404))
    app.register_error_handler(NotFound, lambda exc: ("app", 404))
    blueprint.add_url_rule("/", "view", lambda: abort(404))
    app.register_blueprint(blueprint)

    assert client.get("/").data == b"blueprint code"


def test_app_errorhandler_from_a_blueprint(app, client):
    blueprint = Blueprint("bp", __name__)

    @blueprint.app_errorhandler(404)
    def not_found(exc):
        return "app-wide 404", 404

    app.register_blueprint(blueprint)
    app.register_blueprint(blueprint, name="again")

    assert client.get("/anything").data == b"app-wide 404"
    assert list(app.error_handler_spec[None][404].values()) == [not_found]


# -- record / record_once ---------------------------------------------------------------


def test_record_runs_at_every_registration_and_record_once_at_the_first(app):
    calls = []
    blueprint = Blueprint("bp", __name__)
    blueprint.record(lambda state: calls.append(("record", state.name, state.first_registration)))
    blueprint.record_once(lambda state: calls.append(("once", state.name)))

    app.register_blueprint(blueprint)
    app.register_blueprint(blueprint, name="second", url_prefix="/2")

    assert calls == [("record", "bp", True), ("once", "bp"), ("record", "second", False)]


def test_setup_state_describes_the_registration(app):
    states = []
    blueprint = Blueprint("bp", __name__, url_prefix="/bp", url_defaults={"a": 1})
    blueprint.record(states.append)

    app.register_blueprint(blueprint, url_defaults={"b": 2}, subdomain="sub")

    [state] = states
    assert state.app is app
    assert state.blueprint is blueprint
    assert (state.url_prefix, state.subdomain, state.full_name) == ("/bp", "sub", "bp")
    assert state.url_defaults == {"a": 1, "b": 2}
    assert state.options == {"url_defaults": {"b": 2}, "subdomain": "sub"}


def test_setup_state_add_url_rule(app, client):
    blueprint = Blueprint("bp", __name__, url_prefix="/bp")
    blueprint.record(lambda state: state.add_url_rule("/recorded", view_func=_echo))
    app.register_blueprint(blueprint)

    assert client.get("/bp/recorded").data == b"bp._echo {}"


# -- static files -----------------------------------------------------------------------


def test_blueprint_static_folder(app, client, tmp_path):
    (tmp_path / "bp_static").mkdir()
    (tmp_path / "bp_static" / "style.css").write_text("body {}")
    blueprint = Blueprint(
        "admin", __name__, static_folder="bp_static", url_prefix="/admin", root_path=str(tmp_path)
    )
    app.register_blueprint(blueprint)

    response = client.get("/admin/bp_static/style.css")

    assert response.data == b"body {}"
    assert response.mimetype == "text/css"
    response.close()
    with app.test_request_context():
        assert url_for("admin.static", filename="style.css") == "/admin/bp_static/style.css"


# -- the blueprint's commands ------------------------------------------------------------------


def _users_blueprint(**options):
    import click

    from restkit.core import current_app

    users = Blueprint("users", __name__, **options)

    @users.cli.command("create")
    @click.argument("name")
    def create(name):
        click.echo(f"created {name} in {current_app.name}")

    return users


def test_blueprint_commands_get_a_group_named_after_it(app):
    app.register_blueprint(_users_blueprint())

    result = app.test_cli_runner().invoke(args=["users", "create", "ada"])

    assert result.output == "created ada in test_app\n", result.output
    assert app.cli.commands["users"].name == "users"


def test_cli_group_names_the_group(app):
    app.register_blueprint(_users_blueprint(cli_group="accounts"))

    result = app.test_cli_runner().invoke(args=["accounts", "create", "ada"])

    assert result.output == "created ada in test_app\n", result.output
    assert "users" not in app.cli.commands


def test_cli_group_none_adds_the_commands_to_the_app(app):
    app.register_blueprint(_users_blueprint(cli_group=None))

    result = app.test_cli_runner().invoke(args=["create", "ada"])

    assert result.output == "created ada in test_app\n", result.output


def test_cli_group_given_at_registration_wins(app):
    app.register_blueprint(_users_blueprint(cli_group="accounts"), cli_group="people")

    assert set(app.cli.commands) == {"people"}
    assert app.test_cli_runner().invoke(args=["people", "create", "x"]).exit_code == 0


def test_nested_blueprint_commands_are_named_after_the_dotted_name(app):
    parent = Blueprint("admin", __name__)
    parent.register_blueprint(_users_blueprint())
    app.register_blueprint(parent)

    result = app.test_cli_runner().invoke(args=["admin.users", "create", "ada"])

    assert result.output == "created ada in test_app\n", result.output


def test_blueprint_without_commands_adds_no_group(app):
    app.register_blueprint(Blueprint("quiet", __name__))

    assert app.cli.commands == {}


def test_endpoint_views_of_a_blueprint_reach_the_app_under_the_name_given(app, client):
    pets = Blueprint("pets", __name__, url_prefix="/pets")
    pets.add_url_rule("/", "list")

    @pets.endpoint("pets.list")
    def listing():
        return "all pets"

    app.register_blueprint(pets)

    assert app.view_functions["pets.list"] is listing
    assert client.get("/pets/").data == b"all pets"
