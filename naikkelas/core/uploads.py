"""Uploads, checked by what they are, not what they are called, and served back safely. One module for
every upload field (assignment files, consultation photos, follow-up evidence, hero photos).

- Size: at most `max_bytes + 1` bytes are ever read (a 60 MB file costs 5 MB of memory), and the message
  names the real limit.
- Kind: the first bytes decide (JPEG, PNG, WebP, PDF); an executable renamed .jpg is refused. A photo field
  takes photos only.
- Photos: the size in pixels is read from the header before any pixel is decoded (a 10 KB PNG can claim
  80 million pixels and cost half a gigabyte to decode); more than MAX_PIXELS (JPEG, which decodes at a
  reduced scale) or MAX_PIXELS_FULL_DECODE (PNG, WebP) is refused.
  Accepted photos are decoded once, turned upright, downscaled to MAX_SIDE and stored as a fresh JPEG, so
  no metadata (GPS) and no trailing payload survive.
- PDFs: stored as sent, so they are checked: a PDF header, the `%%EOF` trailer, and none of the names
  that make a PDF act on its own (JavaScript, automatic actions, launched or embedded files, rich media,
  XFA forms) — also inside compressed object streams, and also when the name is written with `#xx`
  escapes. An encrypted PDF cannot be checked and is refused.
- Serving: `upload_response` names the file itself (`tugas-12.pdf`, never the uploaded name), takes the
  type from the stored bytes, and sends everything but our own re-encoded JPEGs as an attachment.
"""

import base64
import io
import math
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePosixPath
from typing import IO, Any

from babel.numbers import format_decimal
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse
from django.utils.functional import lazy
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
MAX_SIDE = 1600
MAX_PIXELS = 40_000_000  # JPEG, 8000 × 5000: a 40-megapixel phone photo passes (decoded at 1/4 scale)
# PNG and WebP decode at full size, whatever the file size (a 128 KB flat PNG of 40 Mpx took 458 MB).
# 10 Mpx holds an A4 page scanned at 300 dpi, screenshots and chat photos; it costs at most ~110 MB
# (PNG) to ~160 MB (WebP) while checking (bench/uploads_memory.py).
MAX_PIXELS_FULL_DECODE = 10_000_000

PHOTO_TYPES = frozenset({"image/jpeg", "image/png", "image/webp"})
DOCUMENT_TYPES = PHOTO_TYPES | {"application/pdf"}
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "application/pdf": "pdf"}
_PILLOW_FORMATS = ("JPEG", "PNG", "WEBP")

# PDF names that make a document act by itself, grouped by what the message calls them.
_ACTIVE_PDF_NAMES = {
    "JavaScript": "script",
    "JS": "script",
    "OpenAction": "action",
    "AA": "action",
    "Launch": "action",
    "SubmitForm": "action",
    "ImportData": "action",
    "GoToE": "embedded",
    "EmbeddedFile": "embedded",
    "EmbeddedFiles": "embedded",
    "RichMedia": "embedded",
    "XFA": "xfa",
}
_PDF_TAIL = 1024  # readers look for %%EOF in the last kilobyte
_PDF_DECODED_BUDGET = 128 * 1024 * 1024  # the most we inflate of one PDF, all streams together (~0.5 s)
_PDF_NAME = re.compile(rb"/([^\s/<>\[\](){}%]*)")
_SHORT_PDF_NAMES = frozenset({"JS", "AA", "XFA"})
_PDF_VALUE = re.compile(rb"\s*(?:<|\(|\[|\d+\s+\d+\s+R)")
# Filters whose streams we cannot open to look inside (rare outside old or crafted files).
_UNCHECKABLE_FILTERS = frozenset({"LZWDecode", "RunLengthDecode", "ASCIIHexDecode", "Crypt"})
_PDF_STREAM = re.compile(rb"(?<![A-Za-z])stream(?:\r\n|\n|\r)")


PHOTO_ACCEPT = "image/jpeg,image/png,image/webp"  # a phone's picker then offers photos


def _photo_help() -> str:
    return _("JPEG, PNG atau WebP, paling besar %(max)s MB.") % {"max": megabytes(MAX_BYTES)}


photo_help_text = lazy(_photo_help, str)()  # in the language of the request that shows it


class UploadError(ValueError):
    """The upload is refused; the message says why, naming the file."""


@dataclass(frozen=True)
class CheckedFile:
    content: bytes
    content_type: str
    extension: str


Source = bytes | IO[bytes] | UploadedFile  # the bytes, or a file to read from


def sniff(head: bytes) -> str | None:
    """The content type from the first bytes, or None for anything else."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    return None


def display_name(name: str | None, fallback: str) -> str:
    """The uploaded name as the person knows it, for messages only (no folders, at most 100 characters)."""
    shown = PurePosixPath((name or "").replace("\\", "/")).name.strip()
    return shown[:100] or fallback


def megabytes(size: int) -> str:
    """`5`, `60,3` (megabytes): one decimal only where it says something, in the active language."""
    value = (Decimal(size) / 2**20).quantize(Decimal("0.1"))
    locale = "en" if (get_language() or "id").startswith("en") else "id"
    return format_decimal(value, format="#,##0.#", locale=locale)


def read_limited(source: Source, name: str, max_bytes: int = MAX_BYTES) -> bytes:
    """The content, reading at most max_bytes + 1 bytes; larger is refused with the real limit."""
    size: int | None
    if isinstance(source, bytes | bytearray):
        content, size = bytes(source), len(source)
    else:
        content = source.read(max_bytes + 1)
        size = getattr(source, "size", None)
    if len(content) <= max_bytes:
        return content
    if isinstance(size, int) and size > max_bytes:
        raise UploadError(
            _("%(name)s terlalu besar (%(size)s MB); paling besar %(max)s MB.")
            % {"name": name, "size": megabytes(size), "max": megabytes(max_bytes)}
        )
    raise UploadError(
        _("%(name)s terlalu besar; paling besar %(max)s MB.") % {"name": name, "max": megabytes(max_bytes)}
    )


def check_upload(
    source: Source,
    name: str | None = None,
    max_bytes: int = MAX_BYTES,
    *,
    accept: frozenset[str] = DOCUMENT_TYPES,
) -> CheckedFile:
    """Accept a photo (re-encoded as JPEG) or, where `accept` allows, a checked PDF; refuse anything
    else with a message that names the file and says why."""
    shown = display_name(name if name is not None else getattr(source, "name", None), _("berkas"))
    content = read_limited(source, shown, max_bytes)
    kind = sniff(content[:16])
    if kind == "application/pdf" and "application/pdf" not in accept:
        raise UploadError(
            _("%(name)s adalah PDF; di sini hanya foto (JPEG, PNG atau WebP).") % {"name": shown}
        )
    if kind is None or kind not in accept:
        if "application/pdf" in accept:
            raise UploadError(_("%(name)s bukan foto (JPEG, PNG, WebP) atau PDF.") % {"name": shown})
        raise UploadError(_("%(name)s bukan foto (JPEG, PNG atau WebP).") % {"name": shown})
    if kind == "application/pdf":
        check_pdf(content, shown)
        return CheckedFile(content, kind, "pdf")
    return _reencoded(content, shown)


def check_photo(source: Source, name: str | None = None, max_bytes: int = MAX_BYTES) -> CheckedFile:
    """A photo field: JPEG, PNG or WebP only (a PDF is refused), re-encoded as JPEG."""
    return check_upload(source, name, max_bytes, accept=PHOTO_TYPES)


# Photos


def _too_many_pixels(
    name: str, width: int | None = None, height: int | None = None, kind: str = ""
) -> UploadError:
    if width is None or height is None:
        return UploadError(
            _("%(name)s terlalu besar: lebih dari %(max)s megapiksel.")
            % {"name": name, "max": MAX_PIXELS // 1_000_000}
        )
    if kind != "JPEG":
        return UploadError(
            _(
                "%(name)s terlalu besar: %(width)s × %(height)s piksel; foto PNG atau WebP paling besar "
                "%(max)s megapiksel (JPEG sampai %(jpeg)s megapiksel)."
            )
            % {"name": name, "width": width, "height": height, "max": MAX_PIXELS_FULL_DECODE // 1_000_000,
               "jpeg": MAX_PIXELS // 1_000_000}
        )  # fmt: skip
    return UploadError(
        _("%(name)s terlalu besar: %(width)s × %(height)s piksel; paling besar %(max)s megapiksel.")
        % {"name": name, "width": width, "height": height, "max": MAX_PIXELS // 1_000_000}
    )


def _reencoded(content: bytes, name: str) -> CheckedFile:
    unreadable = UploadError(_("%(name)s rusak atau bukan foto yang dapat dibaca.") % {"name": name})
    try:
        # Opening reads the header only; the pixel count is known before anything is decoded.
        with Image.open(io.BytesIO(content), formats=_PILLOW_FORMATS) as probe:
            # Cameras that store several pictures in one JPEG make Pillow call it MPO; it decodes the same.
            width, height = probe.size
            kind = "JPEG" if probe.format in ("JPEG", "MPO") else (probe.format or "")
            limit = MAX_PIXELS if kind == "JPEG" else MAX_PIXELS_FULL_DECODE
            if width * height > limit:
                raise _too_many_pixels(name, width, height, kind)
            probe.verify()
        with Image.open(io.BytesIO(content), formats=_PILLOW_FORMATS) as image:
            # A JPEG decodes straight at 1/2, 1/4 or 1/8 scale, as long as it stays above the stored size.
            scale = min(1.0, MAX_SIDE / max(width, height))
            image.draft("RGB", (math.ceil(width * scale), math.ceil(height * scale)))
            image.load()
            ImageOps.exif_transpose(image, in_place=True)
            # Shrink first, in the picture's own mode where resizing can, so only the small copy converts.
            picture: Image.Image
            if image.mode in ("RGB", "RGBA", "L", "LA"):
                picture = image
            elif image.mode in ("1", "I;16", "I", "F"):  # bilevel and deep greys as greys, 1 byte a pixel
                picture = image.convert("L")
            else:  # palettes and CMYK as colour, keeping transparency only where there is some
                picture = image.convert(
                    "RGBA" if "transparency" in image.info or image.mode == "PA" else "RGB"
                )
            picture.thumbnail((MAX_SIDE, MAX_SIDE))
            picture = picture.convert("RGB")
    except UploadError:
        raise
    except Image.DecompressionBombError:
        raise _too_many_pixels(name) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise unreadable from None
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=85, optimize=True)
    return CheckedFile(out.getvalue(), "image/jpeg", "jpg")


# PDFs


def _names(data: bytes | memoryview) -> Iterator[str]:
    """The PDF names in the bytes that would act, with `#xx` escapes decoded (`/J#61vaScript` is
    /JavaScript). A short name (/JS, /AA, /XFA) counts only where a value follows it, as in a
    dictionary: three letters turn up by chance in a few megabytes of compressed image data."""
    for match in _PDF_NAME.finditer(data):
        raw = match.group(1)
        if b"#" in raw:
            raw = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw)
        name = raw.decode("latin-1")
        if name in _SHORT_PDF_NAMES and not _PDF_VALUE.match(data, match.end()):
            continue
        yield name


def _inflated(data: bytes | memoryview, start: int = 0) -> Iterator[bytes]:
    """The Flate (zlib) stream that starts at `start`, in pieces of at most a megabyte. zlib's own
    framing says where the stream ends, so no /Length (which a crafted file can misstate) is trusted;
    data that is not zlib yields nothing."""
    view = memoryview(data)
    inflater = zlib.decompressobj()
    position = start
    while not inflater.eof and position < len(view):
        pending: bytes | memoryview = view[position : position + 65536]
        position += len(pending)
        while pending and not inflater.eof:
            try:
                piece = inflater.decompress(pending, 1 << 20)
            except zlib.error:
                return
            if piece:
                yield piece
            pending = inflater.unconsumed_tail


def _ascii85(content: bytes, start: int) -> Iterator[bytes]:
    """A stream written in ASCII85 (ReportLab writes [/ASCII85Decode /FlateDecode]): decoded, and
    inflated when what it holds is zlib."""
    end = content.find(b"endstream", start)
    close = content.find(b"~>", start, end if end >= 0 else len(content))
    if close < 0:
        return
    try:
        decoded = base64.a85decode(
            content[start:close].strip().removeprefix(b"<~"), ignorechars=b" \t\r\n\f\x00"
        )
    except ValueError:
        return
    inflated = False
    for piece in _inflated(decoded):
        inflated = True
        yield piece
    if not inflated:
        yield decoded


def check_pdf(content: bytes, name: str) -> None:
    """Refuse a PDF that is not whole, is encrypted, or carries anything that acts by itself. The names
    are looked for in the file as written and inside every compressed stream (object streams hide
    dictionaries there)."""
    broken = UploadError(
        _("%(name)s bukan PDF yang utuh; simpan ulang sebagai PDF lalu unggah lagi.") % {"name": name}
    )
    uncheckable = UploadError(
        _(
            "%(name)s tidak dapat diperiksa (isinya terkompresi dengan cara yang tidak dikenal atau terlalu "
            "besar setelah dibuka); cetak ulang sebagai PDF biasa lalu unggah lagi."
        )
        % {"name": name}
    )
    if not re.match(rb"%PDF-[12]\.\d", content) or b"%%EOF" not in content[-_PDF_TAIL:]:
        raise broken
    if b"startxref" not in content or not re.search(rb"\d+\s+\d+\s+obj\b", content):
        raise broken
    found = set(_names(content))
    if "Root" not in found:
        raise broken
    if found & _UNCHECKABLE_FILTERS:
        raise uncheckable
    budget = _PDF_DECODED_BUDGET
    for match in _PDF_STREAM.finditer(content):
        for decode in (_inflated, _ascii85):
            carry = b""
            for piece in decode(content, match.end()):
                budget -= len(piece)
                if budget < 0:
                    raise uncheckable
                window = carry + piece
                found.update(_names(window))
                carry = window[-256:]  # a name cut between two pieces is read whole in the next window
            if carry:
                break
    if "Encrypt" in found:
        raise UploadError(
            _("%(name)s terkunci dengan sandi sehingga tidak dapat diperiksa; unggah PDF tanpa sandi.")
            % {"name": name}
        )
    kinds = {_ACTIVE_PDF_NAMES[n] for n in found if n in _ACTIVE_PDF_NAMES}
    if kinds:
        what = {
            "script": _("JavaScript"),
            "action": _("tindakan otomatis"),
            "embedded": _("berkas atau media sisipan"),
            "xfa": _("formulir XFA"),
        }
        listed = ", ".join(
            str(what[kind]) for kind in ("script", "action", "embedded", "xfa") if kind in kinds
        )
        raise UploadError(
            _(
                "%(name)s berisi %(what)s; PDF seperti itu tidak diterima. Cetak ulang sebagai PDF biasa "
                "lalu unggah lagi."
            )
            % {"name": name, "what": listed}
        )


# Serving


def upload_response(stored: Any, *, stem: str, inline_pdf: bool = False) -> FileResponse:
    """A stored upload as a response: named `<stem>.<extension of what it is>`, typed from its bytes,
    inline only for the JPEGs we re-encoded ourselves (and, when asked, PDFs, which check_pdf refused
    anything active in), an attachment otherwise; never sniffed."""
    handle = stored.open("rb")
    kind = sniff(handle.read(16)) or "application/octet-stream"
    handle.seek(0)
    inline = kind == "image/jpeg" or (inline_pdf and kind == "application/pdf")
    response = FileResponse(
        handle, content_type=kind, as_attachment=not inline, filename=f"{stem}.{EXTENSIONS.get(kind, 'bin')}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
