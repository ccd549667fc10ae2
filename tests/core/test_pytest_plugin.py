import tomllib
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

PROJECT_CONFTEST = """
import pytest
from restkit import App


@pytest.fixture
def app():
    app = App("project")
    app.config["TESTING"] = True

    @app.get("/")
    def index():
        return {"hello": "world"}

    @app.cli.command("greet")
    def greet():
        print("hi from the project")

    return app
"""


@pytest.fixture
def project(pytester, monkeypatch):
    """A tiny project with an ``app`` fixture, run with only this plugin loaded."""
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    pytester.makeconftest(PROJECT_CONFTEST)
    return pytester


def run(pytester):
    return pytester.runpytest("-p", "restkit.core.pytest_plugin", "-p", "no:cacheprovider")


def test_client_and_runner_fixtures(project):
    project.makepyfile(
        """
        from restkit.core.testing import RestkitCliRunner, TestClient


        def test_client(client):
            assert isinstance(client, TestClient)
            assert client.get("/").json == {"hello": "world"}


        def test_runner(runner, app):
            assert isinstance(runner, RestkitCliRunner)
            assert runner.app is app
            assert runner.invoke(args=["greet"]).output == "hi from the project\\n"
        """
    )

    run(project).assert_outcomes(passed=2)


def test_project_fixtures_override_the_plugin(project):
    project.makepyfile(
        """
        import pytest


        @pytest.fixture
        def client(app):
            return "the project's client"


        def test_client(client):
            assert client == "the project's client"
        """
    )

    run(project).assert_outcomes(passed=1)


def test_fixtures_need_an_app_fixture(pytester, monkeypatch):
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    pytester.makepyfile("def test_client(client):\n    pass\n")

    result = run(pytester)

    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*fixture 'app' not found*"])


def test_plugin_is_registered_as_entry_point():
    pyproject = Path(__file__).parents[2] / "pyproject.toml"

    config = tomllib.loads(pyproject.read_text())

    entry_points = config["project"]["entry-points"]["pytest11"]
    assert entry_points == {"restkit": "restkit.core.pytest_plugin"}
