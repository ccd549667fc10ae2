"""What the notes API reads and sends: marshmallow schemas, documented in the OpenAPI document."""

from __future__ import annotations

import typing as t

from marshmallow import Schema, ValidationError, fields, validate

from restkit.fields import Upload

from .images import ACCEPTED


def unique(items: list[t.Any]) -> None:
    """Refuse a list that holds an item twice."""
    if len(set(items)) != len(items):
        raise ValidationError("Each item may appear once.")


class SignUpSchema(Schema):
    """A new account."""

    email = fields.Email(required=True, validate=validate.Length(max=254))
    password = fields.Str(
        required=True,
        load_only=True,
        validate=validate.Length(min=8, max=200),
        metadata={"description": "At least 8 characters."},
    )


class LoginSchema(Schema):
    """The credentials of an account."""

    email = fields.Email(required=True, validate=validate.Length(max=254))
    password = fields.Str(required=True, load_only=True, validate=validate.Length(max=200))


class AccountSchema(Schema):
    """An account."""

    id = fields.Int(required=True)
    email = fields.Email(required=True)
    created_at = fields.DateTime(required=True)


class TokenSchema(Schema):
    """A login token: send it as ``Authorization: Bearer <token>``."""

    token = fields.Str(required=True, metadata={"description": "Opaque; keep it secret."})
    token_type = fields.Str(required=True, metadata={"enum": ["Bearer"]})
    expires_at = fields.DateTime(required=True)


class AttachmentSchema(Schema):
    """An image attached to a note."""

    id = fields.Int(required=True)
    filename = fields.Str(required=True, metadata={"description": "As uploaded, made safe."})
    content_type = fields.Str(
        required=True,
        metadata={"enum": list(ACCEPTED), "description": "Told from the file's bytes."},
    )
    size = fields.Int(required=True, metadata={"description": "In bytes."})
    created_at = fields.DateTime(required=True)


class NoteSchema(Schema):
    """A note: sent with ``id``, ``revision`` and the times; written without them."""

    id = fields.Int(dump_only=True, required=True)
    title = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    body = fields.Str(load_default="", validate=validate.Length(max=100_000))
    tags = fields.List(
        fields.Str(validate=validate.Length(min=1, max=40)),
        load_default=list,
        validate=[validate.Length(max=20), unique],
        metadata={"uniqueItems": True, "description": "At most 20, each once."},
    )
    revision = fields.Int(
        dump_only=True,
        required=True,
        metadata={"description": "Raised by every change: where the note is in the sync feed."},
    )
    created_at = fields.DateTime(dump_only=True, required=True)
    updated_at = fields.DateTime(dump_only=True, required=True)
    attachments = fields.List(fields.Nested(AttachmentSchema), dump_only=True, required=True)


class NoteQuerySchema(Schema):
    """Search filters for the note list."""

    q = fields.Str(
        validate=validate.Length(min=1, max=200),
        metadata={"description": "Text in the title or the body (ASCII letters in any case)."},
    )
    tag = fields.Str(
        validate=validate.Length(min=1, max=40), metadata={"description": "A tag the notes have."}
    )


class NoteChangeSchema(Schema):
    """A change to one of your notes: the note as it is now, or its deletion."""

    revision = fields.Int(required=True, metadata={"description": "Its place in the feed."})
    id = fields.Int(required=True, metadata={"description": "The note's id."})
    deleted = fields.Bool(required=True, metadata={"description": "Whether the note was deleted."})
    note = fields.Nested(
        NoteSchema,
        required=True,
        allow_none=True,
        metadata={"description": "The note; null when it was deleted."},
    )


class AttachmentUploadSchema(Schema):
    """The multipart body of an upload."""

    file = Upload(
        required=True, metadata={"description": "A PNG, JPEG, GIF or WebP image, at most 5 MiB."}
    )
