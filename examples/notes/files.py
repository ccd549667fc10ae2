"""Attachment files on disk, under names the server chose, never the client."""

from __future__ import annotations

import contextlib
import os
import secrets
import typing as t

from restkit import current_app


class AttachmentFolder:
    """The folder attachments are kept in, created on first use.

    Each file is written under a random name, to a temporary file first and then
    renamed, so a reader never sees half a file.
    """

    def __init__(self, path: str) -> None:
        self.path = path

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.path!r}>"

    def save(self, data: bytes) -> str:
        """Store *data* in a new file; return its name."""
        os.makedirs(self.path, exist_ok=True)
        name = secrets.token_hex(16)
        partial = os.path.join(self.path, f".{name}.partial")
        with open(partial, "wb") as file:
            file.write(data)
        os.replace(partial, self.path_of(name))
        return name

    def path_of(self, name: str) -> str:
        """Return the path of the file *name* (a name :meth:`save` returned)."""
        return os.path.join(self.path, name)

    def remove(self, names: t.Iterable[str]) -> None:
        """Remove the files *names*; one already gone is no error."""
        for name in names:
            with contextlib.suppress(FileNotFoundError):
                os.remove(self.path_of(name))


def attachment_folder() -> AttachmentFolder:
    """Return the attachment folder of the app handling the request."""
    return t.cast(AttachmentFolder, current_app.extensions["notes.attachments"])
