"""Cleaning free text typed by staff before it is stored: one rule for every app."""

import unicodedata


def one_line(text: object) -> str:
    """Plain text on one line: control characters (NUL, bell…) dropped, runs of whitespace one space."""
    kept = "".join(ch for ch in str(text or "") if ch.isspace() or unicodedata.category(ch) != "Cc")
    return " ".join(kept.split())


def plain_text(text: object) -> str:
    """Text that may hold lines: control characters other than line breaks and tabs dropped, each line's
    end and the whole text's ends trimmed."""
    kept = "".join(ch for ch in str(text or "") if ch in "\n\t" or unicodedata.category(ch) != "Cc")
    return "\n".join(line.rstrip() for line in kept.replace("\r\n", "\n").split("\n")).strip()
