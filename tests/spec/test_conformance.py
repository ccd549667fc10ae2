"""The petstore does what its document says: schemathesis, every check, in-process over WSGI.

Requests are generated from the petstore's document (``openapi/petstore.json``,
which ``test_committed_specs.py`` keeps identical to the served one), valid ones
and invalid ones (every generation mode), with a fixed seed and a bounded number
of examples, and sent to a fresh app through its WSGI interface. Every check
runs: no 5xx, statuses, media types, headers and bodies as documented, valid
requests accepted (no 422 for a request the document allows), invalid ones
refused, ``Allow`` on 405, missing resources after ``DELETE``...
"""

from __future__ import annotations

import json
import pathlib
import typing as t

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.config import SchemathesisConfig
from schemathesis.core.failures import FailureGroup

from examples.petstore import create_app

if t.TYPE_CHECKING:
    from schemathesis.generation.case import Case

    from restkit import App

DOCUMENT = pathlib.Path(__file__).resolve().parents[2] / "openapi" / "petstore.json"
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
CONFIG = SchemathesisConfig.from_dict(
    {
        "checks": {
            "missing_required_header": {
                "expected-statuses": ["400", "401", "403", "406", "415", "422", "428"]
            },
            "positive_data_acceptance": {
                "expected-statuses": ["2xx", "3xx", "401", "403", "404", "409", "412", "429", "5xx"]
            },
        }
    }
)
schema = schemathesis.openapi.from_path(DOCUMENT, config=CONFIG)


@pytest.fixture
def app(tmp_path: pathlib.Path) -> App:
    """A fresh petstore per operation, in testing mode, so responses are checked too."""
    return create_app({"TESTING": True, "PETSTORE_DATABASE": str(tmp_path / "pets.sqlite3")})


def test_every_check_runs():
    names = {check.__name__ for check in ALL_CHECKS}
    assert {"positive_data_acceptance", "negative_data_rejection", "use_after_free"} <= names
    assert len(names) >= 14


@schema.parametrize()
@SETTINGS
def test_the_petstore_conforms_to_its_document(case: Case, app: App) -> None:
    case.call_and_validate(app=app, checks=ALL_CHECKS)


def test_the_run_catches_a_document_that_allows_what_the_server_refuses(app):
    loose = json.loads(DOCUMENT.read_text(encoding="utf-8"))
    del loose["components"]["schemas"]["PetInput"]["additionalProperties"]
    operation = schemathesis.openapi.from_dict(loose)["/pets"]["POST"]

    @given(case=operation.as_strategy())
    @SETTINGS
    def run(case: Case) -> None:
        case.call_and_validate(app=app, checks=ALL_CHECKS)

    with pytest.raises(FailureGroup, match="Schema-valid request rejected"):
        run()
