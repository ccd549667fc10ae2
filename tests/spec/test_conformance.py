"""Each example does what its document says: schemathesis, every check, in-process over WSGI.

Requests are generated from each example's committed document (``openapi/<name>.json``,
which ``test_committed_specs.py`` keeps identical to the served one) — valid ones
and invalid ones, every phase and generation mode — with a fixed seed and a
bounded number of examples, and sent to a fresh app in testing mode (so each
response is also checked against the document by the app) through its WSGI
interface, signed in where the document asks for credentials. Every check
runs: no 5xx, statuses, media types, headers and bodies as documented, valid
requests accepted, invalid ones refused, credentials required where declared,
``Allow`` on 405, missing resources after ``DELETE``... The stateful run chains
the operations along the links schemathesis infers (create, then read,
replace, delete what was created). ``fuzzing.py`` lists the targets;
``test_conformance_served.py`` repeats the run over a real gunicorn.
"""

from __future__ import annotations

import copy
import typing as t

import pytest
import schemathesis
from hypothesis import given, settings
from schemathesis.core.failures import FailureGroup

from .fuzzing import ALL_CHECKS, SETTINGS, TARGETS, target_of

if t.TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from schemathesis.generation.case import Case

STATEFUL_EXAMPLES = 15
STATEFUL_STEPS = 8


@pytest.fixture
def serve(tmp_path: Path) -> Callable[[str], None]:
    """Return a function serving a fresh app of a target, once per test."""
    served: set[str] = set()

    def build(name: str) -> None:
        if name not in served:
            TARGETS[name].serve(tmp_path / name)
            served.add(name)

    return build


def test_every_check_runs():
    names = {check.__name__ for check in ALL_CHECKS}
    assert {"positive_data_acceptance", "negative_data_rejection", "use_after_free"} <= names
    assert {"ignored_auth", "missing_required_header", "unsupported_method"} <= names
    assert len(names) >= 14


def test_every_target_has_its_own_title():
    titles = [target.document["info"]["title"] for target in TARGETS.values()]
    assert len(set(titles)) == len(titles)


@schemathesis.pytest.parametrize(**{name: target.schema() for name, target in TARGETS.items()})
@SETTINGS
def test_each_app_conforms_to_its_document(case: Case, serve: Callable[[str], None]) -> None:
    serve(target_of(case).name)
    case.call_and_validate(checks=ALL_CHECKS)


@pytest.mark.parametrize("name", TARGETS)
def test_each_app_conforms_through_sequences_of_calls(name: str, tmp_path: Path) -> None:
    """Stateful: schemathesis chains the operations its inferred links connect."""
    target = TARGETS[name]
    folders = iter(range(1_000))

    class Scenario(target.schema().as_state_machine()):  # type: ignore[misc]
        def setup(self) -> None:
            target.serve(tmp_path / str(next(folders)))

        def validate_response(self, response: t.Any, case: Case, **kwargs: t.Any) -> None:
            case.validate_response(response, checks=ALL_CHECKS, transport_kwargs=kwargs)

    Scenario.run(
        settings=settings(
            SETTINGS, max_examples=STATEFUL_EXAMPLES, stateful_step_count=STATEFUL_STEPS
        )
    )


def test_the_run_catches_a_document_that_allows_what_the_server_refuses(serve):
    loose = copy.deepcopy(TARGETS["petstore"].document)
    del loose["components"]["schemas"]["PetInput"]["additionalProperties"]
    operation = schemathesis.openapi.from_dict(loose)["/pets"]["POST"]
    serve("petstore")

    @given(case=operation.as_strategy())
    @SETTINGS
    def run(case: Case) -> None:
        case.call_and_validate(app=TARGETS["petstore"].forwarder, checks=ALL_CHECKS)

    with pytest.raises(FailureGroup, match="Schema-valid request rejected"):
        run()


def test_the_run_catches_an_operation_that_ignores_credentials(serve):
    serve("vault")
    target = TARGETS["vault"]
    honest, valid = target.forwarder.app, target.forwarder.headers["Authorization"]

    def lax(environ: dict[str, t.Any], start_response: t.Any) -> t.Any:
        environ["HTTP_AUTHORIZATION"] = valid  # whatever a request carries, it is ann's
        return honest(environ, start_response)

    target.forwarder.app = lax
    operation = target.schema()["/me"]["GET"]

    @given(case=operation.as_strategy())
    @SETTINGS
    def run(case: Case) -> None:
        case.call_and_validate(checks=ALL_CHECKS)

    with pytest.raises(FailureGroup, match=r"API accepts (requests without|invalid) auth"):
        run()
