"""Fixtures of the security audit: each example app of ``tests/example_apps.py``, in-process."""

from __future__ import annotations

import typing as t

import pytest

from tests.example_apps import EXAMPLES

if t.TYPE_CHECKING:
    from pathlib import Path

    from restkit import App
    from tests.example_apps import ExampleApp


@pytest.fixture(params=EXAMPLES, ids=lambda example: example.name)
def example(request: pytest.FixtureRequest) -> ExampleApp:
    """Each example app with an ``Api``, in turn."""
    return t.cast("ExampleApp", request.param)


@pytest.fixture
def app(example: ExampleApp, tmp_path: Path) -> App:
    """A fresh app of the example, its files in the test's folder."""
    return example.create_app(tmp_path)
