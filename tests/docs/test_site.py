"""The guide as a site: every page is in the navigation, and ``mkdocs build --strict`` passes."""

from __future__ import annotations

import os
import subprocess
import sys
import typing as t
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"


def nav_pages(entries: list[t.Any]) -> list[str]:
    """Return the page paths of a mkdocs ``nav``, in order."""
    pages: list[str] = []
    for entry in entries:
        value = next(iter(entry.values())) if isinstance(entry, dict) else entry
        if isinstance(value, list):
            pages += nav_pages(value)
        elif not value.startswith(("http://", "https://")):
            pages.append(value)
    return pages


@pytest.fixture(scope="module")
def mkdocs_config() -> dict[str, t.Any]:
    return yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))


def test_every_page_is_in_the_navigation(mkdocs_config):
    pages = {str(path.relative_to(DOCS)) for path in DOCS.rglob("*.md")}
    listed = nav_pages(mkdocs_config["nav"])

    missing = sorted(pages - set(listed))
    assert not missing, (
        f"docs pages missing from the nav of mkdocs.yml: {missing}. Add each to `nav:` in "
        "mkdocs.yml (a concept page under Guide, next to its neighbours), or the site will "
        "not show it."
    )
    assert len(listed) == len(set(listed)), "a page is listed twice in the nav of mkdocs.yml"


def test_the_navigation_helper_reads_nested_sections():
    nav = [
        "index.md",
        {"Guide": [{"Arguments": "arguments.md"}, {"Deeper": [{"X": "x/y.md"}]}]},
        {"Elsewhere": "https://example.com/"},
    ]

    assert nav_pages(nav) == ["index.md", "arguments.md", "x/y.md"]


def test_the_site_has_no_network_plugins(mkdocs_config):
    plugins = {
        next(iter(plugin)) if isinstance(plugin, dict) else plugin
        for plugin in mkdocs_config["plugins"]
    }

    assert plugins <= {"search", "autorefs", "mkdocstrings"}
    assert mkdocs_config["theme"]["font"] is False  # no Google Fonts


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the site strictly into a temporary folder; return the folder."""
    folder = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(folder)],
        cwd=ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return folder


def test_the_site_builds_strictly_with_every_page(site):
    for page in DOCS.rglob("*.md"):
        relative = page.relative_to(DOCS).with_suffix("")
        folder = relative.parent if relative.name == "index" else relative
        assert (site / folder / "index.html").is_file(), f"{relative}.md was not built"
    assert not list(site.rglob("*.py")), "a build tool was published with the site"


def test_the_api_reference_links_its_docstrings(site):
    app_page = (site / "reference" / "app" / "index.html").read_text(encoding="utf-8")

    # Sphinx roles became links, #: comments became attribute docs.
    assert ":meth:" not in app_page
    assert ":class:" not in app_page
    assert 'href="#restkit.core.app.App.finalize"' in app_page
    json_page = (site / "reference" / "json" / "index.html").read_text(encoding="utf-8")
    assert "Escape non-ASCII characters" in json_page  # DefaultJSONProvider.ensure_ascii's #:


def test_the_config_reference_is_a_page_of_the_site(site):
    page = (site / "config-reference" / "index.html").read_text(encoding="utf-8")

    assert "OPENAPI_REDOC_INTEGRITY" in page
    assert 'href="../config/"' in page
