"""Test helpers, where Flask users import them from."""

from __future__ import annotations

from .core.testing import RestkitCliRunner, TestClient, TestResponse

__all__ = ["RestkitCliRunner", "TestClient", "TestResponse"]
