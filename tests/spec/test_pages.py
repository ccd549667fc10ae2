"""The docs pages' scripts: pinned versions whose integrity is that of the files npm ships."""

from __future__ import annotations

import base64
import hashlib
import os
import pathlib
import tarfile

import pytest

from restkit.core import ConfigurationError
from restkit.spec.pages import PAGES, REDOC_CDN, SCALAR_CDN, Script

ROOT = pathlib.Path(__file__).resolve().parents[2]
PACKED = ROOT / "node_modules" / ".docs-pages"
#: Each pinned script: the npm tarball ``make node-deps`` packs, and the file in it.
NPM_FILES = {
    REDOC_CDN: ("redoc-3.0.1.tgz", "package/bundles/redoc.standalone.js"),
    SCALAR_CDN: ("scalar-api-reference-1.76.0.tgz", "package/dist/browser/standalone.js"),
}


def npm_file(script: Script) -> bytes:
    """Return the bytes npm ships for *script*; skip (fail on CI) without the tarball."""
    tarball, member = NPM_FILES[script]
    path = PACKED / tarball
    if not path.is_file():
        message = f"{path} is missing: pack the docs pages' scripts with `make node-deps`"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with tarfile.open(path) as archive:
        extracted = archive.extractfile(member)
        assert extracted is not None
        return extracted.read()


@pytest.mark.parametrize("script", NPM_FILES, ids=["redoc", "scalar"])
def test_the_pinned_integrity_is_the_sha384_of_the_npm_file(script):
    digest = base64.b64encode(hashlib.sha384(npm_file(script)).digest()).decode()

    assert script.integrity == f"sha384-{digest}"
    version = NPM_FILES[script][0].removesuffix(".tgz").rpartition("-")[2]
    assert f"@{version}/" in script.url


def config_of(values):
    return lambda key, default=None: values.get(key, default)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        pytest.param({}, None, id="off"),
        pytest.param({"OPENAPI_REDOC_URL": REDOC_CDN.url}, REDOC_CDN, id="pinned"),
        pytest.param(
            {"OPENAPI_REDOC_URL": "/static/redoc.js"}, Script("/static/redoc.js"), id="same-origin"
        ),
        pytest.param(
            {"OPENAPI_REDOC_URL": "https://x.example/r.js", "OPENAPI_REDOC_INTEGRITY": "sha384-a"},
            Script("https://x.example/r.js", "sha384-a"),
            id="given-integrity",
        ),
    ],
)
def test_the_script_of_a_page(values, expected):
    redoc = next(page for page in PAGES if page.name == "redoc")
    assert redoc.script(config_of(values)) == expected


@pytest.mark.parametrize("url", ["https://x.example/r.js", "//x.example/r.js", "http://x/r.js"])
def test_another_origins_script_without_integrity_is_refused(url):
    scalar = next(page for page in PAGES if page.name == "scalar")
    with pytest.raises(ConfigurationError, match="ADMIN_OPENAPI_SCALAR_INTEGRITY"):
        scalar.script(config_of({"OPENAPI_SCALAR_URL": url}), "ADMIN_")


def test_swagger_ui_has_no_cdn_script():
    swagger = next(page for page in PAGES if page.name == "swagger_ui")
    assert swagger.script(config_of({"OPENAPI_SWAGGER_UI_URL": "https://cdn"})) is None
    assert [page.name for page in PAGES] == ["swagger_ui", "redoc", "scalar"]
