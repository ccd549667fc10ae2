import os
import sys

import click
import pytest
from click.testing import CliRunner

from restkit import App, current_app
from restkit.cli import main
from restkit.core.cli import (
    AppGroup,
    RestkitGroup,
    ScriptInfo,
    load_dotenv,
    make_cli,
    with_appcontext,
)

APP_MODULE = """
from restkit import App

app = App(__name__)
app.config["NAME"] = "{name}"


@app.get("/")
def index():
    return "hi"
"""


def invoke(*args, **kwargs):
    return CliRunner().invoke(make_cli(), list(args), **kwargs)


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


# -- a management script of your own ----------------------------------------------------------


MANAGE_MODULE = """
import click
from restkit import App, current_app
from restkit.cli import RestkitGroup, pass_script_info


def create_app():
    app = App("shop")

    @app.get("/")
    def index():
        return "hi"

    @app.cli.command()
    def seed():
        click.echo(f"seeded {current_app.name}")

    return app


@click.group(cls=RestkitGroup, create_app=create_app)
def cli():
    "Management script for the shop."


@cli.command()
@pass_script_info
def where(info):
    "Say which app the script manages."
    click.echo(f"managing {info.load_app().name}")
"""


def test_custom_script_with_the_app_aware_group(project):
    # Flask's documented pattern: @click.group(cls=FlaskGroup, create_app=create_app).
    project("manage.py", MANAGE_MODULE)
    sys.path.insert(0, os.getcwd())
    from manage import cli

    runner = CliRunner()
    help_result = runner.invoke(cli, ["--help"])
    assert help_result.exit_code == 0
    assert "Management script for the shop." in help_result.output
    for name in ("routes", "run", "shell", "seed", "where", "--env-file", "--app"):
        assert name in help_result.output
    assert runner.invoke(cli, ["seed"]).output == "seeded shop\n"
    assert runner.invoke(cli, ["where"]).output == "managing shop\n"
    assert runner.invoke(cli, ["routes"]).output.splitlines()[-1].split() == ["index", "GET", "/"]


def test_app_aware_group_without_the_default_commands():
    app = App("bare")
    cli = RestkitGroup("manage", create_app=lambda: app, add_default_commands=False)

    result = CliRunner().invoke(cli, ["routes"])

    assert result.exit_code == 2
    assert "No such command 'routes'" in result.output
    assert cli.list_commands(click.Context(cli, obj=ScriptInfo(create_app=lambda: app))) == []


def test_version_option():
    result = CliRunner().invoke(make_cli(), ["--version"])

    assert result.exit_code == 0
    assert result.output.startswith(f"Python {sys.version.split()[0]}\nrestkit ")
    assert "Werkzeug " in result.output
    no_version = RestkitGroup(add_version_option=False)
    assert "--version" not in CliRunner().invoke(no_version, ["--help"]).output


def test_with_appcontext_on_a_plain_click_command(project):
    project("app.py", APP_MODULE.format(name="plain"))

    @click.command("name")
    @with_appcontext
    def name_command():
        click.echo(current_app.config["NAME"])

    assert CliRunner().invoke(make_cli([name_command]), ["name"]).output == "plain\n"


def test_public_cli_module():
    import restkit.cli
    import restkit.core.cli

    for name in ("AppGroup", "RestkitGroup", "ScriptInfo", "with_appcontext", "load_dotenv"):
        assert getattr(restkit.cli, name) is getattr(restkit.core.cli, name)
        assert name in restkit.cli.__all__


# -- .restkitenv and .env files ----------------------------------------------------------------


@pytest.fixture
def environ():
    """Undo what the test's dotenv loading adds to ``os.environ``."""
    before = dict(os.environ)
    yield os.environ
    for name in set(os.environ) - set(before):
        del os.environ[name]
    os.environ.update(before)


ENV_MODULE = """
import os
import click
from restkit import App

app = App(__name__)


@app.cli.command()
@click.argument("names", nargs=-1)
def env(names):
    click.echo(" ".join(os.environ.get(name, "-") for name in names))
"""


def test_dotenv_files_are_loaded_before_the_app(project, environ, monkeypatch):
    project("envapp.py", ENV_MODULE)
    project(".restkitenv", "RESTKIT_APP=envapp\nSHARED=from-restkitenv\nONLY_RK=1\n")
    project(".env", "SHARED=from-env\nONLY_ENV=2\nPRESET=from-file\n")
    monkeypatch.setenv("PRESET", "from-environment")

    result = invoke("env", "SHARED", "ONLY_RK", "ONLY_ENV", "PRESET")

    # .env wins over .restkitenv; what the environment already holds wins over both.
    assert result.output == "from-env 1 2 from-environment\n", result.output


def test_env_file_option_wins_over_the_default_files(project, environ):
    project("app.py", ENV_MODULE)
    project(".env", "A=from-env\nB=from-env\n")
    project("conf/prod.env", "A=from-option\n")

    result = invoke("--env-file", "conf/prod.env", "env", "A", "B")

    assert result.output == "from-option from-env\n", result.output


def test_env_file_must_exist(project, environ):
    result = invoke("--env-file", "missing.env", "routes")

    assert result.exit_code == 2
    assert "'missing.env' does not exist" in result.output


def test_dotenv_files_found_in_parent_folders(project, environ, monkeypatch):
    project("sub/.keep", "")
    project(".restkitenv", "FROM_PARENT=yes\n")
    monkeypatch.chdir("sub")

    assert load_dotenv() is True
    assert os.environ["FROM_PARENT"] == "yes"


@pytest.mark.parametrize(
    ("skip", "loaded"),
    [
        pytest.param("1", "-", id="skip"),
        pytest.param("false", "yes", id="explicitly-not-skipped"),
    ],
)
def test_restkit_skip_dotenv(project, environ, monkeypatch, skip, loaded):
    project("app.py", ENV_MODULE)
    project(".env", "LOADED=yes\n")
    monkeypatch.setenv("RESTKIT_SKIP_DOTENV", skip)

    assert invoke("env", "LOADED").output == f"{loaded}\n"


def test_group_can_leave_dotenv_files_alone(project, environ):
    project("app.py", ENV_MODULE)
    project(".env", "LOADED=yes\n")
    project("only.env", "ONLY=yes\n")
    cli = RestkitGroup(load_dotenv=False)

    result = CliRunner().invoke(cli, ["env", "LOADED"])
    assert result.output == "-\n"
    # An explicit file is still read.
    result = CliRunner().invoke(cli, ["--env-file", "only.env", "env", "LOADED", "ONLY"])
    assert result.output == "- yes\n"


def test_load_dotenv_without_files(project, environ):
    assert load_dotenv() is False
    assert load_dotenv("missing.env", load_defaults=False) is False


def test_without_python_dotenv_nothing_is_loaded(project, environ, monkeypatch, capsys):
    project(".env", "LOADED=yes\n")
    monkeypatch.setitem(sys.modules, "dotenv", None)

    assert load_dotenv() is False
    assert "LOADED" not in os.environ
    assert "Install python-dotenv to use them" in capsys.readouterr().err

    os.remove(".env")
    assert load_dotenv() is False
    assert capsys.readouterr().err == ""


def test_env_file_option_needs_python_dotenv(project, environ, monkeypatch):
    project("prod.env", "A=1\n")
    monkeypatch.setitem(sys.modules, "dotenv", None)

    result = invoke("--env-file", "prod.env", "routes")

    assert result.exit_code == 2
    assert "python-dotenv must be installed to load an env file" in result.output
