import sys

import click
import pytest
from click.testing import CliRunner

from restkit.core.app_discovery import locate_app
from restkit.core.cli import ScriptInfo, make_cli

APP_MODULE = """
from restkit import App

app = App(__name__)
app.config["NAME"] = "{name}"
"""


def invoke(*args, **kwargs):
    return CliRunner().invoke(make_cli(), list(args), **kwargs)


def loaded_name(*args, **kwargs):
    """Return the NAME config value of the app ``routes`` loaded, through a custom command."""
    cli = make_cli([show_name])
    result = CliRunner().invoke(cli, [*args, "show-name"], **kwargs)
    assert result.exit_code == 0, result.output
    return result.output.strip()


@click.command("show-name")
@click.pass_context
def show_name(ctx):
    click.echo(ctx.ensure_object(ScriptInfo).load_app().config["NAME"])


def test_app_from_option_module(project):
    project("hello.py", APP_MODULE.format(name="hello"))

    assert loaded_name("--app", "hello") == "hello"


def test_app_from_option_module_and_name(project):
    project(
        "multi.py",
        APP_MODULE.format(name="first")
        + "\nother = App('other')\nother.config['NAME'] = 'other'\n",
    )

    assert loaded_name("--app", "multi:other") == "other"


def test_app_from_environment_variable(project, monkeypatch):
    project("envapp.py", APP_MODULE.format(name="from env"))
    monkeypatch.setenv("RESTKIT_APP", "envapp")

    assert loaded_name() == "from env"


def test_option_wins_over_environment_variable(project, monkeypatch):
    project("one.py", APP_MODULE.format(name="one"))
    project("two.py", APP_MODULE.format(name="two"))
    monkeypatch.setenv("RESTKIT_APP", "one")

    assert loaded_name("--app", "two") == "two"


@pytest.mark.parametrize("filename", ["app.py", "wsgi.py"], ids=str)
def test_app_from_file_in_current_folder(project, filename):
    project(filename, APP_MODULE.format(name=filename))

    assert loaded_name() == filename


def test_app_py_wins_over_wsgi_py(project):
    project("app.py", APP_MODULE.format(name="app.py"))
    project("wsgi.py", APP_MODULE.format(name="wsgi.py"))

    assert loaded_name() == "app.py"


def test_no_app_found(project):
    result = invoke("routes")

    assert result.exit_code == 2
    assert "Could not find an app: pass --app MODULE[:NAME]" in result.output


FACTORY_MODULE = """
from restkit import App


def create_app(name="default", *, suffix=""):
    app = App(__name__)
    app.config["NAME"] = name + suffix
    return app


def make_nothing():
    return 42


VALUE = 3
"""


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("factory", "default"),
        ("factory:create_app", "default"),
        ("factory:create_app()", "default"),
        ("factory:create_app('dev')", "dev"),
        ('factory:create_app("dev", suffix="!")', "dev!"),
    ],
    ids=["found", "name", "call", "call-arg", "call-kwarg"],
)
def test_app_from_factory(project, target, expected):
    project("factory.py", FACTORY_MODULE)

    assert loaded_name("--app", target) == expected


def test_make_app_factory(project):
    project("maker.py", FACTORY_MODULE.replace("def create_app", "def make_app"))

    assert loaded_name("--app", "maker") == "default"


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("factory:missing", "Module 'factory' has no attribute 'missing'."),
        ("factory:VALUE", "factory:VALUE is not an App."),
        ("factory:VALUE()", "factory:VALUE is not a function, so it cannot be called."),
        ("factory:make_nothing", "factory:make_nothing returned 42, not an App."),
        ("factory:create_app(1, 2)", "factory:create_app cannot be called with these arguments"),
        ("factory:create_app(", "Could not parse 'create_app(' as an attribute name"),
        ("factory:create_app(name)", "must be Python literals"),
        ("factory:create_app(**{'a': 1})", "cannot unpack '**' mappings"),
        ("factory:a.b", "must be an attribute name or a call of one"),
        ("missing_module", "Could not import 'missing_module'"),
        ("missing_pkg.sub", "Could not import 'missing_pkg.sub'"),
    ],
    ids=[
        "no-attribute",
        "not-app",
        "not-callable",
        "returns-other",
        "wrong-arguments",
        "syntax",
        "not-literal",
        "unpacking",
        "dotted",
        "no-module",
        "no-package",
    ],
)
def test_app_errors(project, target, message):
    project("factory.py", FACTORY_MODULE)

    result = invoke("--app", target, "routes")

    assert result.exit_code == 2, result.output
    assert message in result.output


def test_module_without_app(project):
    project("empty.py", "X = 1\n")

    result = invoke("--app", "empty", "routes")

    assert "Module 'empty' has no app: define 'app' or a 'create_app()' factory" in result.output


def test_module_with_several_apps(project):
    project("several.py", "from restkit import App\none = App('one')\ntwo = App('two')\n")

    result = invoke("--app", "several", "routes")

    assert "holds several apps: pass --app several:NAME" in result.output


def test_module_with_application_or_single_app(project):
    project("appl.py", "from restkit import App\napplication = App('appl')\nx = App('x')\n")
    project("single.py", "from restkit import App\nonly = App('single')\nsame = only\n")

    assert locate_app("appl").name == "appl"
    assert locate_app("single").name == "single"


def test_import_error_inside_module_is_not_hidden(project):
    project("broken.py", "import not_a_real_dependency\n")

    result = invoke("--app", "broken", "routes")

    assert isinstance(result.exception, ModuleNotFoundError)
    assert result.exception.name == "not_a_real_dependency"


def test_app_from_file_path_in_a_package(project):
    project("src/shop/__init__.py", "")
    project("src/shop/settings.py", "NAME = 'shop'\n")
    project(
        "src/shop/web.py",
        "from restkit import App\nfrom .settings import NAME\napp = App(__name__)\n"
        "app.config['NAME'] = NAME\n",
    )

    assert loaded_name("--app", "src/shop/web.py") == "shop"
    assert sys.modules["shop.web"].app.config["NAME"] == "shop"


def test_app_from_package_init_path(project):
    project("pkg/__init__.py", APP_MODULE.format(name="package"))

    assert locate_app("pkg/__init__.py").config["NAME"] == "package"
