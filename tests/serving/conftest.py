"""A real gunicorn on 127.0.0.1, started and stopped by the tests, and raw HTTP requests to it.

``gunicorn_server(app, tmp_path, workers=...)`` starts ``gunicorn`` on a port the
kernel picks, waits until it listens and every worker has booted, and stops
it at the end. Every request has a timeout, and so has every wait.
"""

from __future__ import annotations

import contextlib
import dataclasses
import http.client
import os
import re
import signal
import subprocess
import sys
import time
import typing as t
from pathlib import Path

import pytest

if t.TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
TIMEOUT = 30.0
REQUEST_TIMEOUT = 10.0
LISTENING = re.compile(r"Listening at: http://127\.0\.0\.1:(\d+)")


@dataclasses.dataclass(frozen=True)
class Reply:
    """What came back: status, headers (names in lower case), body."""

    status: int
    headers: dict[str, str]
    body: bytes


@dataclasses.dataclass(frozen=True)
class GunicornServer:
    """A running gunicorn: where it listens, and its logs."""

    port: int
    error_log: Path
    access_log: Path
    process: subprocess.Popen[bytes]
    """The master process, for the tests that signal it."""

    def request(
        self,
        method: str,
        path: str,
        *,
        headers: dict[str, str] | None = None,
        body: bytes | None = None,
    ) -> Reply:
        """Send one request on a new connection, with ``Host`` as given (or ``127.0.0.1``)."""
        headers = {"Host": f"127.0.0.1:{self.port}", **(headers or {})}
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT)
        try:
            connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
            for name, value in headers.items():
                connection.putheader(name, value)
            if body is not None:
                connection.putheader("Content-Length", str(len(body)))
            connection.endheaders(body)
            response = connection.getresponse()
            return Reply(
                response.status,
                {name.lower(): value for name, value in response.getheaders()},
                response.read(),
            )
        finally:
            connection.close()

    def pids_in_access_log(self) -> set[str]:
        """Return the ids of the worker processes that answered requests."""
        return {line.split()[0] for line in self.access_log.read_text().splitlines() if line}


@contextlib.contextmanager
def gunicorn_server(
    app: str, logs: Path, *, workers: int = 1, options: Sequence[str] = ()
) -> Iterator[GunicornServer]:
    """Serve the WSGI *app* (gunicorn's ``module:name`` or ``module:factory(...)``), with
    more gunicorn *options* if given (they win over the defaults here)."""
    error_log, access_log = logs / "gunicorn-error.log", logs / "gunicorn-access.log"
    command = [
        *(sys.executable, "-m", "gunicorn"),
        *("--bind", "127.0.0.1:0", "--workers", str(workers), "--worker-class", "sync"),
        *("--timeout", "30", "--graceful-timeout", "5", "--pythonpath", str(HERE)),
        *("--error-logfile", str(error_log), "--access-logfile", str(access_log)),
        *("--access-logformat", "%(p)s %(m)s %(U)s %(s)s"),
        *options,
        app,
    ]
    with open(logs / "gunicorn-output.log", "wb") as output:
        process = subprocess.Popen(command, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT)
        try:
            port = _wait_until_ready(process, error_log, workers)
            yield GunicornServer(port, error_log, access_log, process)
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=TIMEOUT)


def _wait_until_ready(process: subprocess.Popen[bytes], error_log: Path, workers: int) -> int:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited with {process.returncode}: {_read(error_log)}")
        log = _read(error_log)
        listening = LISTENING.search(log)
        if listening and log.count("Booting worker with pid") >= workers:
            return int(listening[1])
        time.sleep(0.05)
    pytest.fail(f"gunicorn was not ready after {TIMEOUT} s: {_read(error_log)}")


def _read(path: Path) -> str:
    return path.read_text() if path.exists() else ""


@pytest.fixture
def logs(tmp_path: Path) -> Path:
    folder = tmp_path / "logs"
    os.makedirs(folder)
    return folder
