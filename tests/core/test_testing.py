import uuid
from datetime import date

import click
import pytest
import werkzeug.test
from werkzeug.wrappers import Request as WerkzeugRequest

from restkit import App, g, request, session, stream_with_context
from restkit.core.globals import has_app_context, has_request_context
from restkit.core.testing import RestkitCliRunner, TestClient, TestResponse
from restkit.testing import EnvironBuilder


@pytest.fixture
def app():
    app = App(__name__)
    app.config.update(TESTING=True, SECRET_KEY="test secret")
    return app


# -- EnvironBuilder ----------------------------------------------------------------------------


def environ_of(app, *args, **kwargs):
    builder = EnvironBuilder(app, *args, **kwargs)
    try:
        return builder.get_environ()
    finally:
        builder.close()


def test_environ_defaults_to_localhost(app):
    environ = environ_of(app, "/pets")

    assert environ["HTTP_HOST"] == "localhost"
    assert environ["wsgi.url_scheme"] == "http"
    assert environ["SCRIPT_NAME"] == ""
    assert environ["PATH_INFO"] == "/pets"


def test_environ_follows_server_name_root_and_scheme(app):
    app.config.update(
        SERVER_NAME="api.example.com", APPLICATION_ROOT="/v1", PREFERRED_URL_SCHEME="https"
    )

    environ = environ_of(app, "/pets?limit=2")

    assert environ["HTTP_HOST"] == "api.example.com"
    assert environ["wsgi.url_scheme"] == "https"
    assert environ["SCRIPT_NAME"] == "/v1"
    assert environ["PATH_INFO"] == "/pets"
    assert environ["QUERY_STRING"] == "limit=2"


def test_environ_subdomain_and_url_scheme(app):
    app.config["SERVER_NAME"] = "example.com"

    environ = environ_of(app, "/", subdomain="api", url_scheme="https")

    assert environ["HTTP_HOST"] == "api.example.com"
    assert environ["wsgi.url_scheme"] == "https"


def test_environ_full_url_in_path_wins(app):
    app.config["SERVER_NAME"] = "example.com"

    environ = environ_of(app, "https://other.test/x")

    assert environ["HTTP_HOST"] == "other.test"
    assert environ["wsgi.url_scheme"] == "https"
    assert environ["PATH_INFO"] == "/x"


def test_environ_explicit_base_url(app):
    environ = environ_of(app, "/x", "https://mounted.test/root")

    assert environ["HTTP_HOST"] == "mounted.test"
    assert environ["SCRIPT_NAME"] == "/root"


def test_environ_base_url_excludes_subdomain(app):
    with pytest.raises(ValueError, match="base_url or subdomain"):
        EnvironBuilder(app, "/", "http://localhost/", subdomain="api")


def test_environ_json_uses_app_provider(app):
    pet_id = uuid.UUID(int=7)

    builder = EnvironBuilder(app, "/", method="POST", json={"id": pet_id, "on": date(2024, 1, 2)})

    assert isinstance(builder, werkzeug.test.EnvironBuilder)
    assert builder.app is app
    request = builder.get_request()
    assert request.mimetype == "application/json"
    assert request.get_data() == app.json.dumps({"id": str(pet_id), "on": "2024-01-02"}).encode()


def test_environ_builder_takes_flasks_positional_arguments(app):
    app.config["SERVER_NAME"] = "example.com"

    # Flask's order: app, path, base_url, subdomain, url_scheme, then werkzeug's arguments.
    environ = environ_of(app, "/x", None, "api", "https", "a=1", "PUT")

    assert environ["HTTP_HOST"] == "api.example.com"
    assert environ["wsgi.url_scheme"] == "https"
    assert environ["QUERY_STRING"] == "a=1"
    assert environ["REQUEST_METHOD"] == "PUT"


def test_a_builder_can_be_sent_by_the_test_client(app):
    @app.post("/echo")
    def echo():
        return {"got": request.get_json(), "host": request.host}

    builder = EnvironBuilder(app, path="/echo", method="POST", json={"a": 1})
    try:
        response = app.test_client().open(builder)
    finally:
        builder.close()

    assert response.json == {"got": {"a": 1}, "host": "localhost"}


def test_test_request_context_uses_server_name(app):
    app.config["SERVER_NAME"] = "example.com"

    with app.test_request_context("/a", method="POST"):
        assert request.url == "http://example.com/a"
        assert request.method == "POST"


# -- TestClient -----------------------------------------------------------------------------


def test_client_sends_json_and_reads_json(app, client):
    @app.post("/echo")
    def echo():
        return {"got": request.get_json(), "remote": request.remote_addr}

    response = client.post("/echo", json={"day": date(2024, 5, 6)})

    assert isinstance(response, TestResponse)
    assert isinstance(response, app.response_class)
    assert response.json == {"got": {"day": "2024-05-06"}, "remote": "127.0.0.1"}
    assert response.get_json() == response.json


def test_response_json_accepts_problem_json(app, client):
    @app.get("/missing")
    def missing():
        body = app.json.dumps({"title": "Not Found", "status": 404})
        return app.response_class(body, 404, mimetype="application/problem+json")

    response = client.get("/missing")

    assert response.is_json
    assert response.json == {"title": "Not Found", "status": 404}


def test_response_json_parses_with_app_provider(app, client):
    @app.get("/dupes")
    def dupes():
        return app.response_class('{"a": 1, "a": 2}', mimetype="application/json")

    with pytest.raises(ValueError, match="Duplicate key"):
        client.get("/dupes").get_json()


def test_client_uses_app_response_class_by_default(app):
    class Custom(app.response_class):
        pass

    app.response_class = Custom

    response = app.test_client().get("/")

    assert isinstance(response, Custom)
    assert isinstance(response, TestResponse)
    assert response.status_code == 404


def test_client_accepts_a_test_response_class(app):
    class Mine(TestResponse):
        pass

    response = TestClient(app, Mine).get("/")

    assert type(response) is Mine


def test_client_environ_base_can_be_overridden(app, client):
    @app.get("/ip")
    def ip():
        return {"ip": request.remote_addr, "agent": request.user_agent.string}

    response = client.get("/ip", environ_base={"REMOTE_ADDR": "10.0.0.1"})

    assert response.json == {"ip": "10.0.0.1", "agent": "restkit-test-client"}


@pytest.mark.parametrize("kind", ["builder", "environ", "request", "path"], ids=str)
def test_client_opens_prebuilt_requests(app, client, kind):
    @app.get("/who")
    def who():
        return {"ip": request.remote_addr, "q": request.args["q"]}

    builder = werkzeug.test.EnvironBuilder("/who", query_string={"q": "1"})
    arg = {
        "builder": builder,
        "environ": builder.get_environ(),
        "request": WerkzeugRequest(builder.get_environ()),
        "path": "/who?q=1",
    }[kind]

    response = client.open(arg)

    builder.close()
    assert response.json == {"ip": "127.0.0.1", "q": "1"}


# -- with client: keeping the context --------------------------------------------------------


@pytest.fixture
def traced(app):
    calls = []

    @app.get("/ping")
    def ping():
        g.user = request.args.get("user", "anon")
        session["seen"] = True
        return {"user": g.user}

    @app.teardown_request
    def on_request_teardown(exc):
        calls.append("request")

    @app.teardown_appcontext
    def on_appcontext_teardown(exc):
        calls.append("appcontext")

    return calls


def test_with_client_keeps_last_request_context(app, client, traced):
    with client:
        client.get("/ping?user=ann")

        assert request.args["user"] == "ann"
        assert session["seen"] is True
        assert g.user == "ann"
        assert traced == ["request"]

    assert not has_request_context()
    assert not has_app_context()
    assert traced == ["request", "appcontext"]


def test_with_client_drops_previous_context_on_new_request(app, client, traced):
    with client:
        client.get("/ping?user=ann")
        client.get("/ping?user=bob")

        assert g.user == "bob"
        assert request.args["user"] == "bob"
        assert traced == ["request", "appcontext", "request"]

    assert traced == ["request", "appcontext", "request", "appcontext"]


def test_without_with_nothing_is_kept(app, client, traced):
    client.get("/ping")

    assert not has_request_context()
    assert traced == ["request", "appcontext"]


def test_with_client_uses_an_active_app_context(app, client, traced):
    with app.app_context():
        g.outer = True
        with client:
            client.get("/ping?user=cy")

            assert g.outer is True
            assert g.user == "cy"
        assert not has_request_context()
        assert traced == ["request"]


def test_with_client_keeps_context_after_an_error(app, client):
    @app.get("/boom")
    def boom():
        g.step = "before the error"
        raise KeyError("boom")

    with client:
        with pytest.raises(KeyError):
            client.get("/boom")

        assert g.step == "before the error"
        assert request.path == "/boom"

    assert not has_app_context()


def test_with_client_follows_redirects(app, client):
    @app.get("/old")
    def old():
        return app.response_class(status=302, headers={"Location": "/new"})

    @app.get("/new")
    def new():
        g.page = "new"
        return "new page"

    with client:
        response = client.get("/old", follow_redirects=True)

        assert response.text == "new page"
        assert request.path == "/new"
        assert g.page == "new"

    assert not has_request_context()


def test_stream_closed_after_with_block_is_not_kept(app, client):
    @app.get("/stream")
    def stream():
        return app.response_class(stream_with_context(iter(["a", "b"])))

    with client:
        response = client.get("/stream")
    assert response.get_data(as_text=True) == "ab"
    response.close()

    assert not has_request_context()
    assert not has_app_context()


def test_with_client_cannot_be_nested(client):
    with client, pytest.raises(RuntimeError, match="cannot be nested"):
        client.__enter__()


# -- session_transaction --------------------------------------------------------------------


@pytest.fixture
def session_app(app):
    @app.get("/session")
    def show():
        return dict(session)

    @app.post("/session")
    def update():
        session.update(request.get_json())
        return dict(session)

    return app


def test_session_transaction_sets_values_for_next_request(session_app, client):
    with client.session_transaction() as sess:
        assert sess.new
        sess["user_id"] = 7

    assert client.get("/session").json == {"user_id": 7}


def test_session_transaction_reads_values_set_by_a_request(session_app, client):
    client.post("/session", json={"theme": "dark"})

    with client.session_transaction() as sess:
        assert dict(sess) == {"theme": "dark"}
        sess["lang"] = "fr"

    assert client.get("/session").json == {"theme": "dark", "lang": "fr"}


def test_session_transaction_unchanged_session_keeps_cookie(session_app, client):
    client.post("/session", json={"a": 1})
    before = client.get_cookie("session").value

    with client.session_transaction() as sess:
        assert sess["a"] == 1

    assert client.get_cookie("session").value == before


def test_session_transaction_clearing_deletes_cookie(session_app, client):
    client.post("/session", json={"a": 1})

    with client.session_transaction() as sess:
        sess.clear()

    assert client.get_cookie("session") is None
    assert client.get("/session").json == {}


def test_session_transaction_permanent_cookie(session_app, client):
    with client.session_transaction() as sess:
        sess.permanent = True
        sess["k"] = "v"

    cookie = client.get_cookie("session")
    assert cookie.max_age == 31 * 24 * 3600
    assert cookie.expires is not None
    assert cookie.http_only
    assert cookie.same_site == "Lax"


def test_session_transaction_cookie_domain_and_path(session_app, client):
    session_app.config.update(
        SERVER_NAME="example.com", SESSION_COOKIE_DOMAIN=".example.com", SESSION_COOKIE_PATH="/"
    )

    with client.session_transaction() as sess:
        sess["k"] = "v"

    cookie = client.get_cookie("session", domain="example.com")
    assert not cookie.origin_only
    assert client.get("/session", subdomain="api").json == {"k": "v"}
    with client.session_transaction() as sess:
        assert sess["k"] == "v"


def test_session_transaction_uses_the_interfaces_cookie_hooks(session_app, client):
    class AdminCookie(type(session_app.session_interface)):
        def get_cookie_name(self, app):
            return "admin_session"

        def get_cookie_path(self, app):
            return "/session"

    session_app.session_interface = AdminCookie()

    with client.session_transaction("/session") as sess:
        sess["k"] = "v"

    assert client.get_cookie("admin_session", path="/session") is not None
    assert client.get_cookie("session") is None
    assert client.get("/session").json == {"k": "v"}
    with client.session_transaction("/session") as sess:
        assert sess["k"] == "v"


def test_session_transaction_expired_cookie_is_deleted(session_app, client):
    client.post("/session", json={"a": 1})

    class Expiring(type(session_app.session_interface)):
        def save_session(self, app, session, response):
            response.set_cookie("session", "", expires=0)

    session_app.session_interface = Expiring()

    with client.session_transaction() as sess:
        sess["b"] = 2

    assert client.get_cookie("session") is None


def test_session_transaction_needs_cookies(session_app):
    client = session_app.test_client(use_cookies=False)

    with pytest.raises(TypeError, match="Cookies are disabled"), client.session_transaction():
        pass


def test_session_transaction_needs_secret_key(session_app, client):
    session_app.config["SECRET_KEY"] = None

    with pytest.raises(RuntimeError, match="SECRET_KEY"), client.session_transaction():
        pass


def test_session_transaction_null_session_is_not_saved(session_app, client):
    class NullOpening(type(session_app.session_interface)):
        def open_session(self, app, request):
            return self.make_null_session(app)

    session_app.session_interface = NullOpening()

    with client.session_transaction() as sess:
        assert session_app.session_interface.is_null_session(sess)

    assert client.get_cookie("session") is None


# -- RestkitCliRunner -----------------------------------------------------------------------


def test_cli_runner_invokes_app_commands(app):
    @app.cli.command("hello")
    @click.option("--name", default="world")
    def hello(name):
        click.echo(f"Hello, {name} from {app.name}!")

    runner = app.test_cli_runner()

    result = runner.invoke(args=["hello", "--name", "Ann"])

    assert isinstance(runner, RestkitCliRunner)
    assert result.exit_code == 0, result.output
    assert result.output == f"Hello, Ann from {app.name}!\n"


def test_cli_runner_invokes_a_given_command(app):
    @click.command()
    def standalone():
        click.echo("standalone")

    result = app.test_cli_runner().invoke(standalone)

    assert result.output == "standalone\n"


def test_cli_runner_runs_builtin_commands(app):
    @app.get("/pets")
    def pets():
        return []

    result = app.test_cli_runner().invoke(args=["routes"])

    assert result.exit_code == 0
    assert result.output.splitlines()[-1].split() == ["pets", "GET", "/pets"]
