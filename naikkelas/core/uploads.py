"""Checking uploads by what they are, not what they are called. Pure apart from Pillow.

A file is accepted when its first bytes are those of a JPEG, PNG, WebP or PDF (an executable renamed
.jpg starts with 'MZ' or '\\x7fELF' and is refused) and it is not larger than the limit. Photos are
checked by Pillow, downscaled to at most MAX_SIDE pixels and stored as JPEG.
"""

import io
from dataclasses import dataclass

from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
MAX_SIDE = 1600
MAX_PIXELS = 40_000_000  # a decompression bomb is refused before it is decoded


class UploadError(ValueError):
    """The upload is refused; the message says why."""


@dataclass(frozen=True)
class CheckedFile:
    content: bytes
    content_type: str
    extension: str


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


def check_upload(content: bytes, name: str, max_bytes: int = MAX_BYTES) -> CheckedFile:
    """Accept a photo (downscaled, as JPEG) or a PDF; refuse everything else with a reason."""
    if len(content) > max_bytes:
        raise UploadError(
            _("%(name)s terlalu besar (%(size)s MB); paling besar %(max)s MB.")
            % {"name": name, "size": round(len(content) / 2**20, 1), "max": max_bytes // 2**20}
        )
    kind = sniff(content[:16])
    if kind is None:
        raise UploadError(_("%(name)s bukan foto (JPEG, PNG, WebP) atau PDF.") % {"name": name})
    if kind == "application/pdf":
        return CheckedFile(content, kind, "pdf")
    return _downscaled(content, name)


def _downscaled(content: bytes, name: str) -> CheckedFile:
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with Image.open(io.BytesIO(content)) as probe:
            probe.verify()
        with Image.open(io.BytesIO(content)) as image:
            image.load()
            picture = image.convert("RGB")
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise UploadError(_("%(name)s rusak atau bukan foto yang dapat dibaca.") % {"name": name}) from None
    picture.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=85, optimize=True)
    return CheckedFile(out.getvalue(), "image/jpeg", "jpg")
