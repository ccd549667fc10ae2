"""Nothing of the ``Host`` header reaches a page or an absolute URL unless it is trusted.

The examples build no absolute URL: a foreign ``Host`` appears nowhere in
what they send — docs page, documents, ``Location`` of a creation, errors.
With ``TRUSTED_HOSTS`` set, a foreign host is refused with 400 on every
route, and a trusted one is what ``url_for(_external=True)`` writes. Without
it (or ``SERVER_NAME``), ``url_for(_external=True)`` takes the request's host,
as Flask's does: the reason ``docs/security.md`` asks for ``TRUSTED_HOSTS``.
"""

from __future__ import annotations

import typing as t

from restkit import url_for

from .clients import signed_in

if t.TYPE_CHECKING:
    from pathlib import Path

    from restkit import App
    from restkit.testing import TestResponse
    from tests.example_apps import ExampleApp

FOREIGN = "evil.example"
TRUSTED = "api.example.com"


def sent(response: TestResponse) -> str:
    """Return all a client receives: status line, headers and body."""
    return f"{response.status}\n{response.headers}\n{response.get_data(as_text=True)}"


def every_request(app: App, example: ExampleApp) -> list[tuple[str, str, t.Any]]:
    """Return ``(method, path, JSON body)`` of each GET route without parameters, and more.

    The docs page and the documents, a creation (its ``Location``), a 404, a 405.
    """
    requests: list[tuple[str, str, t.Any]] = [
        ("GET", rule.rule, None)
        for rule in app.url_map.iter_rules()
        if "GET" in (rule.methods or ()) and not rule.arguments
    ]
    endpoint = example.json_endpoint
    requests += [
        (endpoint.method, endpoint.path, dict(endpoint.body)),
        ("GET", "/no/such/page", None),
        ("PATCH", endpoint.path, None),
    ]
    return requests


def test_a_foreign_host_appears_nowhere(example: ExampleApp, tmp_path: Path) -> None:
    app = example.create_app(tmp_path)
    client = app.test_client()
    headers = signed_in(example, client)
    requests = every_request(app, example)
    assert {"/docs", "/openapi.json", "/openapi.yaml", example.health} <= {
        path for _, path, _ in requests
    }

    statuses = {}
    for method, path, body in requests:
        response = client.open(
            path, method=method, json=body, headers=headers, base_url=f"http://{FOREIGN}"
        )
        statuses[method, path] = response.status_code
        assert FOREIGN not in sent(response), (method, path)

    endpoint = example.json_endpoint
    assert statuses[endpoint.method, endpoint.path] == 201
    assert statuses["GET", "/docs"] == 200
    assert statuses["GET", "/no/such/page"] == 404


def test_the_document_names_no_host(example: ExampleApp, tmp_path: Path) -> None:
    client = example.create_app(tmp_path).test_client()

    document = client.get("/openapi.json", base_url=f"http://{FOREIGN}").json

    assert document["servers"] == [{"url": "/"}]


def test_a_creation_locates_its_resource_without_a_host(
    example: ExampleApp, tmp_path: Path
) -> None:
    client = example.create_app(tmp_path).test_client()
    headers = signed_in(example, client)
    endpoint = example.json_endpoint

    response = client.open(
        endpoint.path,
        method=endpoint.method,
        json=dict(endpoint.body),
        headers=headers,
        base_url=f"http://{FOREIGN}",
    )

    assert response.status_code == 201
    location = response.headers.get("Location")
    assert location is None or location.startswith("/")


def with_external_url(app: App) -> App:
    @app.get("/audit/where")
    def where() -> dict[str, str]:
        return {"url": url_for("where", _external=True)}

    return app


def test_trusted_hosts_refuse_a_foreign_host_on_every_route(
    example: ExampleApp, tmp_path: Path
) -> None:
    # localhost too: the test client signs in under it.
    app = with_external_url(example.create_app(tmp_path, TRUSTED_HOSTS=[TRUSTED, "localhost"]))
    client = app.test_client()
    headers = signed_in(example, client)

    for method, path, body in [*every_request(app, example), ("GET", "/audit/where", None)]:
        response = client.open(
            path, method=method, json=body, headers=headers, base_url=f"http://{FOREIGN}"
        )
        assert response.status_code == 400, (method, path)
        assert response.json == {
            "type": "about:blank",
            "title": "Bad Request",
            "status": 400,
            "detail": f"Host {FOREIGN!r} is not trusted.",
        }


def test_a_trusted_host_is_used_in_external_urls(example: ExampleApp, tmp_path: Path) -> None:
    app = with_external_url(example.create_app(tmp_path, TRUSTED_HOSTS=[TRUSTED]))
    response = app.test_client().get("/audit/where", base_url=f"http://{TRUSTED}")

    assert response.json == {"url": f"http://{TRUSTED}/audit/where"}


def test_server_name_pins_external_urls(example: ExampleApp, tmp_path: Path) -> None:
    app = with_external_url(example.create_app(tmp_path, SERVER_NAME=TRUSTED))

    response = app.test_client().get("/audit/where", base_url=f"http://{FOREIGN}")

    assert response.json == {"url": f"http://{TRUSTED}/audit/where"}


def test_without_either_external_urls_take_the_requests_host(
    example: ExampleApp, tmp_path: Path
) -> None:
    app = with_external_url(example.create_app(tmp_path))

    response = app.test_client().get("/audit/where", base_url=f"http://{FOREIGN}")

    assert response.json == {"url": f"http://{FOREIGN}/audit/where"}
