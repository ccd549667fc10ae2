import importlib
import sys
import textwrap

import click
import pytest
from click.testing import CliRunner

from restkit import App, current_app
from restkit.cli import main
from restkit.core.cli import AppGroup, RestkitGroup, ScriptInfo, locate_app, make_cli

APP_MODULE = """
from restkit import App

app = App(__name__)
app.config["NAME"] = "{name}"


@app.get("/")
def index():
    return "hi"
"""


@pytest.fixture
def project(tmp_path, monkeypatch):
    """Return a function writing modules into a fresh current folder; undo imports after."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("RESTKIT_APP", raising=False)
    monkeypatch.setattr(sys, "path", list(sys.path))
    modules_before = set(sys.modules)

    def write(path, source):
        file = tmp_path / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(textwrap.dedent(source))
        importlib.invalidate_caches()
        return file

    yield write
    for name in set(sys.modules) - modules_before:
        del sys.modules[name]


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


# -- finding the app ------------------------------------------------------------------------


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


def test_script_info_prefers_create_app_and_caches(project):
    app = App("direct")
    calls = []

    def create():
        calls.append(1)
        return app

    info = ScriptInfo(app_import_path="ignored", create_app=create)

    assert info.load_app() is app
    assert info.load_app() is app
    assert calls == [1]


# -- the root group and the app's commands --------------------------------------------------


CLI_MODULE = """
import click
from restkit import App, current_app

app = App(__name__)


@app.cli.command()
@click.argument("who")
def greet(who):
    "Greet someone."
    click.echo(f"hello {who} from {current_app.name}")


@app.cli.command
def bare():
    click.echo(f"bare in {current_app.name}")


@app.cli.command("plain", with_appcontext=False)
def plain():
    from restkit.core.globals import has_app_context
    click.echo(f"app context: {has_app_context()}")


@app.cli.group()
def db():
    "Database commands."


@db.command()
def init():
    click.echo(f"init {current_app.name}")
"""


def test_app_commands_run_in_app_context(project):
    project("cliapp.py", CLI_MODULE)

    assert invoke("--app", "cliapp", "greet", "ann").output == "hello ann from cliapp\n"
    assert invoke("--app", "cliapp", "bare").output == "bare in cliapp\n"
    assert invoke("--app", "cliapp", "plain").output == "app context: False\n"
    assert invoke("--app", "cliapp", "db", "init").output == "init cliapp\n"


def test_app_cli_is_an_app_group(project):
    app = App("x")

    assert isinstance(app.cli, AppGroup)
    assert isinstance(app.cli.group("sub")(lambda: None), AppGroup)


def test_app_command_outside_restkit_uses_script_info(project):
    app = App("standalone")

    @app.cli.command()
    def where():
        click.echo(current_app.name)

    result = CliRunner().invoke(app.cli, ["where"], obj=ScriptInfo(create_app=lambda: app))

    assert result.output == "standalone\n"


def test_app_command_uses_an_active_app_context():
    app = App("active")

    @app.cli.command()
    def where():
        click.echo(current_app.name)

    with app.app_context():
        result = CliRunner().invoke(app.cli, ["where"])

    assert result.output == "active\n"


def test_help_lists_builtin_and_app_commands(project):
    project("cliapp.py", CLI_MODULE)

    result = invoke("--app", "cliapp", "--help")

    assert result.exit_code == 0
    for name in ("run", "routes", "shell", "greet", "db", "--app MODULE[:NAME]"):
        assert name in result.output
    assert "Error" not in result.output


def test_help_without_app_says_why(project):
    result = invoke("--help")

    assert result.exit_code == 0
    assert "Error: Could not find an app" in result.stderr
    assert "routes" in result.output


def test_help_with_broken_app_says_why(project):
    project("app.py", "raise RuntimeError('config missing')\n")

    result = invoke("--help")

    assert result.exit_code == 0
    assert "Error: RuntimeError: config missing" in result.stderr
    assert "routes" in result.output


def test_unknown_command_without_app(project):
    result = invoke("nope")

    assert result.exit_code == 2
    assert "Could not find an app" in result.output


def test_unknown_command_with_app(project):
    project("app.py", APP_MODULE.format(name="x"))

    result = invoke("nope")

    assert result.exit_code == 2
    assert "No such command 'nope'" in result.output


def test_make_cli_adds_extra_commands():
    @click.group()
    def openapi():
        """OpenAPI commands."""

    cli = make_cli([openapi])

    assert isinstance(cli, RestkitGroup)
    assert cli.commands["openapi"] is openapi
    assert {"run", "routes", "shell"} <= set(cli.commands)


def test_main_runs_the_restkit_command(project, monkeypatch, capsys):
    project("app.py", APP_MODULE.format(name="main"))
    monkeypatch.setattr(sys, "argv", ["restkit", "routes"])

    with pytest.raises(SystemExit) as exit_info:
        main()

    assert exit_info.value.code == 0
    assert capsys.readouterr().out.splitlines()[-1].split() == ["index", "GET", "/"]


# -- run ------------------------------------------------------------------------------------


@pytest.fixture
def served(project, monkeypatch):
    project("app.py", APP_MODULE.format(name="served"))
    calls = []

    def fake_run_simple(host, port, application, **options):
        calls.append({"host": host, "port": port, "app": application, **options})

    monkeypatch.setattr("werkzeug.serving.run_simple", fake_run_simple)
    return calls


def test_run_has_no_debugger_or_reloader_by_default(served):
    result = invoke("run")

    assert result.exit_code == 0, result.output
    (call,) = served
    assert (call["host"], call["port"]) == ("127.0.0.1", 5000)
    assert call["use_debugger"] is False
    assert call["use_reloader"] is False
    assert call["threaded"] is True
    assert call["app"].debug is False
    assert "debug mode: off" in result.output


def test_run_ignores_debug_config_without_flag(served):
    app = App("configured")
    app.config["DEBUG"] = True

    app.test_cli_runner().invoke(args=["run"])

    assert served[0]["use_debugger"] is False
    assert served[0]["use_reloader"] is False


def test_run_debug_turns_on_debugger_and_reloader(served):
    result = invoke("run", "--debug", "--host", "0.0.0.0", "--port", "8080")

    (call,) = served
    assert (call["host"], call["port"]) == ("0.0.0.0", 8080)
    assert call["use_debugger"] is True
    assert call["use_reloader"] is True
    assert call["app"].debug is True
    assert "debug mode: on" in result.output


def test_run_debug_without_reloader(served):
    invoke("run", "--debug", "--no-reload")

    assert served[0]["use_debugger"] is True
    assert served[0]["use_reloader"] is False


def test_run_reload_without_debugger(served):
    invoke("run", "--no-debug", "--reload")

    assert served[0]["use_debugger"] is False
    assert served[0]["use_reloader"] is True
    assert served[0]["app"].debug is False


def test_run_rejects_bad_port(served):
    result = invoke("run", "--port", "70000")

    assert result.exit_code == 2
    assert served == []


# -- routes ---------------------------------------------------------------------------------


@pytest.fixture
def routed_app():
    app = App("routed")

    @app.route("/z", methods=["POST", "GET"])
    def alpha():
        return ""

    @app.delete("/a/<int:id>")
    def zulu(id):
        return ""

    @app.put("/m")
    def mike():
        return ""

    return app


def routed_endpoints(app, *args):
    result = app.test_cli_runner().invoke(args=["routes", *args])
    assert result.exit_code == 0, result.output
    return [line.split()[0] for line in result.output.splitlines()[2:]]


def test_routes_table_sorted_by_endpoint(routed_app):
    result = routed_app.test_cli_runner().invoke(args=["routes"])

    assert result.output.splitlines() == [
        "Endpoint  Methods    Rule",
        "--------  ---------  -----------",
        "alpha     GET, POST  /z",
        "mike      PUT        /m",
        "zulu      DELETE     /a/<int:id>",
    ]


@pytest.mark.parametrize(
    ("sort", "endpoints"),
    [
        ("rule", ["zulu", "mike", "alpha"]),
        ("methods", ["zulu", "alpha", "mike"]),
        ("registration", ["alpha", "zulu", "mike"]),
    ],
    ids=str,
)
def test_routes_sort(routed_app, sort, endpoints):
    assert routed_endpoints(routed_app, "--sort", sort) == endpoints


def test_routes_without_routes():
    result = App("empty").test_cli_runner().invoke(args=["routes"])

    assert result.output == "No routes were registered.\n"


# -- shell ----------------------------------------------------------------------------------


def test_shell_runs_with_app_and_g(monkeypatch):
    app = App("shelled")
    seen = {}

    def fake_interact(banner, local):
        seen.update(banner=banner, local=local, app=current_app.name)

    monkeypatch.setattr("code.interact", fake_interact)

    result = app.test_cli_runner().invoke(args=["shell"])

    assert result.exit_code == 0, result.output
    assert seen["local"]["app"] is app
    assert seen["local"]["g"] is not None
    assert seen["app"] == "shelled"
    assert "App: shelled" in seen["banner"]


def test_shell_adds_shell_context_processors(monkeypatch):
    app = App("shelled")
    app.shell_context_processors = [lambda: {"answer": 42}]
    seen = {}
    monkeypatch.setattr("code.interact", lambda banner, local: seen.update(local))

    app.test_cli_runner().invoke(args=["shell"])

    assert seen["answer"] == 42
