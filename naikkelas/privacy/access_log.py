"""Moved to `naikkelas.core.access_log` (every app writes the access log, so it lives at the bottom).

Kept only for `registry/access.py`, which another branch is editing; remove once that imports core.
"""

from naikkelas.core.access_log import note

__all__ = ["note"]
