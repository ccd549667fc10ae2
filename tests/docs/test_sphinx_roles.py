"""The API reference's griffe extension: roles become cross-references, ``#:`` comments docs."""

from __future__ import annotations

import importlib.util
import sys
import textwrap
import types
from pathlib import Path

import griffe
import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def roles() -> types.ModuleType:
    """The extension, imported from its file as mkdocs.yml loads it."""
    spec = importlib.util.spec_from_file_location(
        "sphinx_roles", ROOT / "docs" / "reference" / "sphinx_roles.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


KNOWN = {"route": "restkit.core.app.App.route", "Config": "restkit.core.config.Config"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("See :meth:`route`.", "See [`route`][restkit.core.app.App.route].", id="meth"),
        pytest.param(
            ":class:`~restkit.Config`", "[`Config`][restkit.core.config.Config]", id="tilde"
        ),
        pytest.param(
            ":py:class:`Config`", "[`Config`][restkit.core.config.Config]", id="py-domain"
        ),
        pytest.param(
            ":class:`the config <Config>`", "[`the config`][restkit.core.config.Config]", id="title"
        ),
        pytest.param(":func:`!route`", "`route`", id="no-link"),
        pytest.param(":func:`repr`", "`repr`", id="builtin"),
        pytest.param(":func:`~werkzeug.http.parse_etags`", "`parse_etags`", id="other-package"),
        pytest.param(":meth:`rotue`", "[`rotue`][rotue]", id="typo-fails-the-build"),
        pytest.param("Like this::\n\n    code\n", "Like this:\n\n    code\n", id="literal-block"),
    ],
)
def test_roles_are_rewritten(roles, text, expected):
    resolve = {**KNOWN, "restkit.Config": KNOWN["Config"]}.get

    assert roles.rewrite(text, resolve) == expected


def test_other_packages_keep_unresolved_roles_as_code(roles):
    assert roles.rewrite(":meth:`whatever`", roles.no_resolver, strict=False) == "`whatever`"


def test_a_resolved_name_outside_restkit_stays_code(roles):
    assert roles.rewrite(":class:`Headers`", {"Headers": "werkzeug.Headers"}.get) == "`Headers`"


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        pytest.param(["#: One.", "#: Two.", "x = 1"], "One.\nTwo.", id="above"),
        pytest.param(["# not a doc", "x = 1  #: Inline."], "Inline.", id="trailing"),
        pytest.param(["#: Far.", "", "x = 1"], None, id="not-adjacent"),
        pytest.param(["x = 1"], None, id="none"),
    ],
)
def test_doc_comments_are_found(roles, lines, expected):
    assert roles.comment_before(lines, len(lines)) == expected


@pytest.fixture
def restkit_like(tmp_path: Path, roles: types.ModuleType) -> griffe.Module:
    """Load a small package named ``restkit`` through the extension."""
    package = tmp_path / "restkit"
    package.mkdir()
    (package / "__init__.py").write_text('"""Package."""\n', encoding="utf-8")
    (package / "base.py").write_text(
        textwrap.dedent('''
            """Base."""


            class Base:
                """A base."""

                def route(self):
                    """Add a route."""
        '''),
        encoding="utf-8",
    )
    (package / "app.py").write_text(
        textwrap.dedent('''
            """App."""

            from blinker import Namespace

            from .base import Base

            signals = Namespace()
            #: Sent when it starts.
            started = signals.signal("started", doc="Sent when it starts.")
            stopped = signals.signal("stopped", doc="Sent when it stops.")


            class App(Base):
                """An app: see :meth:`route` and :data:`started`."""

                #: Whether it runs.
                running = False
                debug = False  #: Debug mode.
        '''),
        encoding="utf-8",
    )
    return griffe.load(
        package,
        extensions=griffe.load_extensions(roles.SphinxRoles()),
        docstring_parser="sphinx",
    )


def test_inherited_members_resolve_under_the_inheriting_class(restkit_like):
    docstring = restkit_like["app.App"].docstring

    assert docstring.value == (
        "An app: see [`route`][restkit.app.App.route] and [`started`][restkit.app.started]."
    )


def test_attributes_get_their_doc_comment_or_doc_argument(restkit_like):
    app = restkit_like["app"]

    assert app["App.running"].docstring.value == "Whether it runs."
    assert app["App.debug"].docstring.value == "Debug mode."
    assert app["stopped"].docstring.value == "Sent when it stops."
    assert app["started"].docstring.value == "Sent when it starts."
    assert app["stopped"].docstring.parser == "sphinx"
