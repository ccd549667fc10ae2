"""Which image a file holds, told from its first bytes (magic numbers), not from its name."""

from __future__ import annotations

import typing as t

#: The image types an attachment may be, by the bytes their files start with.
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)
#: WebP is a RIFF container: ``RIFF``, a 4-byte size, then ``WEBP``.
RIFF, WEBP = b"RIFF", b"WEBP"
#: Enough of a file's start to tell its type.
HEADER_SIZE = 12
ACCEPTED = ("image/png", "image/jpeg", "image/gif", "image/webp")


def image_type(data: bytes) -> str | None:
    """Return the media type of the image *data* starts with, or ``None`` for anything else.

    Only the first :data:`HEADER_SIZE` bytes are read, whatever the size of *data*.
    """
    for signature, media_type in SIGNATURES:
        if data.startswith(signature):
            return media_type
    if data[:4] == RIFF and data[8:12] == WEBP:
        return "image/webp"
    return None


def read_at_most(stream: t.IO[bytes], limit: int) -> bytes | None:
    """Return what *stream* holds, or ``None`` when it holds more than *limit* bytes.

    At most ``limit + 1`` bytes are read, so a large upload is not read through.
    """
    data = stream.read(limit + 1)
    return None if len(data) > limit else data
