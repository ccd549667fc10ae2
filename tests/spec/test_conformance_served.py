"""Each example does what its document says over HTTP: schemathesis against a real gunicorn.

The run of ``test_conformance.py`` once more, through a socket: every target
is served by gunicorn on 127.0.0.1 (two workers sharing the examples' SQLite
files; one for the vault, whose items live in memory), out of testing mode,
and schemathesis sends its requests with ``requests``. What only a real server
shows — headers as written on the wire, bodies framed by the server, the
``Host`` the client sends — is checked by the same checks.
"""

from __future__ import annotations

import contextlib
import typing as t

import pytest
import schemathesis
from hypothesis import settings

from tests.example_apps import send_to
from tests.serving.conftest import gunicorn_server

from .fuzzing import ALL_CHECKS, SETTINGS, TARGETS, target_of

if t.TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from schemathesis.generation.case import Case


SERVED_EXAMPLES = 20
STATEFUL_EXAMPLES = 10
STATEFUL_STEPS = 6
TIMEOUT = 10.0


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str], str]]:
    """Return a function serving a target under gunicorn (once per module): its base URL."""
    urls: dict[str, str] = {}
    with contextlib.ExitStack() as stack:

        def serve(name: str) -> str:
            if name not in urls:
                target = TARGETS[name]
                folder = tmp_path_factory.mktemp(name)
                server = stack.enter_context(
                    gunicorn_server(target.served(folder), folder, workers=target.workers)
                )
                urls[name] = f"http://127.0.0.1:{server.port}"
                target.forwarder.headers = target.sign_in(send_to(urls[name]))
            return urls[name]

        yield serve


@schemathesis.pytest.parametrize(
    **{name: target.schema(base_url="http://127.0.0.1") for name, target in TARGETS.items()}
)
@settings(SETTINGS, max_examples=SERVED_EXAMPLES)
def test_each_served_app_conforms_to_its_document(case: Case, served: Callable[[str], str]) -> None:
    case.call_and_validate(
        base_url=served(target_of(case).name), checks=ALL_CHECKS, timeout=TIMEOUT
    )


@pytest.mark.parametrize("name", TARGETS)
def test_each_served_app_conforms_through_sequences_of_calls(
    name: str, served: Callable[[str], str]
) -> None:
    base_url = served(name)

    class Scenario(TARGETS[name].schema(base_url=base_url).as_state_machine()):  # type: ignore[misc]
        def get_call_kwargs(self, case: Case) -> dict[str, t.Any]:
            return {"base_url": base_url, "timeout": TIMEOUT}

        def validate_response(self, response: t.Any, case: Case, **kwargs: t.Any) -> None:
            case.validate_response(response, checks=ALL_CHECKS, transport_kwargs=kwargs)

    Scenario.run(
        settings=settings(
            SETTINGS, max_examples=STATEFUL_EXAMPLES, stateful_step_count=STATEFUL_STEPS
        )
    )
