"""HTTP/1.1 as raw bytes over a socket: requests written byte for byte, replies read to EOF.

No HTTP library stands between the test and the server, so a request may be
malformed on purpose (two ``Content-Length`` fields, a body shorter than
announced, bytes that are not text) and the reply is read as the server wrote it.
"""

from __future__ import annotations

import dataclasses
import json
import socket
import typing as t

TIMEOUT = 15.0


@dataclasses.dataclass(frozen=True)
class RawReply:
    """A reply as it came: status, reason phrase, header fields in order, body (de-chunked)."""

    status: int
    reason: str
    fields: tuple[tuple[str, str], ...]
    body: bytes

    def header(self, name: str) -> str | None:
        """Return the value of the field *name* (joined with ``, `` when repeated), or ``None``."""
        values = self.headers(name)
        return ", ".join(values) if values else None

    def headers(self, name: str) -> list[str]:
        """Return every value of the field *name*."""
        return [value for field, value in self.fields if field.lower() == name.lower()]

    def json(self) -> t.Any:
        return json.loads(self.body)


def request_bytes(
    method: str,
    target: str | bytes,
    *,
    host: str | bytes | None,
    fields: t.Sequence[tuple[str | bytes, str | bytes]] = (),
    body: bytes | None = None,
    content_length: bool = True,
) -> bytes:
    """Return a request: the request line, ``Host`` (unless ``None``), *fields*, then *body*.

    ``Content-Length`` is added for *body* unless *content_length* is false (for
    requests that frame the body themselves, or not at all).
    """
    lines = [b"%s %s HTTP/1.1" % (_bytes(method), _bytes(target))]
    if host is not None:
        lines.append(b"Host: " + _bytes(host))
    lines.extend(_bytes(name) + b": " + _bytes(value) for name, value in fields)
    if body is not None and content_length:
        lines.append(b"Content-Length: %d" % len(body))
    return b"\r\n".join(lines) + b"\r\n\r\n" + (body or b"")


def chunked(body: bytes, size: int = 65536) -> bytes:
    """Return *body* in the chunked transfer coding."""
    parts = [
        b"%x\r\n%s\r\n" % (len(body[i : i + size]), body[i : i + size])
        for i in range(0, len(body), size)
    ]
    return b"".join(parts) + b"0\r\n\r\n"


def exchange(port: int, data: bytes, *, head: bool = False, timeout: float = TIMEOUT) -> RawReply:
    """Send *data* on a new connection, half-close it, and read the reply until the server closes.

    :param head: the request was a ``HEAD``: the reply has no body, whatever it announces.
    """
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as connection:
        try:
            connection.sendall(data)
            connection.shutdown(socket.SHUT_WR)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed before reading everything: read its answer
        received = bytearray()
        while True:
            try:
                chunk = connection.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            received += chunk
    return parse_reply(bytes(received), head=head)


def parse_reply(data: bytes, *, head: bool = False) -> RawReply:
    """Parse one HTTP/1.x reply: status line, fields, and a body framed by its length or chunks."""
    head_part, separator, rest = data.partition(b"\r\n\r\n")
    if not separator:
        raise ValueError(f"no complete reply in {data[:200]!r}")
    status_line, *field_lines = head_part.decode("latin-1").split("\r\n")
    _, status, reason = [*status_line.split(" ", 2), ""][:3]
    fields = tuple(
        (name.strip(), value.strip())
        for name, _, value in (line.partition(":") for line in field_lines)
    )
    reply = RawReply(int(status), reason, fields, b"")
    if head or int(status) in (204, 304) or 100 <= int(status) < 200:
        return reply
    if (reply.header("transfer-encoding") or "").lower() == "chunked":
        return dataclasses.replace(reply, body=_dechunk(rest))
    length = reply.header("content-length")
    return dataclasses.replace(reply, body=rest if length is None else rest[: int(length)])


def _dechunk(data: bytes) -> bytes:
    body = bytearray()
    while True:
        size_line, _, data = data.partition(b"\r\n")
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            return bytes(body)
        body += data[:size]
        data = data[size + 2 :]


def _bytes(value: str | bytes) -> bytes:
    return value.encode("latin-1") if isinstance(value, str) else value
