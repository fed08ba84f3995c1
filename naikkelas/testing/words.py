"""The words a person reads: a checker that finds raw keys, codes and the wrong language on a page.

`page_words(html)` keeps what a reader sees (text, and the placeholder, title, alt, aria-label and button
values a screen shows or reads aloud), without scripts, styles or the machine-readable parts of a page.
`findings(html, language)` lists what a person should never read there:

- a raw key or code of the domain (a status, a rule name, a sector code, a message template name, a data
  copy's section key), built from the models' choice values so that a new code is covered at once;
- Django's English defaults in the Indonesian UI ("- Select an option -", "This field is required");
- an unfilled placeholder (`%(started)s`, `{name}`, `{{ x }}`);
- a date in digits (2021-03-31) and a number without the language's separators (15424653; 5.000.000
  in English, 5,000,000 in Indonesian, a decimal comma in English);
- in the English UI, the Indonesian words of the interface (a reviewed list).

The test that uses it is `core/tests/test_raw_words.py`.
"""

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from django.apps import apps

# Elements whose text no one reads as words on the page.
_SKIPPED = {"script", "style", "template", "code", "pre", "textarea", "svg"}
# Attributes a screen shows or reads aloud.
_READ_ATTRIBUTES = {"placeholder", "title", "alt", "aria-label"}


NO_LANGUAGE = "-"  # text in no language: names and codes a person types, never translated
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[tuple[str, str]] = []  # (language declared by lang=, or "", text)
        self._depth = 0  # open elements inside a skipped one (0: reading)
        self._langs: list[tuple[str, str]] = []  # (tag, lang) of open elements that declare a language

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            if not self._depth:
                self._read_attributes(tag, dict(attrs))
            return
        values = dict(attrs)
        if self._depth or tag in _SKIPPED or "data-machine" in values:
            self._depth += 1
            return
        self._langs.append((tag, self._declared(values)))
        self._read_attributes(tag, values)

    def _declared(self, values: dict[str, str | None]) -> str:
        """The language of an element: its lang=, `NO_LANGUAGE` for translate="no" (a username, a code
        a person types) and lang="" (text in the language its writer chose), or its parent's."""
        if values.get("translate") == "no" or values.get("lang") == "":
            return NO_LANGUAGE  # lang="": a language not known (what a person wrote, in their words)
        return values.get("lang") or self._lang

    @property
    def _lang(self) -> str:
        return self._langs[-1][1] if self._langs else ""

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self._depth:
            self._read_attributes(tag, dict(attrs))

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        if self._depth:
            self._depth -= 1
            return
        # HTML closes elements implicitly (<li>, <p>): close up to the matching element, if any is open.
        for index in range(len(self._langs) - 1, -1, -1):
            if self._langs[index][0] == tag:
                del self._langs[index:]
                return

    def handle_data(self, data: str) -> None:
        if not self._depth and data.strip():
            self.parts.append((self._lang, data))

    def _read_attributes(self, tag: str, values: dict[str, str | None]) -> None:
        if "data-machine" in values:
            return
        lang = self._declared(values)
        for name in sorted(_READ_ATTRIBUTES):
            if values.get(name):
                self.parts.append((lang, str(values[name])))
        if tag == "input" and values.get("type") in {"submit", "button"} and values.get("value"):
            self.parts.append((lang, str(values["value"])))


def _read(html: str) -> list[tuple[str, str]]:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return [(lang, " ".join(text.split())) for lang, text in reader.parts]


def page_words(html: str) -> str:
    """What a reader sees of a page, one line per piece of text."""
    return "\n".join(text for _lang, text in _read(html))


# --- the lists -----------------------------------------------------------------------------------------

# Codes of the domain that are not choice values of a model field.
EXTRA_KEYS = {
    # eligibility rule names (selection/eligibility.py)
    "business_age", "turnover", "nib_present", "previous_level", "not_graduated", "size_limit",
    # message templates (notify/templates/notify/*.txt)
    "application_code", "application_received", "selection_result", "password_code", "followup_reminder",
    "consultation_opened", "consultation_answered", "consultation_reply", "consultation_escalated",
    # the sections of a person's data copy (each app's personal_data.py)
    "pemilik", "usaha", "laporan_angka", "lamaran", "kelulusan", "pendaftaran_pelatihan", "kehadiran",
    "tugas", "sertifikat", "pendamping", "kunjungan", "konsultasi", "pesan_konsultasi", "tindak_lanjut",
    "pesan_terkirim", "kisah", "permintaan_data", "akun",
    # columns of the stored rows
    "address_district_id", "nik_warning", "possible_duplicate_of_id", "enterprise_id", "person_id",
    "created_at", "updated_at", "reason_id", "reason_en", "month_offset",
    # what an access-log row showed (core.models.ACCESS_WHAT_LABELS)
    "person_detail", "enterprise_detail", "api_person", "registry_xlsx", "certificate_pdf", "certificates_zip",
    "dak_participants", "import_outside_scope",
    # message templates without a label until now (notify.models.TEMPLATE_LABELS)
    "sign_in_code", "staff_invitation", "status_link",
}  # fmt: skip

# Choice values that are also ordinary words of the Indonesian UI (or of names and numbers in it).
WORDS_IN_INDONESIAN = {
    "2020", "2025", "F", "M", "id", "en", "email", "sms", "whatsapp", "online", "digital", "legal",
    "admin", "link", "manual", "mentor",
    # data-copy section keys that are plain Indonesian words when they stand alone
    "pemilik", "usaha", "lamaran", "kelulusan", "kehadiran", "tugas", "sertifikat", "pendamping",
    "kunjungan", "konsultasi", "kisah", "akun",
    # the analysis plan's outcome codes are the Indonesian words for the measures
    "omzet", "aset",
}  # fmt: skip

# Django's English defaults, wrong in the Indonesian UI (and its own Indonesian that reads as jargon).
DJANGO_DEFAULTS = [
    "- Select an option -", "---------", "This field is required", "Enter a valid", "Select a valid choice",
    "Ensure this value", "Ensure this field", "is not one of the available choices", "slug", "Password:",
    "Username:", "Log in", "Page not found", "Forbidden", "Bad Request", "Server Error",
    "Masukkan nama pengguna nama pengguna", "Sandi anda", "Kata sandi anda",
]  # fmt: skip

# Indonesian words of the interface, wrong in the English UI. Reviewed: each is a word of the templates
# and messages (a button, a status, a domain term). The demo's data is Indonesian (names of batches,
# people, regions, rubric descriptions, stories, assignments), so words that also occur in data are
# looked for only in short pieces of text (a label, a status, a button): a sentence written by a person
# is theirs to write in Indonesian.
INDONESIAN_BUTTONS = [
    "Simpan", "Hapus", "Batal", "Ubah", "Tambah", "Unduh", "Kirim", "Cari", "Saring", "Kembali", "Masuk",
    "Keluar", "Pilih", "Tidak diizinkan", "Halaman", "Sebelumnya", "Berikutnya",
]  # fmt: skip
INDONESIAN_LABELS = [
    "Belum ada", "Tidak ada", "belum", "sudah", "menunggu", "terlambat", "jatuh tempo", "dijawab",
    "selesai", "terpilih", "hadir", "lulus", "ditolak", "daftar tunggu", "dibatalkan", "peserta", "Peserta",
    "Pendampingan", "Jenjang", "Tindak lanjut", "Pendaftaran", "Kunjungan", "Konsultasi", "Sertifikat",
    "Pesan", "Laporan", "Omzet", "Aset", "Pekerja", "tahun", "hari", "Januari", "Februari", "Maret",
    "Mei", "Juni", "Juli", "Agustus", "Oktober", "Desember", "Des", "Agu", "Okt",
]  # fmt: skip
SHORT = 6  # words: a label, a status, a button, a heading

# Unfilled placeholders: Python's %(name)s and {name}, a template tag. ({{ name }} is how the message
# templates' help names its placeholders for admins; a Django variable never stays unrendered.)
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sd]\b|\{\w+\}|\{%|%\}")
# Numbers as the language writes them: 15.424.653 (id), 15,424,653 (en); never 15424653. (Up to six
# digits may be a code (KBLI, a one-time code); longer runs are NIKs, NIBs and phone numbers; a leading
# 0 is a phone number.)
BARE_NUMBER = re.compile(r"(?<![\d.,+/:#-])[1-9]\d{6,11}(?![\d.,])")
OTHER_SEPARATORS = {
    "id": re.compile(r"(?<![\d.,])[1-9]\d{0,2}(?:,\d{3})+(?![\d,])"),  # English thousands: 5,000,000
    "en": re.compile(r"(?<![\d.,])[1-9]\d{0,2}(?:\.\d{3})+(?![\d.])|(?<![\d.,])\d+,\d{1,2}(?![\d,])"),
}
ISO_DATE = re.compile(r"(?<![\d/.-])(?:19|20)\d\d-[01]\d-[0-3]\d(?![\d-])")


def domain_keys() -> set[str]:
    """Every code of the domain: the string choice values of every model field of the project, and the
    rule names, template names and data-copy keys above."""
    keys = set(EXTRA_KEYS)
    for model in apps.get_models():
        if not model.__module__.startswith("naikkelas."):
            continue
        for field in model._meta.get_fields():
            for value, _label in getattr(field, "choices", None) or ():
                if isinstance(value, str) and value:
                    keys.add(value)
    return keys


@dataclass(frozen=True)
class Finding:
    kind: str  # "raw key", "django default", "placeholder", "indonesian"
    word: str
    line: str

    def __str__(self) -> str:
        return f"{self.kind} {self.word!r} in: {self.line[:160]}"


def _tokens(line: str) -> set[str]:
    return set(re.findall(r"[A-Za-z0-9_]+", line))


def _has_phrase(line: str, phrase: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", line) is not None


def findings(html: str, language: str, *, keys: set[str] | None = None) -> list[Finding]:
    """What a person should not read on this page in this language. Text an element declares to be in
    another language (`lang="id"` on an English page: an owner's story, a template's Indonesian wording)
    is that language's, and is left alone."""
    keys = domain_keys() if keys is None else keys
    # In Indonesian every English code is out of place; in English only those that are not words.
    raw = keys - WORDS_IN_INDONESIAN if language == "id" else {key for key in keys if "_" in key}
    found: list[Finding] = []
    for lang, line in _read(html):
        if lang and lang != NO_LANGUAGE and not lang.startswith(language):
            continue
        found.extend(Finding("raw key", token, line) for token in sorted(_tokens(line) & raw))
        found.extend(Finding("placeholder", match, line) for match in PLACEHOLDER.findall(line))
        found.extend(Finding("date in digits", match, line) for match in ISO_DATE.findall(line))
        if lang == NO_LANGUAGE:
            continue
        found.extend(Finding("number format", match, line) for match in BARE_NUMBER.findall(line))
        found.extend(
            Finding("number format", match, line) for match in OTHER_SEPARATORS[language].findall(line)
        )
        if language == "id":
            found.extend(
                Finding("django default", phrase, line) for phrase in DJANGO_DEFAULTS if phrase in line
            )
            continue
        words = INDONESIAN_BUTTONS + (INDONESIAN_LABELS if len(line.split()) <= SHORT else [])
        found.extend(Finding("indonesian", word, line) for word in words if _has_phrase(line, word))
    return found
