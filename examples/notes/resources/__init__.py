"""The notes API's resources, each a blueprint nested in the ``/v1`` one."""

from __future__ import annotations

from restkit import Blueprint

from .accounts import accounts
from .attachments import attachments
from .notes import notes
from .sync import sync

v1 = Blueprint("v1", __name__, url_prefix="/v1", description="Version 1 of the notes API")
for blueprint in (accounts, notes, attachments, sync):
    v1.register_blueprint(blueprint)

__all__ = ["v1"]
