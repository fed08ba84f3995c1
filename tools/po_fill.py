"""Fill empty msgstr entries of a .po file from a JSON dictionary (msgid -> translation).

Usage: python tools/po_fill.py naikkelas/locale/en/LC_MESSAGES/django.po translations.json
An entry with a context (pgettext) is looked up as "context\u0004msgid" first, gettext's own spelling.
Prints the msgids still untranslated. The .po file stays the source of truth; this only helps batch work.
"""

import json
import sys

from babel.messages.pofile import read_po, write_po


def main(po_path: str, json_path: str) -> int:
    with open(po_path, "rb") as handle:
        catalog = read_po(handle)
    with open(json_path, encoding="utf-8") as handle:
        table = json.load(handle)
    missing = []
    for message in catalog:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        if message.fuzzy:
            # msgmerge's fuzzy guesses are usually wrong ("tanggal mulai" -> "birth date"): start over.
            message.string = ("", "") if isinstance(message.id, tuple) else ""
            message.flags.discard("fuzzy")
        current = message.string if isinstance(message.string, str) else message.string[0]
        if message.context and f"{message.context}\x04{key}" in table:
            key = f"{message.context}\x04{key}"
        if key in table and not current:
            value = table[key]
            message.string = tuple(value) if isinstance(message.id, tuple) else value
        current = message.string if isinstance(message.string, str) else message.string[0]
        if not current:
            missing.append(key)
    with open(po_path, "wb") as handle:
        write_po(handle, catalog, width=100)
    for key in missing:
        print(f"untranslated: {key!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
