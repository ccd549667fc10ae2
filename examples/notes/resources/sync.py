"""The sync feed of offline-first clients: every change to your notes since a cursor."""

from __future__ import annotations

import typing as t

from restkit import Blueprint, CursorPage

from ..auth import current_user, token_auth
from ..database import database
from ..notebook import changes_after
from ..schemas import NoteChangeSchema

if t.TYPE_CHECKING:
    from restkit.rest import CursorParameters

sync = Blueprint("sync", __name__, description="Sync for offline-first clients")


@sync.route("/sync")
@sync.auth_required(token_auth)
@sync.response(200, NoteChangeSchema(many=True))
@sync.paginate(
    CursorPage(key="revision", resumable=True), page_size=100, max_page_size=500, envelope=True
)
def sync_changes(pagination_parameters: CursorParameters) -> list[dict[str, t.Any]]:
    """Get the changes since a cursor

    Each change is a note as it is now, or the id of a note deleted since. Start
    without a cursor; keep the `next_cursor` of each answer and send it next
    time. While `has_more` is true, ask again at once. Changes are in the order
    they were made; a note changed twice is sent once, as it is now.
    """
    after = t.cast("int | None", pagination_parameters.after)
    return changes_after(
        database().connection(), current_user()["id"], after, pagination_parameters.page_size + 1
    )
