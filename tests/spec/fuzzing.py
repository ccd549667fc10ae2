"""What the schemathesis runs share: the apps they fuzz, their config, sign-in and hooks.

A target is an example app of ``tests/example_apps.py``, or the vault of
``tests/hostile`` (signed in with a token, so the checks of authenticated
operations run whatever the examples have). Its schema sends every request —
those of the checks' probes too — to the app the running test built
(:class:`Forwarder`), or to the ``base_url`` of a served one; the signed-in
client's headers are applied by a schemathesis auth provider, so schemathesis
knows them for credentials it may remove to check they are required.
"""

from __future__ import annotations

import dataclasses
import json
import typing as t
import uuid

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.config import SchemathesisConfig
from schemathesis.core.parameters import ParameterLocation

from tests.example_apps import EXAMPLES, ExampleApp
from tests.hostile import vault

if t.TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from schemathesis.generation.case import Case
    from schemathesis.schemas import BaseSchema

    from restkit import App
    from tests.example_apps import Send

MAX_EXAMPLES = 40

SETTINGS = settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)

load_all_checks()
ALL_CHECKS = list(CHECKS.get_all())

#: Conditional requests (RFC 6585, RFC 9110 §13): a missing If-Match is answered 428, and a
#: valid request whose If-Match names another ETag 412; the other statuses are the defaults.
MISSING_HEADER_STATUSES = ["400", "401", "403", "406", "415", "422", "428"]
FORMS = ("multipart/form-data", "application/x-www-form-urlencoded")
ACCEPTED_STATUSES = ["2xx", "3xx", "401", "403", "404", "409", "412", "429", "5xx"]


def config_for(document: dict[str, t.Any]) -> SchemathesisConfig:
    """Return the run's config for *document*.

    Two refusals of valid-looking data are valid answers: a feed's ``cursor`` is
    opaque and signed, so no generator can make one the server gave out, and a
    made-up cursor's 400 (documented) is right; an uploaded file's content (an
    image, say) is checked beyond what a schema says, so an upload's documented
    422 is right too.
    """
    operations = [
        (operation, "400" if cursor_parameter(operation) else "422")
        for item in document["paths"].values()
        for operation in item.values()
        if isinstance(operation, dict) and (cursor_parameter(operation) or uploads(operation))
    ]
    return SchemathesisConfig.from_dict(
        {
            "checks": {
                "missing_required_header": {"expected-statuses": MISSING_HEADER_STATUSES},
                "positive_data_acceptance": {"expected-statuses": ACCEPTED_STATUSES},
            },
            "operations": [
                {
                    "include-operation-id": operation["operationId"],
                    "checks": {
                        "positive_data_acceptance": {
                            "expected-statuses": [*ACCEPTED_STATUSES, status]
                        }
                    },
                }
                for operation, status in operations
            ],
        }
    )


def cursor_parameter(operation: dict[str, t.Any]) -> bool:
    """Whether *operation* takes a ``cursor`` in its query."""
    return any(
        parameter.get("in") == "query" and parameter.get("name") == "cursor"
        for parameter in operation.get("parameters", [])
    )


def uploads(operation: dict[str, t.Any]) -> bool:
    """Whether *operation* takes a multipart body (files)."""
    return "multipart/form-data" in operation.get("requestBody", {}).get("content", {})


def send_through(app: App) -> Send:
    """Return a :data:`~tests.example_apps.Send` through *app*'s test client."""
    client = app.test_client()

    def send(method: str, path: str, headers: dict[str, str], body: t.Any) -> tuple[int, t.Any]:
        response = client.open(path, method=method, headers=headers, json=body)
        return response.status_code, response.get_json(silent=True)

    return send


class Forwarder:
    """The WSGI app a target's schema sends to: the app the running test built.

    Schemathesis sends the requests of some checks (those probing authentication)
    to the schema's own app rather than to the ``app`` a call is given, so the
    schema holds this forwarder and each test points it at a fresh app.
    """

    def __init__(self) -> None:
        self.app: t.Callable[..., t.Any] | None = None
        #: The headers of the client signed in to :attr:`app`.
        self.headers: dict[str, str] = {}

    def __call__(self, environ: t.Any, start_response: t.Any) -> t.Any:
        assert self.app is not None, "no app to forward to: serve one first"
        return self.app(environ, start_response)


@dataclasses.dataclass(frozen=True)
class Target:
    """An app schemathesis runs against: its document, how to build it, how to sign in."""

    name: str
    document: dict[str, t.Any]
    create_app: Callable[[Path], App]
    served: Callable[[Path], str]
    """The app as gunicorn names it, with its files in the folder."""
    sign_in: Callable[[Send], dict[str, str]]
    workers: int
    """How many gunicorn workers may serve it (one for an app with state in memory)."""
    forwarder: Forwarder = dataclasses.field(default_factory=Forwarder)

    def schema(self, base_url: str | None = None) -> BaseSchema:
        """Return the document as schemathesis sees it, sending to *base_url*, or else to
        :attr:`forwarder`."""
        schema = schemathesis.openapi.from_dict(self.document, config=config_for(self.document))
        if base_url is None:
            schema.app = self.forwarder
        else:
            schema.config.update(base_url=base_url)
        forwarder = self.forwarder

        @schema.auth(refresh_interval=None)
        class SignedIn:
            def get(self, case: Case, context: t.Any) -> dict[str, str] | None:
                return forwarder.headers or None

            def set(self, case: Case, data: dict[str, str], context: t.Any) -> None:
                case.headers = {**(case.headers or {}), **data}

        schema.hook(map_case)
        schema.hook(filter_case)
        return schema

    def serve(self, folder: Path) -> None:
        """Build a fresh app in *folder*, forward to it, and sign in to it."""
        app = self.create_app(folder)
        self.forwarder.app = app
        self.forwarder.headers = self.sign_in(send_through(app))


def map_case(context: t.Any, case: Case) -> Case:
    """Make a generated request what a real client would send (a hook: its name says when).

    - A client makes a fresh ``Idempotency-Key`` for each request. Schemathesis
      reuses the document's example key across different requests (a reused key
      is rightly a 422), and its coverage phase writes header values of letters
      and digits only, never the double quotes of a structured-field string.
    - A client writes integers without a fraction (``2066``, not ``2066.0``):
      restkit refuses ``2066.0`` for an integer, on purpose, which JSON Schema
      cannot say (its ``integer`` admits ``2066.0``); see ``docs/security.md``.
    """
    headers = case.headers or {}
    if "Idempotency-Key" in headers and is_positive(case, ParameterLocation.HEADER):
        headers["Idempotency-Key"] = json.dumps(str(uuid.uuid4()))
    if has_integral_float(case.body):
        case.body = without_integral_floats(case.body)
    return case


def filter_case(context: t.Any, case: Case) -> bool:
    """Leave out invalid form bodies whose fault cannot travel (a hook: its name says when).

    Every field of a form is text: a ``null``, ``true`` or ``5`` where the document
    wants a string is sent as the text ``null``, ``true`` or ``5``, a valid string;
    and the form encoder drops a field without a name. Such a body, as sent,
    follows the document, so the server is right to take it.
    """
    if not (isinstance(case.body, dict) and case.media_type in FORMS):
        return True
    if is_positive(case, ParameterLocation.BODY):
        return True
    [body] = [body for body in case.operation.body if body.media_type == case.media_type]
    as_sent = {name: as_form_text(value) for name, value in case.body.items() if name}
    return not body.is_valid(as_sent)


def as_form_text(value: t.Any) -> t.Any:
    """Return *value* as a form carries it: text (files as their name's text)."""
    if isinstance(value, list):
        return [as_form_text(item) for item in value]
    if type(value) is str:
        return value
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    return str(value) if isinstance(value, int | float) else "a file"


def is_positive(case: Case, location: ParameterLocation) -> bool:
    """Tell whether the generated *location* of *case* follows its document."""
    if case.meta is None:
        return True
    component = case.meta.components.get(location)
    mode = component.mode if component is not None else case.meta.generation.mode
    return bool(mode.is_positive)


def has_integral_float(value: t.Any) -> bool:
    """Tell whether *value* holds a float that is a whole number."""
    if isinstance(value, float):
        return value.is_integer()
    if isinstance(value, dict):
        return any(has_integral_float(item) for item in value.values())
    if isinstance(value, list):
        return any(has_integral_float(item) for item in value)
    return False


def without_integral_floats(value: t.Any) -> t.Any:
    """Return *value* with every float that is a whole number written as an integer."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {key: without_integral_floats(item) for key, item in value.items()}
    if isinstance(value, list):
        return [without_integral_floats(item) for item in value]
    return value


def example_target(example: ExampleApp) -> Target:
    return Target(
        example.name,
        json.loads(example.document.read_text(encoding="utf-8")),
        lambda folder: example.create_app(folder, TESTING=True),
        example.served,
        example.sign_in,
        workers=2,
    )


def vault_target() -> Target:
    def create_app(folder: Path) -> App:
        return vault.create_app(f"sqlite:///{folder / 'store.sqlite3'}", TESTING=True)

    def served(folder: Path) -> str:
        store_url = f"sqlite:///{folder / 'store.sqlite3'}"
        return f"tests.hostile.vault:create_app({store_url!r})"

    document = vault.create_app().test_client().get("/openapi.json").get_json()
    return Target("vault", document, create_app, served, vault.sign_in, workers=1)


TARGETS = {target.name: target for target in (*map(example_target, EXAMPLES), vault_target())}


def target_of(case: Case) -> Target:
    """Return the target whose document generated *case* (told apart by their titles)."""
    title = case.operation.schema.raw_schema["info"]["title"]
    [target] = [target for target in TARGETS.values() if target.document["info"]["title"] == title]
    return target
