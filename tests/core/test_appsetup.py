import io
import logging
import os
import sys
import types
from datetime import timedelta

import click
import pytest
from werkzeug.routing import BuildError

from restkit.core import App, Blueprint, SetupError, request, session, url_for
from restkit.core.json import DefaultJSONProvider
from restkit.core.log import default_handler

# -- identity, config, logging ----------------------------------------------------------


def test_name_is_the_import_name(app):
    assert app.name == "test_app"
    assert repr(app) == "<App 'test_app'>"


def test_name_of_a_script_app_is_the_script_name(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "__main__", types.SimpleNamespace(__file__="/srv/serve.py"))

    assert App("__main__", root_path=str(tmp_path)).name == "serve"


def test_name_of_an_interactive_app_stays_main(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "__main__", types.ModuleType("__main__"))

    assert App("__main__", root_path=str(tmp_path)).name == "__main__"


@pytest.fixture
def isolated_logger(request):
    name = f"restkit_logger_test_{request.node.name}"
    yield name
    logger = logging.getLogger(name)
    logger.handlers.clear()
    logger.setLevel(logging.NOTSET)
    logger.propagate = True


def test_logger_gets_a_handler_when_nothing_would_print(isolated_logger, tmp_path):
    # Set here, not in the fixture: pytest hooks its own handlers onto loggers that
    # do not propagate when a test phase starts.
    logging.getLogger(isolated_logger).propagate = False
    app = App(isolated_logger, root_path=str(tmp_path))

    logger = app.logger

    assert logger.name == isolated_logger
    assert logger.handlers == [default_handler]
    assert logger.level == logging.NOTSET


def test_the_default_handler_writes_to_wsgi_errors_during_a_request(
    isolated_logger, tmp_path, capsys
):
    logging.getLogger(isolated_logger).propagate = False
    app = App(isolated_logger, root_path=str(tmp_path))
    errors = io.StringIO()

    @app.route("/")
    def index():
        app.logger.warning("inside")
        return "x"

    app.test_client().get("/", errors_stream=errors)
    app.logger.warning("outside")

    assert "WARNING in test_appsetup: inside" in errors.getvalue()
    assert "outside" in capsys.readouterr().err
    assert "outside" not in errors.getvalue()


def test_an_unhandled_exception_is_logged_to_wsgi_errors(isolated_logger, tmp_path):
    logging.getLogger(isolated_logger).propagate = False
    app = App(isolated_logger, root_path=str(tmp_path))
    errors = io.StringIO()

    @app.route("/")
    def index():
        raise RuntimeError("the view broke")

    response = app.test_client().get("/", errors_stream=errors)

    assert response.status_code == 500
    assert "Exception on / [GET]" in errors.getvalue()
    assert "RuntimeError: the view broke" in errors.getvalue()
    assert "the view broke" not in response.get_data(as_text=True)


def test_a_logger_whose_handlers_ignore_its_level_gets_the_default_one(isolated_logger, tmp_path):
    logger = logging.getLogger(isolated_logger)
    logger.propagate = False
    quiet = logging.NullHandler(level=logging.CRITICAL)
    logger.addHandler(quiet)

    App(isolated_logger, root_path=str(tmp_path)).logger  # noqa: B018

    assert logger.handlers == [quiet, default_handler]


def test_logger_is_debug_in_debug_mode(isolated_logger, tmp_path):
    app = App(isolated_logger, root_path=str(tmp_path))
    app.debug = True

    assert app.logger.level == logging.DEBUG


def test_logger_keeps_existing_handlers(app):
    assert app.logger.name == "test_app"
    assert app.logger.handlers == []  # pytest's capture handler on the root is used


def test_cli_group_is_named_after_the_app(app):
    assert isinstance(app.cli, click.Group)
    assert app.cli.name == "test_app"


def test_shell_context_processor_feeds_the_shell(app, monkeypatch):
    def names():
        return {"answer": 42}

    seen = {}
    monkeypatch.setattr("code.interact", lambda banner, local: seen.update(local))

    assert app.shell_context_processor(names) is names
    result = app.test_cli_runner().invoke(args=["shell"])

    assert result.exit_code == 0, result.output
    assert seen["answer"] == 42


def test_mode_properties_write_the_config(app):
    app.debug = True
    app.testing = False
    app.secret_key = "other"

    assert app.config["DEBUG"] is True
    assert (app.debug, app.testing) == (True, False)
    assert app.config["TESTING"] is False
    assert app.secret_key == app.config["SECRET_KEY"] == "other"


def test_collaborators_are_built_from_their_classes(app):
    assert isinstance(app.json, DefaultJSONProvider)
    assert app.extensions == {}
    assert app.config.root_path == app.root_path


def test_instance_path_defaults_beside_the_app(app):
    assert app.instance_path == os.path.join(app.root_path, "instance")


def test_instance_relative_config(tmp_path):
    instance = str(tmp_path / "var")
    app = App("x", root_path=str(tmp_path), instance_path=instance, instance_relative_config=True)

    assert app.instance_path == instance
    assert app.config.root_path == instance


def test_relative_instance_path_is_refused(tmp_path):
    with pytest.raises(ValueError, match="absolute"):
        App("x", root_path=str(tmp_path), instance_path="relative")


# -- finalize and options ---------------------------------------------------------------


def test_options_are_read_live_until_the_first_request(app, client):
    app.add_url_rule("/", "index", lambda: "x")
    app.config["MAX_JSON_DEPTH"] = 5
    assert not app.finalized
    assert app.options.max_json_depth == 5

    client.get("/")

    assert app.finalized
    assert app.options.max_json_depth == 5
    assert app.json.max_depth == 5


def test_a_config_change_after_serving_is_honoured_from_the_next_request(app, client):
    app.add_url_rule("/", "index", lambda: "x")
    client.get("/")
    table = app.endpoint_table

    app.config["MAX_JSON_DEPTH"] = 9
    assert app.options.max_json_depth == 64  # resolved again before the next request
    client.get("/")

    assert app.options.max_json_depth == app.json.max_depth == 9
    assert app.endpoint_table is not table


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda app: app.config.__setitem__("SESSION_COOKIE_NAME", "sid"), id="set"),
        pytest.param(lambda app: app.config.update(SESSION_COOKIE_NAME="sid"), id="update"),
        pytest.param(lambda app: app.config.from_mapping(SESSION_COOKIE_NAME="sid"), id="mapping"),
    ],
)
def test_a_session_setting_changed_in_a_test_applies(app, client, change):
    @app.route("/login")
    def login():
        session["user"] = "ada"
        return "in"

    client.get("/login")
    change(app)
    response = client.get("/login")

    assert response.headers["Set-Cookie"].startswith("sid=")


def test_a_new_secret_key_signs_the_next_cookies(app, client):
    @app.route("/count")
    def count():
        session["n"] = session.get("n", 0) + 1
        return str(session["n"])

    assert client.get("/count").data == b"1"
    app.secret_key = "another key"

    assert client.get("/count").data == b"1"  # the old cookie no longer verifies
    assert client.get("/count").data == b"2"


def test_before_serving_functions_run_once_even_when_config_changes(app, client):
    events = []
    app.before_serving(lambda: events.append("serving"))
    app.add_url_rule("/", "index", lambda: "x")

    client.get("/")
    app.config["DEBUG"] = False
    client.get("/")

    assert events == ["serving"]


def test_before_serving_runs_once_before_the_first_request(app, client):
    events = []
    app.before_serving(lambda: events.append("serving"))
    app.before_request(lambda: events.append("request"))
    app.add_url_rule("/", "index", lambda: "x")

    client.get("/")
    client.get("/")

    assert events == ["serving", "request", "request"]


def test_finalize_can_be_called_early_and_again(app):
    events = []
    app.before_serving(lambda: events.append("serving"))

    app.finalize()
    app.finalize()

    assert events == ["serving"]
    assert app.finalized


@pytest.mark.parametrize(
    "register",
    [
        pytest.param(lambda app: app.add_url_rule("/new", "new", lambda: ""), id="add_url_rule"),
        pytest.param(lambda app: app.route("/new")(lambda: ""), id="route"),
        pytest.param(lambda app: app.get("/new")(lambda: ""), id="get"),
        pytest.param(lambda app: app.endpoint("new")(lambda: ""), id="endpoint"),
        pytest.param(lambda app: app.before_request(lambda: None), id="before_request"),
        pytest.param(lambda app: app.after_request(lambda r: r), id="after_request"),
        pytest.param(lambda app: app.teardown_request(lambda e: None), id="teardown_request"),
        pytest.param(lambda app: app.teardown_appcontext(lambda e: None), id="teardown_appcontext"),
        pytest.param(lambda app: app.before_serving(lambda: None), id="before_serving"),
        pytest.param(lambda app: app.url_defaults(lambda e, v: None), id="url_defaults"),
        pytest.param(
            lambda app: app.url_value_preprocessor(lambda e, v: None), id="url_value_preprocessor"
        ),
        pytest.param(lambda app: app.context_processor(dict), id="context_processor"),
        pytest.param(lambda app: app.errorhandler(404)(lambda e: ""), id="errorhandler"),
        pytest.param(
            lambda app: app.register_error_handler(KeyError, lambda e: ""),
            id="register_error_handler",
        ),
        pytest.param(
            lambda app: app.register_blueprint(Blueprint("late", __name__)),
            id="register_blueprint",
        ),
    ],
)
def test_setup_is_refused_after_the_first_request(app, client, register):
    app.add_url_rule("/", "index", lambda: "x")
    client.get("/")

    with pytest.raises(SetupError, match=r"after the app handled its first request\. Register"):
        register(app)


def test_setup_refusal_names_the_method(app):
    app.finalize()

    with pytest.raises(SetupError, match=r"^App\.add_url_rule\(\) was called after"):
        app.add_url_rule("/x", "x", lambda: "")


# -- add_url_rule -----------------------------------------------------------------------


def test_endpoint_defaults_to_the_view_name(app, client):
    def listing():
        return "listing"

    app.add_url_rule("/", view_func=listing)

    assert app.view_functions == {"listing": listing}
    assert client.get("/").data == b"listing"


def test_add_url_rule_needs_an_endpoint_or_a_view(app):
    with pytest.raises(TypeError, match="endpoint or a view_func"):
        app.add_url_rule("/")


def test_methods_as_a_string_are_refused(app):
    with pytest.raises(TypeError, match=r"methods=\['GET'\]"):
        app.add_url_rule("/", "index", lambda: "", methods="GET")


def test_methods_are_upper_cased(app, client):
    app.add_url_rule("/", "index", lambda: request.method, methods=["post"])

    assert client.post("/").data == b"POST"


def test_methods_come_from_the_view_function(app, client):
    def view():
        return request.method

    view.methods = ["PUT"]
    view.required_methods = ["PATCH"]
    app.add_url_rule("/", view_func=view)

    assert client.put("/").data == b"PUT"
    assert client.patch("/").data == b"PATCH"
    assert client.get("/").status_code == 405


def test_view_function_can_turn_automatic_options_off(app, client):
    def view():
        return "x"

    view.provide_automatic_options = False
    app.add_url_rule("/", view_func=view)

    assert client.options("/").status_code == 405


def test_one_endpoint_cannot_take_two_view_functions(app):
    app.add_url_rule("/a", "same", lambda: "a")

    with pytest.raises(SetupError, match="already has a view function"):
        app.add_url_rule("/b", "same", lambda: "b")


def test_one_view_function_can_serve_several_rules(app, client):
    def view(page=1):
        return f"page {page}"

    app.add_url_rule("/", view_func=view)
    app.add_url_rule("/page/<int:page>", view_func=view)

    assert client.get("/").data == b"page 1"
    assert client.get("/page/3").data == b"page 3"


def test_rule_without_view_gets_its_view_from_endpoint(app, client):
    app.add_url_rule("/", "index")

    @app.endpoint("index")
    def index():
        return "from endpoint()"

    assert client.get("/").data == b"from endpoint()"


def test_iter_blueprints_in_registration_order(app):
    first, second = Blueprint("first", __name__), Blueprint("second", __name__)
    app.register_blueprint(first)
    app.register_blueprint(second)

    assert list(app.iter_blueprints()) == [first, second]


# -- URL adapters: hosts and subdomains -------------------------------------------------


def test_trusted_hosts_accept_listed_hosts(app, client):
    app.config["TRUSTED_HOSTS"] = ["api.test", ".example.org"]
    app.add_url_rule("/", "index", lambda: request.host)

    assert client.get("/", base_url="http://api.test").data == b"api.test"
    assert client.get("/", base_url="http://eu.example.org").data == b"eu.example.org"


def test_untrusted_host_is_400(app, client):
    app.config["TRUSTED_HOSTS"] = ["api.test"]
    app.add_url_rule("/", "index", lambda: "x")

    assert client.get("/", base_url="http://evil.test").status_code == 400


def test_server_name_does_not_restrict_requests(app, client):
    app.config["SERVER_NAME"] = "api.test"
    app.add_url_rule("/", "index", lambda: request.host)

    assert client.get("/", base_url="http://other.test").data == b"other.test"


def test_server_name_is_the_host_of_external_urls(app, client):
    app.config["SERVER_NAME"] = "api.test"
    app.add_url_rule("/", "index", lambda: url_for("index", _external=True))

    assert client.get("/", base_url="http://other.test").data == b"http://api.test/"


def test_subdomain_matching(tmp_path):
    app = App("x", root_path=str(tmp_path), subdomain_matching=True)
    app.config.update(TESTING=True, SERVER_NAME="api.test")
    app.add_url_rule("/", "root", lambda: "root")
    app.add_url_rule("/", "user", lambda user: f"user {user}", subdomain="<user>")
    client = app.test_client()

    assert client.get("/").data == b"root"
    assert client.get("/", subdomain="ada").data == b"user ada"


def test_without_subdomain_matching_subdomain_rules_do_not_match(app, client):
    app.config["SERVER_NAME"] = "api.test"
    app.add_url_rule("/", "root", lambda: "root")
    app.add_url_rule("/only", "sub", lambda: "sub", subdomain="eu")

    assert client.get("/", subdomain="eu").data == b"root"
    assert client.get("/only", subdomain="eu").status_code == 404


def test_host_matching_and_static_host(tmp_path):
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "a.txt").write_text("asset")
    app = App(
        "x",
        root_path=str(tmp_path),
        static_folder="static",
        static_host="cdn.test",
        host_matching=True,
    )
    app.config["TESTING"] = True
    app.add_url_rule("/", "api", lambda: "api", host="api.test")
    client = app.test_client()

    assert client.get("/", base_url="http://api.test").data == b"api"
    asset = client.get("/static/a.txt", base_url="http://cdn.test")
    assert asset.data == b"asset"
    asset.close()
    assert client.get("/static/a.txt", base_url="http://api.test").status_code == 404


def test_no_url_adapter_outside_requests_without_server_name(app):
    assert app.create_url_adapter(None) is None


def test_url_adapter_outside_requests_uses_the_config(app):
    app.config.update(SERVER_NAME="api.test", APPLICATION_ROOT="/v1", PREFERRED_URL_SCHEME="https")
    app.add_url_rule("/items", "items")

    adapter = app.create_url_adapter(None)

    assert adapter.build("items", force_external=True) == "https://api.test/v1/items"


# -- url_for ----------------------------------------------------------------------------


@pytest.fixture
def routed_app(app):
    app.add_url_rule("/", "index")
    app.add_url_rule("/items/<int:item_id>", "item")
    app.add_url_rule("/items", "list_items", methods=["GET"])
    app.add_url_rule("/new-item", "create_item", methods=["POST"])
    app.add_url_rule("/items", "create_item", methods=["POST"])
    return app


@pytest.mark.parametrize(
    ("args", "kwargs", "url"),
    [
        pytest.param(("index",), {}, "/", id="relative"),
        pytest.param(("item",), {"item_id": 3}, "/items/3", id="argument"),
        pytest.param(("item",), {"item_id": 3, "q": "a b"}, "/items/3?q=a+b", id="query"),
        pytest.param(("index",), {"_external": True}, "http://localhost/", id="external"),
        pytest.param(("index",), {"_scheme": "https"}, "https://localhost/", id="scheme"),
        pytest.param(("index",), {"_anchor": "a b/c"}, "/#a%20b/c", id="anchor"),
        pytest.param(("create_item",), {"_method": "POST"}, "/new-item", id="method"),
        pytest.param(("list_items",), {"_method": "GET"}, "/items", id="method-get"),
        pytest.param((".index",), {}, "/", id="dot-outside-blueprint"),
    ],
)
def test_url_for_in_a_request(routed_app, args, kwargs, url):
    with routed_app.test_request_context():
        assert url_for(*args, **kwargs) == url


def test_url_for_scheme_needs_external(routed_app):
    with routed_app.test_request_context(), pytest.raises(ValueError, match="_external=True"):
        url_for("index", _scheme="https", _external=False)


def test_url_for_outside_a_request_is_external(routed_app):
    routed_app.config["SERVER_NAME"] = "api.test"

    with routed_app.app_context():
        assert url_for("item", item_id=1) == "http://api.test/items/1"
        assert url_for("item", item_id=1, _external=False) == "/items/1"


def test_url_for_outside_a_request_needs_server_name(routed_app):
    with routed_app.app_context(), pytest.raises(RuntimeError, match="SERVER_NAME"):
        url_for("index")


def test_app_url_for_without_any_context_uses_server_name(routed_app):
    routed_app.config["SERVER_NAME"] = "api.test"

    assert routed_app.url_for("index") == "http://api.test/"


def test_app_url_for_inside_another_apps_context(routed_app, tmp_path):
    routed_app.config["SERVER_NAME"] = "api.test"
    other = App("other", root_path=str(tmp_path))

    with other.app_context():
        assert routed_app.url_for("item", item_id=2) == "http://api.test/items/2"


def test_url_for_unknown_endpoint_raises_build_error(routed_app):
    with routed_app.test_request_context(), pytest.raises(BuildError):
        url_for("nowhere")


def test_url_build_error_handler_can_provide_a_url(routed_app):
    seen = []

    def not_mine(error, endpoint, values):
        seen.append(endpoint)

    def fallback(error, endpoint, values):
        return f"https://legacy.test/{endpoint}?{values['page']}"

    routed_app.url_build_error_handlers.extend([not_mine, fallback])

    with routed_app.test_request_context():
        assert url_for("old_page", page=2) == "https://legacy.test/old_page?2"
    assert seen == ["old_page"]


def test_url_build_error_handlers_receive_the_underscore_arguments(routed_app):
    seen = {}

    def record(error, endpoint, values):
        seen.update(values)
        return "/fallback"

    routed_app.url_build_error_handlers.append(record)

    with routed_app.test_request_context():
        url = url_for("nowhere", page=2, _anchor="top", _method="GET")

    assert url == "/fallback"
    assert seen == {
        "page": 2,
        "_anchor": "top",
        "_method": "GET",
        "_scheme": None,
        "_external": False,
    }


@pytest.mark.parametrize("name", ["self", "endpoint"])
def test_url_values_may_be_named_like_url_fors_own_parameters(app, name):
    app.add_url_rule(f"/by/<{name}>", "by")

    with app.test_request_context():
        assert url_for("by", **{name: "x"}) == "/by/x"
        assert app.url_for("by", **{name: "y"}) == "/by/y"


def test_url_build_error_handlers_returning_none_reraise(routed_app):
    routed_app.url_build_error_handlers.append(lambda error, endpoint, values: None)

    with routed_app.test_request_context(), pytest.raises(BuildError, match="nowhere"):
        url_for("nowhere")


def test_url_build_error_handler_may_raise_its_own_error(routed_app):
    own = BuildError("replacement", {}, None)

    def handler(error, endpoint, values):
        raise own

    routed_app.url_build_error_handlers.append(handler)

    with routed_app.test_request_context(), pytest.raises(BuildError) as info:
        url_for("nowhere")
    assert info.value is own


def test_url_defaults_fill_in_values(app):
    app.add_url_rule("/<lang>/", "home")

    @app.url_defaults
    def add_lang(endpoint, values):
        values.setdefault("lang", "en")

    with app.test_request_context():
        assert url_for("home") == "/en/"
        assert url_for("home", lang="fr") == "/fr/"


def test_url_defaults_of_blueprints_apply_to_their_endpoints(app):
    calls = []
    parent, child = Blueprint("parent", __name__), Blueprint("child", __name__)
    child.add_url_rule("/<lang>/<region>", "page")
    app.add_url_rule("/<lang>", "home")
    app.url_defaults(lambda endpoint, values: calls.append(("app", endpoint)))
    parent.url_defaults(lambda endpoint, values: values.setdefault("lang", "nl"))
    child.url_defaults(lambda endpoint, values: values.setdefault("region", "be"))
    child.url_defaults(lambda endpoint, values: calls.append(("child", endpoint)))
    parent.register_blueprint(child)
    app.register_blueprint(parent)

    with app.test_request_context():
        assert url_for("parent.child.page") == "/nl/be"
        with pytest.raises(BuildError):
            url_for("home")

    assert calls == [
        ("app", "parent.child.page"),
        ("child", "parent.child.page"),
        ("app", "home"),
    ]


# -- the static route -------------------------------------------------------------------


def test_no_static_route_by_default(app):
    assert app.static_folder is None
    assert "static" not in app.view_functions
    assert [rule.rule for rule in app.url_map.iter_rules()] == []


def test_static_folder_is_served(tmp_path):
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "logo.txt").write_text("logo")
    app = App("x", root_path=str(tmp_path), static_folder="assets", static_url_path="/files")
    client = app.test_client()

    response = client.get("/files/logo.txt")

    assert response.data == b"logo"
    response.close()
    assert client.get("/files/missing.txt").status_code == 404
    with app.test_request_context():
        assert url_for("static", filename="logo.txt") == "/files/logo.txt"


def test_static_url_path_defaults_to_the_folder_name(tmp_path):
    app = App("x", root_path=str(tmp_path), static_folder="public")

    assert app.static_url_path == "/public"
    assert [rule.rule for rule in app.url_map.iter_rules()] == ["/public/<path:filename>"]


# -- session lifetime and resources ---------------------------------------------------------


def test_permanent_session_lifetime_is_backed_by_the_config(app):
    assert app.permanent_session_lifetime == timedelta(days=31)

    app.permanent_session_lifetime = timedelta(hours=2)
    assert app.config["PERMANENT_SESSION_LIFETIME"] == timedelta(hours=2)

    app.config["PERMANENT_SESSION_LIFETIME"] = 600
    assert app.permanent_session_lifetime == timedelta(minutes=10)


def test_permanent_session_lifetime_sets_the_cookie_lifetime(app, client):
    app.permanent_session_lifetime = timedelta(hours=1)

    @app.post("/login")
    def login():
        session["user"] = "ada"
        session.permanent = True
        return "ok"

    response = client.post("/login")

    assert "Max-Age=3600" in response.headers["Set-Cookie"]


def test_open_resource_reads_beside_the_app(app, tmp_path):
    (tmp_path / "schema.sql").write_text("CREATE TABLE é (id);", encoding="utf-8")

    with app.open_resource("schema.sql") as binary:
        assert binary.read() == "CREATE TABLE é (id);".encode()
    with app.open_resource("schema.sql", "rt") as text:
        assert text.read() == "CREATE TABLE é (id);"
    with app.open_resource("schema.sql", "r", encoding="latin-1") as latin:
        assert latin.read() == "CREATE TABLE Ã© (id);"


@pytest.mark.parametrize("mode", ["w", "wb", "a", "r+", "x"])
def test_open_resource_refuses_writing(app, mode):
    with pytest.raises(ValueError, match="only be opened for reading"):
        app.open_resource("schema.sql", mode)


def test_open_instance_resource_reads_and_writes_the_instance_folder(app):
    os.makedirs(app.instance_path)

    with app.open_instance_resource("notes.txt", "w") as out:
        out.write("Zoë")
    with app.open_instance_resource("notes.txt") as binary:
        assert binary.read() == "Zoë".encode()
    with app.open_instance_resource("notes.txt", "r") as text:
        assert text.read() == "Zoë"

    assert os.path.exists(os.path.join(app.instance_path, "notes.txt"))
