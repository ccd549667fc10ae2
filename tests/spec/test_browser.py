"""The docs pages in a real headless Chromium, against a real server, with no network but loopback.

Swagger UI must render the petstore's operations and run "Try it out" with only
the files restkit serves: any request leaving 127.0.0.1 is aborted and fails
the test. ReDoc and Scalar load their pinned script from a CDN: the tests
answer for the CDN with the very file npm ships (so the page renders only if
its integrity hash is right), with a tampered file, and with no network.
"""

from __future__ import annotations

import json
import os
import threading
import typing as t
import urllib.parse
import urllib.request

import pytest
from werkzeug.serving import make_server

from restkit.spec import REDOC_CDN, SCALAR_CDN

from .test_pages import npm_file

if t.TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from playwright.sync_api import BrowserContext, Route

    from restkit import App

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 30_000


@pytest.fixture
def chromium() -> str:
    """Return the system Chromium; skip without one, unless on CI where it must exist."""
    if not os.path.isfile(CHROMIUM):
        message = f"{CHROMIUM} is missing: install Debian's chromium package (make browser-deps)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return CHROMIUM


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """Serve a fresh petstore app on a free loopback port, every page on; return its URL."""
    from examples.petstore import create_app

    config = {
        "OPENAPI_REDOC_URL": REDOC_CDN.url,
        "OPENAPI_SCALAR_URL": SCALAR_CDN.url,
        "PETSTORE_DATABASE": str(tmp_path / "pets.sqlite3"),
    }
    httpd = make_server("127.0.0.1", 0, create_app(config), threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, name="petstore", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()
        thread.join(timeout=10)
        httpd.server_close()
    assert not thread.is_alive()


def add_pet(base_url: str, name: str) -> None:
    request = urllib.request.Request(
        f"{base_url}/pets",
        data=json.dumps({"name": name}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 201


def test_swagger_ui_renders_and_tries_a_get_offline(
    chromium: str, server: str, tmp_path: Path
) -> None:
    from playwright.sync_api import sync_playwright

    add_pet(server, "Rex")
    refused: list[str] = []

    def only_loopback(route: Route) -> None:
        url = route.request.url
        if urllib.parse.urlsplit(url).hostname == "127.0.0.1":
            route.continue_()
        else:
            refused.append(url)
            route.abort()

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=chromium,
            headless=True,
            args=CHROMIUM_ARGS,
        )
        try:
            context.set_default_timeout(TIMEOUT_MS)
            context.route("**/*", only_loopback)
            page = context.new_page()
            page.goto(f"{server}/docs")
            page.wait_for_selector(".opblock")
            redirect = page.evaluate("window.ui.getConfigs().oauth2RedirectUrl")
            assert redirect == f"{server}/docs/assets/oauth2-redirect.html"
            assert page.locator(".opblock").count() == 5
            assert page.locator(".opblock-tag").first.inner_text().startswith("pets")

            operation = page.locator("#operations-pets-listPets")
            operation.locator(".opblock-summary").click()
            operation.locator(".try-out__btn").click()
            operation.locator(".execute").click()
            status = operation.locator(".live-responses-table .response .response-col_status")
            status.first.wait_for()
            assert status.first.inner_text().strip() == "200"
            body = operation.locator(".live-responses-table .response-col_description pre")
            assert '"name": "Rex"' in body.first.inner_text()
        finally:
            context.close()
    assert refused == [], f"the page needed the network: {refused}"


@pytest.fixture
def browser(chromium: str, tmp_path: Path) -> Iterator[BrowserContext]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=chromium,
            headless=True,
            args=CHROMIUM_ARGS,
        )
        try:
            context.set_default_timeout(TIMEOUT_MS)
            yield context
        finally:
            context.close()


def cdn_answering(
    script_url: str, body: bytes | None, refused: list[str]
) -> t.Callable[[Route], None]:
    """Return a route handler: loopback passes, *script_url* gets *body*, the rest fails.

    Other addresses the page asks for are added to *refused*.
    """

    def handle(route: Route) -> None:
        url = route.request.url
        if urllib.parse.urlsplit(url).hostname == "127.0.0.1":
            route.continue_()
        elif url == script_url and body is not None:
            route.fulfill(
                status=200,
                body=body,
                content_type="text/javascript",
                headers={"Access-Control-Allow-Origin": "*"},
            )
        else:
            if url != script_url:
                refused.append(url)
            route.abort()

    return handle


#: Each CDN page: its path, script, what shows it rendered, what else it may fetch.
PINNED = [
    pytest.param(
        "/redoc",
        REDOC_CDN,
        "redoc .menu-content",
        # ReDoc 3 always shows its vendor's logo; no option turns the image off.
        ["https://cdn.redoc.ly/redoc/logo-mini-full.svg"],
        id="redoc",
    ),
    pytest.param("/scalar", SCALAR_CDN, ".scalar-app", [], id="scalar"),
]


@pytest.mark.parametrize(("path", "script", "rendered", "fetched"), PINNED)
def test_a_cdn_page_renders_from_the_pinned_file(browser, server, path, script, rendered, fetched):
    refused: list[str] = []
    browser.route("**/*", cdn_answering(script.url, npm_file(script), refused))
    page = browser.new_page()
    page.goto(f"{server}{path}")

    page.wait_for_selector(rendered)
    page.locator("text=Pets in the store >> visible=true").first.wait_for()
    assert page.locator("#docs-unavailable").is_hidden()
    page.wait_for_load_state("networkidle")
    assert refused == fetched, "the page called other servers (telemetry, fonts...)"


@pytest.mark.parametrize(
    ("path", "script", "body"),
    [
        pytest.param("/redoc", REDOC_CDN, None, id="redoc-offline"),
        pytest.param("/scalar", SCALAR_CDN, None, id="scalar-offline"),
        pytest.param("/scalar", SCALAR_CDN, b"window.Scalar = 'tampered';", id="scalar-tampered"),
    ],
)
def test_a_cdn_page_says_so_when_its_script_cannot_load(browser, server, path, script, body):
    browser.route("**/*", cdn_answering(script.url, body, []))
    page = browser.new_page()
    page.goto(f"{server}{path}")

    message = page.locator("#docs-unavailable")
    message.wait_for(state="visible")
    assert "could not be loaded" in message.inner_text()
    assert page.evaluate("typeof window.Scalar") == "undefined"


def notes_app_with_a_token() -> App:
    """Return an app whose notes need a bearer token (``secret-token`` is Ann's)."""
    from restkit import Api, App, Blueprint
    from restkit.auth import HTTPTokenAuth, compare_secrets

    auth = HTTPTokenAuth(description="Ask the admin for a token.")

    @auth.verify_token
    def find_user(token: str) -> str | None:
        return "ann" if compare_secrets(token, "secret-token") else None

    notes = Blueprint("notes", __name__, url_prefix="/notes", description="Notes")

    @notes.route("/mine")
    @notes.auth_required(auth)
    @notes.response(200)
    def my_notes() -> dict[str, t.Any]:
        """List my notes"""
        return {"owner": auth.current_user, "notes": []}

    app = App(__name__)
    app.config.update(API_TITLE="Notes", API_VERSION="1.0.0")
    api = Api(app)
    api.register_blueprint(notes)
    return app


@pytest.fixture
def notes_server() -> Iterator[str]:
    """Serve :func:`notes_app_with_a_token` on a free loopback port; return its URL."""
    httpd = make_server("127.0.0.1", 0, notes_app_with_a_token(), threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, name="notes", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()
        thread.join(timeout=10)
        httpd.server_close()
    assert not thread.is_alive()


def test_swagger_ui_authorizes_and_calls_a_protected_endpoint(browser, notes_server):
    refused: list[str] = []

    def only_loopback(route: Route) -> None:
        if urllib.parse.urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    browser.route("**/*", only_loopback)
    page = browser.new_page()
    page.goto(f"{notes_server}/docs")
    operation = page.locator("#operations-notes-myNotes")
    operation.wait_for()

    def execute() -> tuple[str, str]:
        operation.locator(".execute").click()
        status = operation.locator(".live-responses-table .response .response-col_status")
        status.first.wait_for()
        body = operation.locator(".live-responses-table .response-col_description pre").first
        result = status.first.inner_text().strip(), body.inner_text()
        operation.locator(".btn-clear").click()
        return result

    operation.locator(".opblock-summary").click()
    operation.locator(".try-out__btn").click()
    status, body = execute()
    assert status == "401"
    assert '"status": 401' in body

    page.locator(".auth-wrapper .authorize").click()
    dialog = page.locator(".dialog-ux")
    assert "Ask the admin for a token." in dialog.inner_text()
    dialog.locator("input").fill("secret-token")
    dialog.locator(".auth-btn-wrapper .authorize").click()
    dialog.locator(".btn-done").click()
    status, body = execute()

    assert status == "200"
    assert '"owner": "ann"' in body
    assert refused == []
