"""Errors raised for misuse by the programmer; never sent to clients."""

from __future__ import annotations


class RestkitError(Exception):
    """Base class of restkit's programmer-facing errors."""


class SetupError(RestkitError, AssertionError):
    """Registration was attempted at a time or in a way that cannot work."""


class ConfigurationError(RestkitError):
    """A configuration value is missing or cannot be used."""
