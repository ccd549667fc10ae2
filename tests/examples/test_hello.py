import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from restkit.core.app_discovery import locate_app
from restkit.core.cli import make_cli

ROOT = Path(__file__).parents[2]


@pytest.fixture
def in_repo(monkeypatch):
    """Run from the repository root, as ``restkit --app examples.hello`` is."""
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("RESTKIT_APP", raising=False)
    monkeypatch.setattr(sys, "path", list(sys.path))


@pytest.fixture
def app(in_repo):
    return locate_app("examples.hello")


@pytest.fixture
def client(app):
    return app.test_client()


def test_the_package_exposes_the_app(app):
    from examples.hello import app as exposed
    from examples.hello.app import app as defined

    assert app is exposed is defined


def test_hello(client):
    response = client.get("/")

    assert response.status_code == 200
    assert response.json == {"message": "Hello, world!"}
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_greet(client):
    assert client.get("/hello/Ann").json == {"message": "Hello, Ann!"}


def test_echo(client):
    body = {"list": [1, 2], "nested": {"ok": True}}

    assert client.post("/echo", json=body).json == {"echo": body}


def test_echo_refuses_a_body_that_is_not_json(client):
    response = client.post("/echo", data="hello", content_type="text/plain")

    assert response.status_code == 415


def test_echo_refuses_get(client):
    response = client.get("/echo")

    assert response.status_code == 405
    assert set(response.allow) == {"POST", "OPTIONS"}


def test_sum_from_query(client):
    assert client.get("/sum?a=2&b=40").json == {"sum": 42}


@pytest.mark.parametrize("query", ["", "?a=1", "?a=1&b=x"], ids=["none", "one", "not-int"])
def test_sum_from_query_needs_two_integers(client, query):
    response = client.get(f"/sum{query}")

    assert response.status_code == 400
    assert "Pass two integers" in response.text


def test_sum_from_json(client):
    assert client.post("/sum", json={"numbers": [1, 2.5, 3]}).json == {"sum": 6.5}


@pytest.mark.parametrize(
    "body",
    [[1, 2], {"numbers": "12"}, {"numbers": [1, True]}, {"numbers": [1, "2"]}],
    ids=["not-object", "not-list", "boolean", "string"],
)
def test_sum_from_json_refuses_other_bodies(client, body):
    response = client.post("/sum", json=body)

    assert response.status_code == 400
    assert "numbers" in response.text


def test_sum_methods(client):
    response = client.options("/sum")

    assert set(response.allow) == {"GET", "HEAD", "POST", "OPTIONS"}


def test_routes_command(in_repo):
    result = CliRunner().invoke(make_cli(), ["--app", "examples.hello", "routes"])

    assert result.exit_code == 0, result.output
    endpoints = [line.split()[0] for line in result.output.splitlines()[2:]]
    assert endpoints == ["echo", "greet", "hello", "sum"]


def test_run_command_serves_the_app(in_repo, app, monkeypatch):
    served = []
    monkeypatch.setattr(
        "werkzeug.serving.run_simple",
        lambda host, port, application, **kw: served.append(application),
    )

    result = CliRunner().invoke(make_cli(), ["--app", "examples.hello", "run"])

    assert result.exit_code == 0, result.output
    assert served == [app]
