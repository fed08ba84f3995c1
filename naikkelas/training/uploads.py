"""Moved to `naikkelas.core.uploads` (every app's uploads are checked there); kept so old imports work."""

from naikkelas.core.uploads import (
    MAX_BYTES,
    MAX_PIXELS,
    MAX_SIDE,
    CheckedFile,
    UploadError,
    check_photo,
    check_upload,
    sniff,
)

__all__ = [
    "MAX_BYTES",
    "MAX_PIXELS",
    "MAX_SIDE",
    "CheckedFile",
    "UploadError",
    "check_photo",
    "check_upload",
    "sniff",
]
