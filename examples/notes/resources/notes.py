"""Notes: list and search them by page, read them as a feed by cursor, write them with ETags."""

from __future__ import annotations

import typing as t

from restkit import Blueprint, CursorPage, MethodView, request, url_for
from restkit.rest import idempotency_key

from ..auth import current_user, token_auth
from ..database import database
from ..files import attachment_folder
from ..notebook import create_note, delete_note, get_note, notes_after, replace_note, search_notes
from ..schemas import NoteQuerySchema, NoteSchema

if t.TYPE_CHECKING:
    from restkit.rest import CursorParameters, PaginationParameters

notes = Blueprint("notes", __name__, url_prefix="/notes", description="Your notes")
notes.auth_required(token_auth)(notes)
NO_SUCH_NOTE = "You have no such note (or it was deleted)."


@notes.route("")
class Notes(MethodView):
    @notes.arguments(NoteQuerySchema, location="query")
    @notes.response(200, NoteSchema(many=True))
    @notes.paginate(page_size=20, max_page_size=100)
    def get(
        self, query: dict[str, t.Any], pagination_parameters: PaginationParameters
    ) -> list[dict[str, t.Any]]:
        """List or search your notes

        By page, the last changed first; `q` searches the title and the body,
        `tag` keeps the notes with that tag.
        """
        count, found = search_notes(
            database().connection(),
            current_user()["id"],
            text=query.get("q"),
            tag=query.get("tag"),
            limit=pagination_parameters.page_size,
            offset=pagination_parameters.first_item,
        )
        pagination_parameters.item_count = count
        return found

    @notes.idempotent
    @notes.arguments(NoteSchema)
    @notes.response(201, NoteSchema, headers={"Location": "The URL of the new note."})
    def post(self, data: dict[str, t.Any]) -> tuple[dict[str, t.Any], dict[str, str]]:
        """Write a note

        Send an `Idempotency-Key` to retry safely: a retry with the same key and
        body gets the first answer, and no second note is made.
        """
        key = idempotency_key(request)
        with database().write() as connection:
            note = create_note(connection, current_user()["id"], data, key)
        return note, {"Location": url_for(".NoteById", note_id=note["id"])}


@notes.route("/feed")
@notes.response(200, NoteSchema(many=True))
@notes.paginate(CursorPage(key="id"), page_size=20, max_page_size=100)
def note_feed(pagination_parameters: CursorParameters) -> list[dict[str, t.Any]]:
    """Read your notes as a feed

    Oldest first, by cursor: follow `next_cursor` (or the `Link` header) until
    there is none. Notes written meanwhile come at the end, none is seen twice.
    """
    after = t.cast("int | None", pagination_parameters.after)
    return notes_after(
        database().connection(), current_user()["id"], after, pagination_parameters.page_size + 1
    )


@notes.route("/<int:note_id>")
@notes.etag
class NoteById(MethodView):
    @notes.response(200, NoteSchema)
    @notes.alt_response(404, description=NO_SUCH_NOTE)
    def get(self, note_id: int) -> dict[str, t.Any]:
        """Get a note

        With its ETag: send it in `If-None-Match` to get 304 while the note is
        unchanged, and in `If-Match` to change or delete it.
        """
        return get_note(database().connection(), current_user()["id"], note_id)

    @notes.arguments(NoteSchema)
    @notes.response(200, NoteSchema)
    @notes.alt_response(404, description=NO_SUCH_NOTE)
    def put(self, data: dict[str, t.Any], note_id: int) -> dict[str, t.Any]:
        """Replace a note

        Send the ETag you read the note with in `If-Match`: if the note changed
        since (on another device), the answer is 412 and nothing is lost.
        """
        owner = current_user()["id"]
        with database().write() as connection:
            notes.check_etag(get_note(connection, owner, note_id), NoteSchema)
            return replace_note(connection, owner, note_id, data)

    @notes.response(204)
    @notes.alt_response(404, description=NO_SUCH_NOTE)
    def delete(self, note_id: int) -> None:
        """Delete a note

        With `If-Match`, as for a change. The note leaves a tombstone, so the
        sync feed tells your other devices.
        """
        with database().write() as connection:
            notes.check_etag(get_note(connection, current_user()["id"], note_id), NoteSchema)
            files = delete_note(connection, note_id)
        attachment_folder().remove(files)
