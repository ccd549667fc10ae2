"""The petstore example: ``restkit --app examples.petstore run``."""

from .app import app, create_app

__all__ = ["app", "create_app"]
