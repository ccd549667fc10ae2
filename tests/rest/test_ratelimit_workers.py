"""Rate limits under a real gunicorn with two worker processes: one quota, whichever answers."""

from __future__ import annotations

import concurrent.futures
import json
import typing as t

import pytest

from tests.serving.conftest import gunicorn_server

if t.TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from tests.serving.conftest import GunicornServer, Reply

QUOTA = 30


@pytest.fixture(
    params=[("sqlite", "fixed-window"), ("sqlite", "moving-window"), ("redis", "fixed-window")],
    ids=["sqlite-fixed-window", "sqlite-moving-window", "redis-fixed-window"],
)
def limited(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GunicornServer]:
    store, strategy = request.param
    if store == "sqlite":
        store_url = f"sqlite:///{tmp_path / 'store' / 'restkit-store.sqlite3'}"
    else:
        store_url = request.getfixturevalue("redis_url")
    logs = tmp_path / "logs"
    logs.mkdir()
    arguments = ", ".join(map(repr, (store_url, strategy, str(tmp_path / "instance"))))
    with gunicorn_server(
        f"tests.rest.rate_limited_app:create_app({arguments})", logs, workers=2
    ) as server:
        yield server


def test_two_workers_spend_one_quota(limited: GunicornServer) -> None:
    def call(_: int) -> Reply:
        return limited.request("GET", "/pid")

    # Four clients at once keep both sync workers busy, so both answer.
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as clients:
        replies = list(clients.map(call, range(QUOTA + 10)))

    served = [reply for reply in replies if reply.status == 200]
    refused = [reply for reply in replies if reply.status == 429]
    assert (len(served), len(refused)) == (QUOTA, 10)
    assert len({json.loads(reply.body)["pid"] for reply in served}) == 2
    assert len(limited.pids_in_access_log()) == 2
    # The quota left is read just after counting: another worker may have counted since.
    remaining = [int(reply.headers["ratelimit"].split(";r=")[1].split(";")[0]) for reply in served]
    assert min(remaining) == 0
    assert max(remaining) <= QUOTA - 1
    assert {reply.headers["ratelimit-policy"] for reply in replies} == {'"operation";q=30;w=60'}
    assert all(json.loads(reply.body)["status"] == 429 for reply in refused)
    assert all(1 <= int(reply.headers["retry-after"]) <= 60 for reply in refused)
