"""The shared store: idempotency keys (and anything an app keeps) in SQLite, Redis or memory."""

from __future__ import annotations

from .base import Claim, Entry, Outcome, Store
from .memory import MemoryStore
from .sqlite import SQLiteStore
from .urls import app_store, open_store

__all__ = [
    "Claim",
    "Entry",
    "MemoryStore",
    "Outcome",
    "SQLiteStore",
    "Store",
    "app_store",
    "open_store",
]
