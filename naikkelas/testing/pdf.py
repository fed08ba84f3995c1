"""Reading back the PDFs we write, for assertions: the text shown on the pages and the link targets.

Enough of PDF for ReportLab's output (ASCII85 and Flate streams, literal strings, the standard fonts'
WinAnsi and an embedded TrueType subset's codes read through its /ToUnicode map); not a general parser."""

import base64
import re
import zlib

_STREAM = re.compile(rb"<<(?P<dict>.*?)>>\s*stream\r?\n(?P<data>.*?)endstream", re.S)
# A shown string, a shown array, any other string (skipped whole) or an operator that ends a line.
_TOKEN = re.compile(
    rb"\((?P<s>(?:\\.|[^\\)])*)\)\s*(?:Tj|')|\[(?P<a>(?:\\.|[^\]\\])*)\]\s*TJ"
    rb"|\((?:\\.|[^\\)])*\)|(?P<end>\bT\*|\bET\b|\bT[dDm]\b)|/(?P<font>[^\s/\[\]()<>]+)\s+[\d.]+\s+Tf",
    re.S,
)
_OBJECT = re.compile(rb"(?P<n>\d+) 0 obj\s*<<(?P<dict>.*?)>>\s*(?:stream\r?\n(?P<data>.*?)endstream)?", re.S)
_FONT = re.compile(rb"/Name\s*/(?P<name>[^\s/]+).*?/ToUnicode\s+(?P<ref>\d+) 0 R", re.S)
_BFCHAR = re.compile(rb"<(?P<code>[0-9A-Fa-f]{2})>\s*<(?P<unicode>[0-9A-Fa-f]{4,})>")
_PART = re.compile(rb"\((?P<s>(?:\\.|[^\\)])*)\)")
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _unescape(raw: bytes, codes: dict[int, str] | None = None) -> str:
    """A literal string's text: WinAnsi for the standard fonts, else the subset font's own codes."""

    def one(match: re.Match[bytes]) -> bytes:
        body = match.group(1)
        if body[:1].isdigit():
            return bytes([int(body, 8)])
        return _ESCAPES.get(body, body)

    shown = re.sub(rb"\\([0-7]{1,3}|.)", one, raw, flags=re.S)
    if codes is None:
        return shown.decode("cp1252", errors="replace")
    return "".join(codes.get(byte) or chr(byte) for byte in shown)


def _decoded(header: bytes, body: bytes) -> bytes:
    if b"/ASCII85Decode" in header:
        body = base64.a85decode(body.strip().removeprefix(b"<~").removesuffix(b"~>"))
    if b"/FlateDecode" in header:
        body = zlib.decompress(body)
    return body


def _decoded_streams(data: bytes) -> list[bytes]:
    """The streams that may draw text: not an embedded font's program (/Length1) nor an image."""
    streams = []
    for match in _STREAM.finditer(data):
        own = match.group("dict").rsplit(b" obj", 1)[-1]  # the stream's own object, not those before it
        if b"/Length1" in own or b"/Subtype /Image" in own:
            continue
        streams.append(_decoded(match.group("dict"), match.group("data")))
    return streams


def _font_codes(data: bytes) -> dict[bytes, dict[int, str]]:
    """Each embedded font's resource name (F2+0) and what its codes say (ReportLab's subsets number the
    non-ASCII characters they use from 1; their /ToUnicode maps say which is which)."""
    objects = {match.group("n"): match for match in _OBJECT.finditer(data)}
    fonts: dict[bytes, dict[int, str]] = {}
    for match in objects.values():
        font = _FONT.search(match.group("dict"))
        if font is None or font.group("ref") not in objects:
            continue
        cmap = objects[font.group("ref")]
        text = _decoded(cmap.group("dict"), cmap.group("data") or b"")
        fonts[font.group("name")] = {
            int(pair.group("code"), 16): bytes.fromhex(pair.group("unicode").decode()).decode("utf-16-be")
            for pair in _BFCHAR.finditer(text)
            if int(pair.group("unicode"), 16)
        }
    return fonts


def pdf_text(data: bytes) -> str:
    """The text the pages draw, one line of the page per line (strings drawn one after another on a
    line are joined, as a reader sees them)."""
    lines: list[str] = []
    fonts = _font_codes(data)
    for stream in _decoded_streams(data):
        line = ""
        codes: dict[int, str] | None = None
        for token in _TOKEN.finditer(stream):
            if token.group("font") is not None:
                codes = fonts.get(token.group("font"))
            elif token.group("s") is not None:
                line += _unescape(token.group("s"), codes)
            elif token.group("a") is not None:
                line += "".join(_unescape(p.group("s"), codes) for p in _PART.finditer(token.group("a")))
            elif line:
                lines.append(line)
                line = ""
        if line:
            lines.append(line)
    return "\n".join(lines)


def pdf_link_targets(data: bytes) -> list[str]:
    """Every /URI of a link annotation."""
    return [_unescape(m.group(1)) for m in re.finditer(rb"/URI\s*\(((?:\\.|[^\\)])*)\)", data)]
