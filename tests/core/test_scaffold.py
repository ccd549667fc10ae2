import os
import sys
import types

import pytest
from werkzeug.exceptions import Forbidden, HTTPException, NotFound

from restkit.core import App, Blueprint, abort, request
from restkit.core.scaffold import exception_class_and_code, root_path_of

# -- route decorators -------------------------------------------------------------------


def test_route_registers_the_function_and_returns_it(app, client):
    def index():
        return "index"

    decorated = app.route("/", endpoint="home")(index)

    assert decorated is index
    assert app.view_functions == {"home": index}
    assert client.get("/").data == b"index"


@pytest.mark.parametrize("method", ["get", "post", "put", "patch", "delete"])
def test_method_shortcuts_register_one_method(app, client, method):
    getattr(app, method)("/")(lambda: request.method)

    assert client.open("/", method=method.upper()).data == method.upper().encode()
    other = "PUT" if method != "put" else "POST"
    assert client.open("/", method=other).status_code == 405


@pytest.mark.parametrize("method", ["get", "post"])
def test_method_shortcuts_refuse_methods(app, method):
    with pytest.raises(TypeError, match=rf"{method}\(\) sets it"):
        getattr(app, method)("/", methods=["GET"])


def test_method_shortcuts_pass_options(app, client):
    @app.get("/<int:page>", endpoint="paged", defaults={"size": 10})
    def view(page, size):
        return f"{page}/{size}"

    assert client.get("/2").data == b"2/10"
    assert "paged" in app.view_functions


def test_endpoint_decorator_returns_the_function(app):
    def view():
        return ""

    assert app.endpoint("named")(view) is view
    assert app.view_functions["named"] is view


# -- hook decorators return the function ------------------------------------------------


@pytest.mark.parametrize(
    ("decorator", "registry"),
    [
        pytest.param("before_request", "before_request_funcs", id="before_request"),
        pytest.param("after_request", "after_request_funcs", id="after_request"),
        pytest.param("teardown_request", "teardown_request_funcs", id="teardown_request"),
        pytest.param("url_value_preprocessor", "url_value_preprocessors", id="url_value"),
        pytest.param("url_defaults", "url_default_functions", id="url_defaults"),
        pytest.param("context_processor", "template_context_processors", id="context"),
    ],
)
def test_hook_decorators_record_under_the_app_scope(app, decorator, registry):
    def hook(*args):
        return None

    assert getattr(app, decorator)(hook) is hook
    assert getattr(app, registry)[None] == [hook]


def test_context_processor_feeds_templates(app):
    from restkit.core import render_template_string

    app.context_processor(lambda: {"greeting": "hello"})

    with app.app_context():
        assert render_template_string("{{ greeting }} world") == "hello world"


# -- error handlers ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        pytest.param(404, (NotFound, 404), id="code"),
        pytest.param(NotFound, (NotFound, 404), id="http-class"),
        pytest.param(HTTPException, (HTTPException, None), id="http-base"),
        pytest.param(KeyError, (KeyError, None), id="exception-class"),
        pytest.param(KeyboardInterrupt, (KeyboardInterrupt, None), id="base-exception"),
    ],
)
def test_exception_class_and_code(key, expected):
    assert exception_class_and_code(key) == expected


@pytest.mark.parametrize(
    ("key", "error", "message"),
    [
        pytest.param(999, ValueError, "999 is not an HTTP error code", id="unknown-code"),
        pytest.param(200, ValueError, "200 is not an HTTP error code", id="success-code"),
        pytest.param(KeyError("x"), TypeError, "exception instance", id="instance"),
        pytest.param(str, TypeError, "is not an exception class", id="not-an-exception"),
        pytest.param("404", TypeError, "is not an exception class", id="string"),
    ],
)
def test_bad_error_handler_registrations_are_refused(app, key, error, message):
    with pytest.raises(error, match=message):
        app.register_error_handler(key, lambda exc: "")
    with pytest.raises(error, match=message):
        app.errorhandler(key)(lambda exc: "")


def test_errorhandler_decorator_returns_the_function(app, client):
    def handler(exc):
        return f"handled {exc.code}", exc.code

    assert app.errorhandler(403)(handler) is handler
    app.add_url_rule("/", "index", lambda: abort(403))

    assert client.get("/").data == b"handled 403"


def test_handler_for_a_werkzeug_class_handles_its_subclasses(app, client):
    class Gone(NotFound):
        pass

    app.register_error_handler(NotFound, lambda exc: (type(exc).__name__, 404))

    @app.get("/")
    def index():
        raise Gone

    assert client.get("/").data == b"Gone"


def test_handler_registered_later_for_the_same_key_replaces_the_first(app, client):
    app.register_error_handler(Forbidden, lambda exc: ("first", 403))
    app.register_error_handler(403, lambda exc: ("second", 403))
    app.add_url_rule("/", "index", lambda: abort(403))

    assert client.get("/").data == b"second"


def test_handler_for_base_exception_subclass(app, client):
    class Cancelled(BaseException):
        pass

    app.register_error_handler(Cancelled, lambda exc: "cancel handled")

    @app.get("/")
    def index():
        raise Cancelled

    with pytest.raises(Cancelled):
        client.get("/")


# -- paths and repr ---------------------------------------------------------------------


def test_root_path_of_a_loaded_module():
    assert root_path_of(__name__) == os.path.dirname(os.path.abspath(__file__))


def test_root_path_of_an_importable_module_not_yet_loaded(tmp_path, monkeypatch):
    (tmp_path / "unloaded_pkg").mkdir()
    (tmp_path / "unloaded_pkg" / "__init__.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))

    assert root_path_of("unloaded_pkg") == str(tmp_path / "unloaded_pkg")
    assert "unloaded_pkg" not in sys.modules


@pytest.mark.parametrize(
    "import_name",
    [
        pytest.param("no_such_module_anywhere", id="missing"),
        pytest.param("no_such_package.child", id="missing-parent"),
    ],
)
def test_root_path_falls_back_to_the_working_directory(import_name, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    assert root_path_of(import_name) == str(tmp_path)


def test_root_path_of_a_namespace_package(tmp_path, monkeypatch):
    (tmp_path / "nspkg").mkdir()
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.chdir(tmp_path / "nspkg")

    assert root_path_of("nspkg") == str(tmp_path / "nspkg")


def test_root_path_of_a_module_without_a_file_or_spec(tmp_path, monkeypatch):
    module = types.ModuleType("fileless")
    module.__spec__ = None
    monkeypatch.setitem(sys.modules, "fileless", module)
    monkeypatch.chdir(tmp_path)

    assert root_path_of("fileless") == str(tmp_path)


def test_app_root_path_defaults_from_its_import_name():
    app = App(__name__)

    assert app.root_path == os.path.dirname(os.path.abspath(__file__))


def test_repr_names_the_class(app):
    assert repr(Blueprint("things", __name__)) == "<Blueprint 'things'>"
    assert repr(app) == "<App 'test_app'>"


# -- static paths -----------------------------------------------------------------------


def test_static_url_path_property(tmp_path):
    blueprint = Blueprint("bp", __name__, root_path=str(tmp_path))
    assert blueprint.static_url_path is None
    assert not blueprint.has_static_folder

    with_folder = Blueprint("bp", __name__, static_folder="assets/", root_path=str(tmp_path))
    assert with_folder.static_folder == str(tmp_path / "assets")
    assert with_folder.has_static_folder
    assert with_folder.static_url_path == "/assets"

    with_folder.static_url_path = "/files/"
    assert with_folder.static_url_path == "/files"
    with_folder.static_url_path = None
    assert with_folder.static_url_path == "/assets"


def test_static_url_path_given_with_a_trailing_slash(tmp_path):
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "a.txt").write_text("asset")
    app = App("x", root_path=str(tmp_path), static_folder="assets/", static_url_path="/files/")

    response = app.test_client().get("/files/a.txt")

    assert response.data == b"asset"
    response.close()
