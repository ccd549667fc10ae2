"""The development server behind ``App.run``: defaults, ``SERVER_NAME``, a free port, ``.env``."""

import os
import re
import subprocess
import sys
import urllib.request

import pytest


@pytest.fixture
def run_simple_calls(monkeypatch):
    calls = []
    monkeypatch.setattr(
        "werkzeug.serving.run_simple",
        lambda host, port, application, **options: calls.append((host, port, application, options)),
    )
    return calls


def test_run_defaults(app, run_simple_calls):
    app.run()

    [(host, port, application, options)] = run_simple_calls
    assert (host, port, application) == ("127.0.0.1", 5000, app)
    assert options == {"use_reloader": False, "use_debugger": False, "threaded": True}


def test_run_reads_server_name_and_debug(app, run_simple_calls):
    app.config["SERVER_NAME"] = "api.test:8080"

    app.run(debug=True, use_reloader=False)

    [(host, port, _, options)] = run_simple_calls
    assert (host, port) == ("api.test", 8080)
    assert app.debug is True
    assert options == {"use_reloader": False, "use_debugger": True, "threaded": True}


def test_run_explicit_host_and_port_win(app, run_simple_calls):
    app.config["SERVER_NAME"] = "api.test:8080"

    app.run(host="0.0.0.0", port=9000)

    assert run_simple_calls[0][:2] == ("0.0.0.0", 9000)


def test_run_port_zero_asks_for_a_free_port(app, run_simple_calls):
    app.config["SERVER_NAME"] = "api.test:8080"

    app.run(port=0)

    assert run_simple_calls[0][:2] == ("api.test", 0)


SERVED_SCRIPT = """
from restkit.core import App

app = App("served")


@app.get("/")
def index():
    return "served on a free port"


app.run(port=0)
"""


def test_run_port_zero_serves_on_a_free_port(tmp_path):
    script = tmp_path / "serve.py"
    script.write_text(SERVED_SCRIPT)
    server = subprocess.Popen(
        [sys.executable, str(script)],
        cwd=tmp_path,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "RESTKIT_SKIP_DOTENV": "1"},
    )
    try:
        url = None
        for line in server.stderr:  # werkzeug logs the address it bound
            found = re.search(r"Running on (http://127\.0\.0\.1:(\d+))", line)
            if found:
                url, port = found[1], int(found[2])
                break
        assert url is not None, "the server did not report its address"
        assert port not in (0, 5000)
        with urllib.request.urlopen(url, timeout=30) as response:
            assert response.read() == b"served on a free port"
    finally:
        server.terminate()
        server.wait(timeout=30)
        server.stderr.close()


@pytest.fixture
def env_file_folder(tmp_path, monkeypatch):
    (tmp_path / ".env").write_text("RESTKIT_RUN_TEST_VALUE=from-dotenv\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("RESTKIT_SKIP_DOTENV", raising=False)
    monkeypatch.delenv("RESTKIT_RUN_TEST_VALUE", raising=False)
    yield
    os.environ.pop("RESTKIT_RUN_TEST_VALUE", None)


@pytest.mark.parametrize(
    ("load_dotenv", "value"), [(True, "from-dotenv"), (False, None)], ids=["load", "skip"]
)
def test_run_loads_dotenv_files(app, run_simple_calls, env_file_folder, load_dotenv, value):
    app.run(load_dotenv=load_dotenv)

    assert os.environ.get("RESTKIT_RUN_TEST_VALUE") == value
    assert "load_dotenv" not in run_simple_calls[0][3]
