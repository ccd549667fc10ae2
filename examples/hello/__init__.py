"""The hello example: ``restkit --app examples.hello run``."""

from .app import app

__all__ = ["app"]
