"""Test helpers, where Flask users import them from."""

from __future__ import annotations

from .core.testing import EnvironBuilder, RestkitCliRunner, TestClient, TestResponse

__all__ = ["EnvironBuilder", "RestkitCliRunner", "TestClient", "TestResponse"]
