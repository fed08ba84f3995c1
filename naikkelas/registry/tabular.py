"""Moved to `naikkelas.core.tabular` (every app writes spreadsheets). Kept only for `registry/importer.py`,
which another branch is rewriting; remove once that imports core."""

from naikkelas.core.tabular import looks_like_formula

__all__ = ["looks_like_formula"]
