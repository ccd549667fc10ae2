"""The README's promises: the name pip installs, a quick start the CLI runs, the license."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

from tests.docs.test_guide_samples import ROOT, blocks_of

README = ROOT / "README.md"


def test_the_install_line_names_the_distribution():
    name = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["name"]

    assert f"pip install {name} " in README.read_text(encoding="utf-8")
    assert name != "restkit"  # PyPI's restkit is another project


def test_the_quick_start_app_is_found_by_the_command_line(tmp_path: Path):
    app_file = blocks_of("README.md")[0].code
    assert app_file.startswith("# app.py\n")
    (tmp_path / "app.py").write_text(app_file, encoding="utf-8")

    result = subprocess.run(
        [Path(sys.executable).with_name("restkit"), "--app", "app", "routes"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert "/pets/<int:pet_id>" in result.stdout


def test_no_page_tells_users_to_install_pypis_restkit():
    pages = [README, *sorted((ROOT / "docs").rglob("*.md"))]
    wrong = [
        f"{page.relative_to(ROOT)}: {match[0]!r}"
        for page in pages
        for match in re.finditer(
            r"pip install\s+[\"']?restkit\b(?!-framework)\S*", page.read_text()
        )
    ]

    assert not wrong, "the distribution is restkit-framework:\n" + "\n".join(wrong)


def test_the_license_the_readme_names_is_packaged():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    license_text = (ROOT / "LICENSE").read_text(encoding="utf-8")

    assert project["project"]["license"] == "BSD-3-Clause"  # SPDX, not the deprecated table
    assert project["project"]["license-files"] == ["LICENSE"]
    assert license_text.startswith("BSD 3-Clause License\n")
    assert "the restkit authors" in license_text
    assert "BSD-3-Clause licensed ([LICENSE](LICENSE))" in README.read_text(encoding="utf-8")


def test_the_package_data_covers_the_templates_and_py_typed():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = project["tool"]["setuptools"]["package-data"]["restkit"]
    package = ROOT / "restkit"
    data = [package / "py.typed", *(package / "spec" / "templates").iterdir()]

    unshipped = [
        str(path.relative_to(package))
        for path in data
        if not any(path.relative_to(package).match(pattern) for pattern in patterns)
    ]
    assert not unshipped, f"pyproject.toml's package-data leaves out {unshipped}"


def test_the_first_command_serves_the_notes_backend():
    first_line = README.read_text(encoding="utf-8").split("```sh\n", 1)[1].splitlines()[0]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    run_target = makefile.split("\nrun: ", 1)[1].split("\n\n", 1)[0]

    assert first_line.startswith("make run ")
    assert "notes backend" in first_line
    assert "--app examples.notes run --host $(HOST) --port $(PORT)" in run_target
