"""Runnable example apps; each has its own tests and committed OpenAPI document."""
