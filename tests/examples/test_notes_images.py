"""Telling images by their magic numbers, and reading an upload no further than its limit."""

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from notes_story import GIF, png

from examples.notes.images import HEADER_SIZE, image_type, read_at_most

#: Every accepted image, as (offset, bytes) the file must hold, and its media type.
REFERENCE = [
    ([(0, b"\x89PNG\r\n\x1a\n")], "image/png"),
    ([(0, b"\xff\xd8\xff")], "image/jpeg"),
    ([(0, b"GIF87a")], "image/gif"),
    ([(0, b"GIF89a")], "image/gif"),
    ([(0, b"RIFF"), (8, b"WEBP")], "image/webp"),
]


def reference_image_type(data):
    """The plain reading of the table above: every part at its offset."""
    for parts, media_type in REFERENCE:
        if all(data[offset : offset + len(part)] == part for offset, part in parts):
            return media_type
    return None


@pytest.mark.parametrize(
    ("data", "media_type"),
    [
        pytest.param(png(4, 3), "image/png", id="png"),
        pytest.param(GIF, "image/gif", id="gif"),
        pytest.param(b"GIF87a\x01\x00\x01\x00", "image/gif", id="gif87a"),
        pytest.param(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "image/jpeg", id="jpeg"),
        pytest.param(b"RIFF\x24\x00\x00\x00WEBPVP8 ", "image/webp", id="webp"),
        pytest.param(b"<svg xmlns='http://www.w3.org/2000/svg'/>", None, id="svg"),
        pytest.param(b"RIFF\x24\x00\x00\x00WAVEfmt ", None, id="wave"),
        pytest.param(b"GIF88a", None, id="not-gif"),
        pytest.param(b"\x89PNG\r\n", None, id="cut-png"),
        pytest.param(b"", None, id="empty"),
    ],
)
def test_an_image_is_told_by_its_first_bytes(data, media_type):
    assert image_type(data) == media_type


signatures = st.sampled_from([part for parts, _ in REFERENCE for _, part in parts])


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.binary(max_size=40),
        st.builds(lambda head, tail: head + tail, signatures, st.binary(max_size=20)),
        st.builds(
            lambda tail, size: b"RIFF" + size + b"WEBP" + tail,
            st.binary(max_size=8),
            st.binary(min_size=4, max_size=4),
        ),
    )
)
def test_image_type_agrees_with_the_plain_reading(data):
    assert image_type(data) == reference_image_type(data)


@given(st.binary(max_size=HEADER_SIZE), st.binary(max_size=200))
def test_only_the_first_bytes_count(head, tail):
    assert image_type(head.ljust(HEADER_SIZE, b"\x00") + tail) == image_type(
        head.ljust(HEADER_SIZE, b"\x00")
    )


class CountingStream(io.BytesIO):
    def __init__(self, data):
        super().__init__(data)
        self.asked = []

    def read(self, size=-1):
        self.asked.append(size)
        return super().read(size)


@pytest.mark.parametrize(
    ("size", "expected"), [(0, b""), (99, b"x" * 99), (100, b"x" * 100), (101, None), (10**6, None)]
)
def test_an_upload_is_read_up_to_one_byte_past_its_limit(size, expected):
    stream = CountingStream(b"x" * size)

    assert read_at_most(stream, 100) == expected
    assert stream.asked == [101]
    assert stream.tell() <= 101
