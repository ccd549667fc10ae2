"""Image attachments: uploaded as multipart, checked by their bytes, sent back to their owner."""

from __future__ import annotations

import typing as t

from werkzeug.utils import secure_filename

from restkit import Blueprint, MethodView, abort, current_app, send_file

from ..auth import current_user, token_auth
from ..database import database
from ..files import attachment_folder
from ..images import image_type, read_at_most
from ..notebook import add_attachment, delete_attachment, get_attachment, get_note
from ..schemas import AttachmentSchema, AttachmentUploadSchema
from .notes import NO_SUCH_NOTE

if t.TYPE_CHECKING:
    from werkzeug.datastructures import FileStorage

    from restkit import Response

#: The declared type of a part that says nothing about what it holds.
UNDECLARED = ("", "application/octet-stream")
NOT_AN_IMAGE = "Not a PNG, JPEG, GIF or WebP image: its first bytes say otherwise."
NO_SUCH_ATTACHMENT = "Your note has no such attachment."
#: How long a device may keep a downloaded attachment, in seconds: a year.
IMMUTABLE = 365 * 24 * 3600

attachments = Blueprint(
    "attachments", __name__, url_prefix="/notes", description="Images attached to your notes"
)
attachments.auth_required(token_auth)(attachments)


def checked_image(upload: FileStorage) -> tuple[bytes, str]:
    """Return the bytes of *upload* and their image type; 413 or 422 if it cannot be attached."""
    limit = current_app.config["NOTES_MAX_ATTACHMENT_SIZE"]
    data = read_at_most(upload.stream, limit)
    if data is None:
        abort(413, f"An attachment may hold at most {limit} bytes.")
    media_type = image_type(data)
    if media_type is None:
        abort(422, errors={"files": {"file": [NOT_AN_IMAGE]}})
    if upload.mimetype not in (*UNDECLARED, media_type):
        abort(
            422,
            errors={
                "files": {
                    "file": [f"Sent as {upload.mimetype}, but the bytes are of {media_type}."]
                }
            },
        )
    return data, media_type


@attachments.route("/<int:note_id>/attachments")
class Attachments(MethodView):
    @attachments.idempotent
    @attachments.arguments(AttachmentUploadSchema, location="files")
    @attachments.response(201, AttachmentSchema)
    @attachments.alt_response(404, description=NO_SUCH_NOTE)
    @attachments.alt_response(413, description="The image is larger than 5 MiB.")
    def post(self, files: dict[str, t.Any], note_id: int) -> dict[str, t.Any]:
        """Attach an image to a note

        A PNG, JPEG, GIF or WebP image of at most 5 MiB, as the `file` part of a
        `multipart/form-data` body. Its type is told from its bytes; a part
        declared as another image type is refused.
        """
        owner = current_user()["id"]
        upload: FileStorage = files["file"]
        get_note(database().connection(), owner, note_id)  # a 404 before storing anything
        data, media_type = checked_image(upload)
        folder = attachment_folder()
        file_name = folder.save(data)
        try:
            with database().write() as connection:
                get_note(connection, owner, note_id)  # still there
                return add_attachment(
                    connection,
                    note_id,
                    file_name=file_name,
                    filename=secure_filename(upload.filename or "") or "image",
                    content_type=media_type,
                    size=len(data),
                )
        except BaseException:
            folder.remove([file_name])
            raise


@attachments.route("/<int:note_id>/attachments/<int:attachment_id>")
class AttachmentById(MethodView):
    @attachments.response(
        200,
        {"type": "string", "format": "binary"},
        content_type="image/*",
        description="The image, as uploaded.",
    )
    @attachments.alt_response(404, description=NO_SUCH_ATTACHMENT)
    def get(self, note_id: int, attachment_id: int) -> Response:
        """Download an attachment

        The image as it was uploaded, with its type; your device may keep it,
        since an attachment never changes.
        """
        connection = database().connection()
        attachment = get_attachment(connection, current_user()["id"], note_id, attachment_id)
        response = send_file(
            attachment_folder().path_of(attachment["file_name"]),
            mimetype=attachment["content_type"],
            download_name=attachment["filename"],
            max_age=IMMUTABLE,
        )
        # An attachment never changes (a new upload is a new attachment): the
        # owner's device may keep it, and no shared cache may.
        response.cache_control.public = False
        response.cache_control.private = True
        response.cache_control.immutable = True
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    @attachments.response(204)
    @attachments.alt_response(404, description=NO_SUCH_ATTACHMENT)
    def delete(self, note_id: int, attachment_id: int) -> None:
        """Remove an attachment

        The note gets a new revision, so the sync feed sends it again.
        """
        with database().write() as connection:
            attachment = get_attachment(connection, current_user()["id"], note_id, attachment_id)
            delete_attachment(connection, attachment)
        attachment_folder().remove([attachment["file_name"]])
