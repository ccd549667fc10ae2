"""The example apps the reliability and security tests run against: one entry each.

Each entry says how to build its app with every file in a folder of the test's,
how a client signs in, and where the app takes the inputs those tests send:
a JSON body, an integer in the path and in the query, a write whose copies can
be counted in its SQLite database. Adding an example to the schemathesis runs
(``tests/spec/test_conformance*.py``), the hostile-input corpus
(``tests/hostile``), the load and fault tests (``tests/load``) and the security
audit (``tests/security``) is adding its entry to :data:`EXAMPLES`;
``tests/security/test_defaults.py`` fails while an example with an ``Api`` has
no entry.
"""

from __future__ import annotations

import dataclasses
import importlib
import typing as t
import uuid
from pathlib import Path

import requests

if t.TYPE_CHECKING:
    from restkit import App

ROOT = Path(__file__).resolve().parents[1]

#: Sends one request for a sign-in: ``(method, path, headers, JSON body or None)`` to
#: ``(status, JSON body or None)``, through the test client or over a socket alike.
Send = t.Callable[[str, str, dict[str, str], t.Any], tuple[int, t.Any]]
SEND_TIMEOUT = 10.0


def send_to(base_url: str) -> Send:
    """Return a :data:`Send` over HTTP to *base_url* (``http://127.0.0.1:<port>``)."""

    def send(method: str, path: str, headers: dict[str, str], body: t.Any) -> tuple[int, t.Any]:
        response = requests.request(
            method, base_url + path, headers=headers, json=body, timeout=SEND_TIMEOUT
        )
        return response.status_code, response.json() if response.content else None

    return send


@dataclasses.dataclass(frozen=True)
class JsonEndpoint:
    """An endpoint creating a resource from a JSON object, and an object it accepts."""

    method: str
    path: str
    body: t.Mapping[str, t.Any]
    text_field: str
    """A required text field of the body."""
    read_only_field: str
    """A field the resource has but a client may not send (``dump_only``)."""


@dataclasses.dataclass(frozen=True)
class Writes:
    """How the load tests write to the app: one logical write per name, counted in SQLite."""

    body: t.Callable[[str], dict[str, t.Any]]
    """The JSON body of the write named *name*."""
    rows: str
    """SQL selecting ``(id, name)`` for every row the writes made."""
    database_key: str
    """The config key holding the SQLite file's path."""
    config: t.Mapping[str, t.Any] = dataclasses.field(default_factory=dict)
    """Config the load tests add (e.g. to take ``Idempotency-Key`` on creation)."""
    exactly_once_under_kill: bool = True
    """Whether a write is stored with its key, so that a worker killed between the
    write and the key's completion cannot make a retry write again."""


@dataclasses.dataclass(frozen=True)
class ExampleApp:
    """One example app, as the reliability and security tests see it."""

    name: str
    module: str
    config: t.Callable[[Path], dict[str, t.Any]]
    """Its config, with every file (database, store) in the given folder."""
    sign_in: t.Callable[[Send], dict[str, str]]
    """Signs a client in; returns the headers its requests carry (``{}`` without auth)."""
    health: str
    """A path a signed-in ``GET`` answers with 200: the normal request after a hostile one."""
    json_endpoint: JsonEndpoint
    item_path: str
    """One resource by its integer id, ``{}`` for the id: a ``GET`` with an ETag, and a
    ``PUT`` of a :attr:`json_endpoint` body that requires ``If-Match``."""
    integer_query: tuple[str, str]
    """A path and an integer query parameter it takes."""
    writes: Writes

    @property
    def document(self) -> Path:
        """The committed OpenAPI document."""
        return ROOT / "openapi" / f"{self.name}.json"

    def create_app(self, folder: Path, **config: t.Any) -> App:
        """Build the app in *folder*, with *config* applied last."""
        module = importlib.import_module(self.module)
        return t.cast("App", module.create_app({**self.config(folder), **config}))

    def served(self, folder: Path, **config: t.Any) -> str:
        """Return the app as gunicorn names it (``module:create_app({...})``)."""
        return f"{self.module}:create_app({ ({**self.config(folder), **config})!r})"


def no_sign_in(send: Send) -> dict[str, str]:
    """An app without authentication: nothing to send."""
    return {}


def petstore_config(folder: Path) -> dict[str, t.Any]:
    return {
        "PETSTORE_DATABASE": str(folder / "pets.sqlite3"),
        "API_STORE_URL": f"sqlite:///{folder / 'store.sqlite3'}",
    }


PETSTORE = ExampleApp(
    name="petstore",
    module="examples.petstore",
    config=petstore_config,
    sign_in=no_sign_in,
    health="/pets",
    json_endpoint=JsonEndpoint(
        "POST", "/pets", {"name": "Rex", "tag": "dog"}, text_field="name", read_only_field="id"
    ),
    item_path="/pets/{}",
    integer_query=("/pets", "limit"),
    writes=Writes(
        body=lambda name: {"name": name},
        rows="SELECT id, name FROM pets",
        database_key="PETSTORE_DATABASE",
        # The petstore takes no Idempotency-Key of itself: switched on for every POST.
        config={"API_IDEMPOTENCY": True},
        exactly_once_under_kill=False,
    ),
)


def notes_config(folder: Path) -> dict[str, t.Any]:
    return {
        "NOTES_DATABASE": str(folder / "notes.sqlite3"),
        "NOTES_ATTACHMENT_FOLDER": str(folder / "attachments"),
        "API_STORE_URL": f"sqlite:///{folder / 'store.sqlite3'}",
    }


def notes_sign_in(send: Send) -> dict[str, str]:
    """Sign up an account of the test's own and log in with it: a bearer token."""
    account = {"email": f"{uuid.uuid4().hex[:12]}@example.com", "password": "a long password"}
    status, body = send("POST", "/v1/accounts", {}, account)
    assert status == 201, body
    status, body = send("POST", "/v1/tokens", {}, account)
    assert status == 201, body
    return {"Authorization": f"Bearer {body['token']}"}


NOTES = ExampleApp(
    name="notes",
    module="examples.notes",
    config=notes_config,
    sign_in=notes_sign_in,
    health="/v1/notes",
    json_endpoint=JsonEndpoint(
        "POST",
        "/v1/notes",
        {"title": "Shopping", "body": "Milk", "tags": ["home"]},
        text_field="title",
        read_only_field="id",
    ),
    item_path="/v1/notes/{}",
    integer_query=("/v1/notes", "page_size"),
    writes=Writes(
        body=lambda name: {"title": name},
        rows="SELECT id, title FROM notes",
        database_key="NOTES_DATABASE",
    ),
)

EXAMPLES: tuple[ExampleApp, ...] = (PETSTORE, NOTES)
