"""Signing a test client of an example in, as its entry in ``tests/example_apps.py`` says."""

from __future__ import annotations

import typing as t

if t.TYPE_CHECKING:
    from restkit.testing import TestClient
    from tests.example_apps import ExampleApp, Send


def sender(client: TestClient) -> Send:
    """Return a :data:`Send` going through *client*, for ``ExampleApp.sign_in``."""

    def send(method: str, path: str, headers: dict[str, str], body: t.Any) -> tuple[int, t.Any]:
        response = client.open(path, method=method, headers=headers, json=body)
        return response.status_code, response.get_json(silent=True)

    return send


def signed_in(example: ExampleApp, client: TestClient) -> dict[str, str]:
    """Sign a client of *example* in; return the headers its requests carry."""
    return example.sign_in(sender(client))
