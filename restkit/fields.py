"""Extra marshmallow fields for REST APIs: ``Upload``, a file part of a multipart body."""

from __future__ import annotations

import typing as t

from marshmallow import fields
from werkzeug.datastructures import FileStorage

__all__ = ["Upload"]


class Upload(fields.Field[FileStorage]):
    """A file sent as a part of a ``multipart/form-data`` body.

    Declare it in a schema loaded from the ``files`` location; the loaded value
    is werkzeug's :class:`~werkzeug.datastructures.FileStorage`. The OpenAPI
    document describes it as ``type: string, format: binary``, so docs pages
    show a file picker.
    """

    default_error_messages = {"invalid": "Not a file: send it as a multipart/form-data part."}

    def _deserialize(
        self,
        value: t.Any,
        attr: str | None,
        data: t.Mapping[str, t.Any] | None,
        **kwargs: t.Any,
    ) -> FileStorage:
        if not isinstance(value, FileStorage):
            raise self.make_error("invalid")
        return value
