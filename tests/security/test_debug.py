"""Debug mode is off unless asked for, and no debugger is ever in a response.

``App().debug`` is ``False``; the environment only counts when the app asks
for it (``from_prefixed_env``, as the notes production config does) and the
variable is set; ``restkit run`` starts werkzeug's debugger with ``--debug``
only. A 500 in debug-off mode is the generic problem document.
"""

from __future__ import annotations

import os
import typing as t

import pytest
from click.testing import CliRunner

from restkit import App
from restkit.core.cli import make_cli
from restkit.spec.cli import openapi_group

if t.TYPE_CHECKING:
    from pathlib import Path

    from tests.example_apps import ExampleApp

DEBUGGER_MARKS = ("__debugger__", "Werkzeug Debugger", "Traceback", "console")


@pytest.fixture
def production_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    """The environment the notes production config needs, its files in the test's folder."""
    for name in [name for name in os.environ if name.startswith("RESTKIT_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("RESTKIT_SECRET_KEY", "a production key of the test's own")
    monkeypatch.setenv("RESTKIT_NOTES_DATABASE", str(tmp_path / "notes.sqlite3"))
    monkeypatch.setenv("RESTKIT_NOTES_ATTACHMENT_FOLDER", str(tmp_path / "attachments"))
    monkeypatch.setenv("RESTKIT_API_STORE_URL", f"sqlite:///{tmp_path / 'store.sqlite3'}")
    return monkeypatch


def test_an_app_is_not_in_debug_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RESTKIT_DEBUG", "true")  # read only when the app asks for it

    app = App(__name__)

    assert app.debug is False
    assert app.config["DEBUG"] is False


def test_no_example_is_in_debug_mode(app: App) -> None:
    assert app.debug is False


@pytest.mark.parametrize("name", ["development", "testing", "production"])
def test_no_notes_configuration_turns_debug_on(name: str, production_env: t.Any) -> None:
    from examples.notes import create_app

    assert create_app(name).debug is False


def test_restkit_debug_turns_notes_production_debug_on_when_set(
    production_env: pytest.MonkeyPatch,
) -> None:
    from examples.notes import create_app

    production_env.setenv("RESTKIT_DEBUG", "true")

    assert create_app("production").debug is True


@pytest.mark.parametrize(
    ("arguments", "debugger"),
    [
        pytest.param([], False, id="default"),
        pytest.param(["--no-debug"], False, id="no-debug"),
        pytest.param(["--debug"], True, id="debug"),
    ],
)
def test_restkit_run_starts_the_debugger_only_when_asked(
    monkeypatch: pytest.MonkeyPatch, arguments: list[str], debugger: bool
) -> None:
    served: list[dict[str, t.Any]] = []
    monkeypatch.setattr(
        "werkzeug.serving.run_simple",
        lambda host, port, app, **options: served.append({"app": app, **options}),
    )
    cli = make_cli(extra_commands=[openapi_group])  # what `restkit` runs (restkit.cli.main)

    result = CliRunner().invoke(cli, ["--app", "examples.petstore", "run", *arguments])

    assert result.exit_code == 0, result.output
    (call,) = served
    assert call["use_debugger"] is debugger
    assert call["app"].debug is debugger


def test_a_500_in_debug_off_mode_shows_no_debugger(example: ExampleApp, tmp_path: Path) -> None:
    app = example.create_app(tmp_path, PROPAGATE_EXCEPTIONS=False)

    @app.get("/audit/failure")
    def failure() -> t.NoReturn:
        raise ZeroDivisionError("in the middle of something")

    response = app.test_client().get("/audit/failure", headers={"Accept": "text/html"})

    assert response.status_code == 500
    assert response.mimetype == "application/problem+json"
    body = response.get_data(as_text=True)
    for mark in DEBUGGER_MARKS:
        assert mark not in body
