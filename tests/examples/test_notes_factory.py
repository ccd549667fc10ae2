"""The application factory: what the README's first command runs, and what its document says."""

import http.client
import socket
import subprocess
import sys
import time
from pathlib import Path

from examples.notes import create_app

ROOT = Path(__file__).resolve().parents[2]
RESTKIT = Path(sys.executable).with_name("restkit")
TIMEOUT = 60


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type"), response.read()
    finally:
        connection.close()


def test_the_command_line_finds_the_factory_and_its_routes():
    result = subprocess.run(
        [RESTKIT, "--app", "examples.notes", "routes"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    for rule in ("/v1/notes", "/v1/notes/<int:note_id>", "/v1/sync", "/v1/tokens", "/docs"):
        assert rule in result.stdout.split(), rule


def test_restkit_run_serves_the_backend_and_its_docs(tmp_path):
    port = free_port()
    log = tmp_path / "server.log"
    with open(log, "wb") as output:
        server = subprocess.Popen(
            [RESTKIT, "--app", "examples.notes", "run", "--host", "127.0.0.1", "--port", str(port)],
            cwd=ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + TIMEOUT
        while True:
            try:
                status, content_type, page = get(port, "/docs")
                break
            except OSError:
                assert server.poll() is None, log.read_text()
                assert time.monotonic() < deadline, "restkit run did not answer in time"
                time.sleep(0.1)
        document_status, _, document = get(port, "/openapi.json")
    finally:
        server.terminate()
        server.wait(timeout=TIMEOUT)

    assert (status, content_type) == (200, "text/html; charset=utf-8")
    assert b"swagger-ui" in page
    assert document_status == 200
    assert b'"title":"Notes"' in document.replace(b" ", b"")


def test_the_document_names_the_api_its_contact_and_license():
    info = create_app().test_client().get("/openapi.json").json["info"]

    assert info["title"] == "Notes"
    assert info["description"].startswith("The backend of a notes app")
    assert set(info["contact"]) == {"name", "url"}
    assert info["license"]["name"] == "BSD-3-Clause"


def test_each_app_has_its_own_database(tmp_path):
    first = create_app({"NOTES_DATABASE": str(tmp_path / "one.sqlite3")}).test_client()
    second = create_app({"NOTES_DATABASE": str(tmp_path / "two.sqlite3")}).test_client()
    account = {"email": "ann@example.com", "password": "a long secret"}

    assert first.post("/v1/accounts", json=account).status_code == 201
    assert second.post("/v1/accounts", json=account).status_code == 201
