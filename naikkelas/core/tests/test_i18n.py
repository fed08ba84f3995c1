"""The English catalogue, reviewed entry by entry, stays a translation of the Indonesian: every entry
filled and not fuzzy, the same placeholders, and the domain's terms said the same way everywhere.

The Indonesian catalogue holds only Django's own messages, reworded (core/django_words.py)."""

import re
from collections.abc import Sequence
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils import translation

PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]|\{\{ *\w+ *\}\}")

# The reviewed glossary: an Indonesian term (a whole word, any case) and the English it is said with
# (a pattern, in lower case). Where the Indonesian word is used in another sense, the entry is listed below.
GLOSSARY = {
    "hapus": r"\bdelete\b",
    "simpan": r"\bsave\b",
    "tindak lanjut": r"follow-up",
    "pendamping": r"\bmentor",
    "angkatan": r"\bbatch",
    "jenjang": r"\blevel",
    "omzet": r"\bturnover",
    "pendaftaran": r"\bappl(y|ie|ica)",
    "peserta": r"\bparticipant",
    "konsultasi": r"\bconsultation",
    "kunjungan": r"\bvisit",
    "sertifikat": r"\bcertificate",
    "penilai": r"\breviewer",
    "pelatih": r"\btrainer",
    "dampingan": r"\bmentee",
    "kelulusan": r"\bgraduat",
    "kehadiran": r"\battendance",
    "aset": r"\basset",
    "tenaga kerja": r"\bworker",
    "unggah": r"\bupload",
    "unduh": r"\bdownload",
    "impor": r"\bimport",
    "kecamatan": r"\bdistrict",
    "batal": r"\bcancel",
}

# Entries where a term is rightly said otherwise, each with the reason (reviewed).
GLOSSARY_EXCEPTIONS = {
    "Simpan tautan ini": "simpan: keep a link (not save data)",
    "Yang kami simpan": "simpan: the data we hold",
    "Semua yang kami simpan tentang %(name)s dan usahanya, per bagian. Salinan yang sama untuk komputer ada "
    "dalam JSON dan Excel.": "simpan: the data we hold",
    "Konsultasi baru dari peserta dampingan": "peserta dampingan: one thing, a mentee",
    "Centang saluran yang boleh kami pakai untuk pengingat, hasil seleksi dan permintaan angka usaha. Hapus "
    "centang untuk berhenti; perubahan berlaku saat itu juga, juga untuk pesan yang sedang antre.": (
        "hapus centang: untick a box (nothing is deleted)"
    ),
}


def _catalog(language: str) -> Catalog:
    path = Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po"
    with path.open("rb") as handle:
        return read_po(handle)


def _entries(catalog: Catalog) -> list[tuple[Message, str, tuple[str, ...]]]:
    entries = []
    for message in catalog:
        if not message.id:
            continue
        source = message.id if isinstance(message.id, str) else message.id[0]
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        entries.append((message, source, tuple(str(text) for text in strings)))
    return entries


def test_english_catalogue_is_complete_and_not_fuzzy() -> None:
    entries = _entries(_catalog("en"))
    assert len(entries) > 1500
    assert [source for message, source, strings in entries if not all(strings) or message.fuzzy] == []


def test_english_keeps_every_placeholder_of_the_indonesian() -> None:
    """A translation with other placeholders crashes (KeyError) or shows a raw %(name)s in English."""
    wrong = [
        (source, text)
        for _message, source, strings in _entries(_catalog("en"))
        for text in strings
        if sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(source))
    ]
    assert wrong == []


def glossary_breaks(entries: Sequence[tuple[Message, str, tuple[str, ...]]]) -> list[tuple[str, str, str]]:
    """(term, Indonesian, English) where the English does not say the term as the glossary does."""
    found: list[tuple[str, str, str]] = []
    for _message, source, strings in entries:
        if source in GLOSSARY_EXCEPTIONS:
            continue
        for term, english in GLOSSARY.items():
            if re.search(rf"(?<![\w-]){term}(?![\w-])", source, re.IGNORECASE) is None:
                continue
            found.extend((term, source, text) for text in strings if re.search(english, text.lower()) is None)
    return found


def test_english_says_the_domain_terms_as_the_glossary_does() -> None:
    assert glossary_breaks(_entries(_catalog("en"))) == []


def test_the_glossary_check_fails_on_a_mistranslated_button() -> None:
    """The entries the catalogue once had: "Hapus" → "deleted" passes no longer."""
    planted = [(Message("Hapus", "deleted"), "Hapus", ("deleted",)),
               (Message("Unggah dan periksa", "processed fish"), "Unggah dan periksa", ("processed fish",)),
               (Message("Simpan", "Save"), "Simpan", ("Save",))]  # fmt: skip
    assert [(term, source) for term, source, _text in glossary_breaks(planted)] == [
        ("hapus", "Hapus"), ("unggah", "Unggah dan periksa"),
    ]  # fmt: skip


def test_indonesian_catalogue_only_rewords_djangos_messages() -> None:
    from naikkelas.core.django_words import DJANGO_MESSAGE_IDS

    # (msgmerge may guess fuzzy entries into this catalogue; they are never compiled, so they are ignored.)
    filled = {
        source for message, source, strings in _entries(_catalog("id")) if any(strings) and not message.fuzzy
    }
    assert filled == set(DJANGO_MESSAGE_IDS)


@pytest.mark.parametrize(
    ("message", "indonesian"),
    [
        ("- Select an option -", "- Pilih -"),
        ("Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.",
         "Gunakan hanya huruf, angka, garis bawah (_) atau tanda hubung (-), tanpa spasi atau titik."),
        ("Your password can’t be too similar to your other personal information.",
         "Kata sandi tidak boleh mirip dengan data pribadi Anda."),
    ],
)  # fmt: skip
def test_djangos_messages_read_as_indonesian(message: str, indonesian: str) -> None:
    with translation.override("id"):
        assert translation.gettext(message) == indonesian
