"""Reading back the PDFs we write, for assertions: the text shown on the pages and the link targets.

Enough of PDF for ReportLab's output (ASCII85 and Flate streams, literal strings); not a general parser."""

import base64
import re
import zlib

_STREAM = re.compile(rb"<<(?P<dict>.*?)>>\s*stream\r?\n(?P<data>.*?)endstream", re.S)
# A shown string, a shown array, any other string (skipped whole) or an operator that ends a line.
_TOKEN = re.compile(
    rb"\((?P<s>(?:\\.|[^\\)])*)\)\s*(?:Tj|')|\[(?P<a>(?:\\.|[^\]\\])*)\]\s*TJ"
    rb"|\((?:\\.|[^\\)])*\)|(?P<end>\bT\*|\bET\b|\bT[dDm]\b)",
    re.S,
)
_PART = re.compile(rb"\((?P<s>(?:\\.|[^\\)])*)\)")
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _unescape(raw: bytes) -> str:
    def one(match: re.Match[bytes]) -> bytes:
        body = match.group(1)
        if body[:1].isdigit():
            return bytes([int(body, 8)])
        return _ESCAPES.get(body, body)

    return re.sub(rb"\\([0-7]{1,3}|.)", one, raw, flags=re.S).decode("cp1252", errors="replace")


def _decoded_streams(data: bytes) -> list[bytes]:
    streams = []
    for match in _STREAM.finditer(data):
        header, body = match.group("dict"), match.group("data")
        if b"/ASCII85Decode" in header:
            body = base64.a85decode(body.strip().removeprefix(b"<~").removesuffix(b"~>"))
        if b"/FlateDecode" in header:
            body = zlib.decompress(body)
        streams.append(body)
    return streams


def pdf_text(data: bytes) -> str:
    """The text the pages draw, one line of the page per line (strings drawn one after another on a
    line are joined, as a reader sees them)."""
    lines: list[str] = []
    for stream in _decoded_streams(data):
        line = ""
        for token in _TOKEN.finditer(stream):
            if token.group("s") is not None:
                line += _unescape(token.group("s"))
            elif token.group("a") is not None:
                line += "".join(_unescape(p.group("s")) for p in _PART.finditer(token.group("a")))
            elif line:
                lines.append(line)
                line = ""
        if line:
            lines.append(line)
    return "\n".join(lines)


def pdf_link_targets(data: bytes) -> list[str]:
    """Every /URI of a link annotation."""
    return [_unescape(m.group(1)) for m in re.finditer(rb"/URI\s*\(((?:\\.|[^\\)])*)\)", data)]
