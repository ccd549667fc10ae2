"""The testing guide's three files (an API, its conftest and its tests) pass under pytest."""

from __future__ import annotations

import subprocess
import sys

from tests.docs.test_guide_samples import blocks_of


def test_the_guides_files_pass_under_pytest_with_the_plugin(tmp_path):
    files = {
        block.code.splitlines()[0].removeprefix("# "): block.code
        for block in blocks_of("docs/testing.md")
        if block.code.startswith("# ") and block.code.splitlines()[0].endswith(".py")
    }
    assert set(files) == {"myapi.py", "conftest.py", "test_pets.py"}
    for name, code in files.items():
        (tmp_path / name).write_text(code, encoding="utf-8")

    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout
