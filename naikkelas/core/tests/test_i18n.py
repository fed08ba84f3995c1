from pathlib import Path

from babel.messages.pofile import read_po
from django.conf import settings


def test_english_catalogue_is_complete_and_not_fuzzy() -> None:
    path = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
    with path.open("rb") as handle:
        catalog = read_po(handle)
    untranslated = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings) or message.fuzzy:
            untranslated.append(message.id)
    assert len(catalog) > 150
    assert untranslated == []


def test_english_keeps_every_placeholder_of_the_indonesian() -> None:
    """A translation with other placeholders crashes (KeyError) or shows a raw %(name)s in English."""
    import re

    pattern = re.compile(r"%\((\w+)\)[sd]")
    path = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
    with path.open("rb") as handle:
        catalog = read_po(handle)
    wrong: list[tuple[str, str]] = []
    for message in catalog:
        if not message.id:
            continue
        source = message.id if isinstance(message.id, str) else message.id[0]
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(pattern.findall(source))
        wrong.extend((source, str(text)) for text in strings if set(pattern.findall(str(text))) != wanted)
    assert wrong == []
