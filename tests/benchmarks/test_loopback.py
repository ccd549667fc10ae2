"""The loopback suite: servers started and stopped, answers checked over HTTP, wrk read."""

import io
import socket
import threading
from wsgiref.simple_server import WSGIRequestHandler, make_server

import pytest

from benchmarks.apps import floor
from benchmarks.contenders import BY_KEY, Contender
from benchmarks.loopback import (
    MODES,
    ServerFailed,
    check_answers,
    parse_wrk,
    serving,
    wrk_script,
)
from benchmarks.scenarios import SCENARIOS

BY_MODE = {mode.key: mode for mode in MODES}
WRK_OUTPUT = """\
Running 1s test @ http://127.0.0.1:50965/items
  1 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     3.08ms    3.19ms  19.58ms   83.17%
    Req/Sec     1.71k   313.01     2.34k    60.00%
  Latency Distribution
     50%  930.00us
     75%    4.75ms
     90%    7.72ms
     99%    1.34s
  1707 requests in 1.01s, 591.78KB read
  Socket errors: connect 0, read 3, write 0, timeout 1
  Non-2xx or 3xx responses: 1707
Requests/sec:   1689.05
Transfer/sec:    585.56KB
"""


def test_wrk_figures_are_read_in_milliseconds():
    assert parse_wrk(WRK_OUTPUT) == {
        "rps": 1689.05,
        "requests": 1707,
        "p50_ms": pytest.approx(0.93),
        "p99_ms": pytest.approx(1340.0),
        "socket_errors": 4,
    }


def test_unexpected_wrk_output_is_an_error():
    with pytest.raises(ValueError, match="unexpected wrk output"):
        parse_wrk("unable to connect to 127.0.0.1:1 Connection refused")


def test_the_wrk_script_sends_the_method_headers_and_body():
    post = next(scenario for scenario in SCENARIOS if scenario.key == "S3")

    script = wrk_script(post)

    assert script.splitlines() == [
        'wrk.method = "POST"',
        'wrk.headers["Accept"] = "application/json"',
        'wrk.headers["Content-Type"] = "application/json"',
        f"wrk.body = [==[{post.body.decode()}]==]",
    ]


def test_the_commands_serve_one_worker_without_access_logs():
    restkit, fastapi = BY_KEY["restkit"], BY_KEY["fastapi"]

    sync = BY_MODE["gunicorn-sync"].command(restkit, 8001)
    gthread = BY_MODE["gunicorn-gthread"].command(restkit, 8001)
    uvicorn = BY_MODE["uvicorn"].command(fastapi, 8001)

    assert sync[1:3] == ["-m", "gunicorn"]
    assert sync[-1] == "benchmarks.apps.restkit_app:create_app()"
    assert "--workers" in sync
    assert sync[sync.index("--workers") + 1] == "1"
    assert sync[sync.index("--worker-class") + 1] == "sync"
    assert gthread[gthread.index("--worker-class") + 1 : gthread.index("--threads") + 2] == [
        "gthread",
        "--threads",
        "4",
    ]
    assert uvicorn[1:5] == ["-m", "uvicorn", "--factory", "benchmarks.apps.fastapi_app:create_app"]
    assert "--no-access-log" in uvicorn


def test_the_restkit_app_answers_every_scenario_under_gunicorn(tmp_path):
    with serving(BY_MODE["gunicorn-sync"], BY_KEY["restkit"], tmp_path) as port:
        check_answers(port)

    with (
        pytest.raises(ConnectionRefusedError),
        socket.create_connection(("127.0.0.1", port), timeout=2),
    ):
        pass


def test_a_server_that_cannot_start_is_reported_with_its_log(tmp_path):
    broken = Contender(
        "broken", "broken", "benchmarks.apps.no_such_module", "create_app", "wsgi", ()
    )

    with (
        pytest.raises(ServerFailed, match="no_such_module"),
        serving(BY_MODE["gunicorn-sync"], broken, tmp_path),
    ):
        pass


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def wrong_server():
    """A real HTTP server on 127.0.0.1 whose app answers the invalid body with 201."""

    def app(environ, start_response):
        if environ["REQUEST_METHOD"] == "POST":
            environ["CONTENT_LENGTH"] = str(len(by_key["S3"].body))
            environ["wsgi.input"] = io.BytesIO(by_key["S3"].body)
        return correct(environ, start_response)

    by_key = {scenario.key: scenario for scenario in SCENARIOS}
    correct = floor.create_app()
    server = make_server("127.0.0.1", 0, app, handler_class=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_port
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


def test_a_wrong_answer_over_http_is_refused(wrong_server):
    with pytest.raises(ServerFailed, match="S4: expected status 422, got 201"):
        check_answers(wrong_server)
