"""The petstore under gunicorn with two workers: both see the same pets."""

from __future__ import annotations

import concurrent.futures
import json
import typing as t

import pytest

from .conftest import gunicorn_server

if t.TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from .conftest import GunicornServer

JSON = {"Content-Type": "application/json"}


@pytest.fixture
def petstore(tmp_path: Path, logs: Path) -> Iterator[GunicornServer]:
    database = str(tmp_path / "pets.sqlite3")
    app = f"examples.petstore:create_app({{'PETSTORE_DATABASE': {database!r}}})"
    with gunicorn_server(app, logs, workers=2) as server:
        yield server


def add_pet(server: GunicornServer, name: str) -> int:
    reply = server.request("POST", "/pets", headers=JSON, body=json.dumps({"name": name}).encode())
    assert reply.status == 201
    return t.cast(int, json.loads(reply.body)["id"])


def test_two_workers_agree_on_the_pets(petstore: GunicornServer) -> None:
    names = [f"pet {number}" for number in range(40)]
    # Four clients at once keep both sync workers busy, so both answer.
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as clients:
        ids = list(clients.map(lambda name: add_pet(petstore, name), names))

    assert sorted(ids) == list(range(1, 41))
    assert len(petstore.pids_in_access_log()) == 2
    etag = petstore.request("GET", "/pets/7").headers["etag"]
    assert petstore.request("DELETE", "/pets/7", headers={"If-Match": etag}).status == 204
    assert {petstore.request("GET", "/pets/7").status for _ in range(10)} == {404}
    listings = {petstore.request("GET", "/pets?limit=100").body for _ in range(10)}
    [listing] = listings
    assert [pet["id"] for pet in json.loads(listing)] == [i for i in range(1, 41) if i != 7]
