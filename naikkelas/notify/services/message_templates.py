"""The wording of messages, per template key and language: the file template unless an admin saved
their own, in the safe subset of the template language (safe_templates.py). Checked by rendering it with
sample values before it is saved."""

import re
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from naikkelas.notify import safe_templates
from naikkelas.notify.models import MessageTemplate, WhatsAppTemplate

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates" / "notify"
SAMPLE = {
    "name": "Sri Wahyuni", "enterprise": "Bandeng Presto Bu Sri", "batch": "Dasar 2021 Kota Semarang",
    "outcome": "terpilih", "reason": "Nilai 82,5; peringkat 3 dari 40.", "status_url": "https://contoh/status/",
    "category": "pemasaran", "description": "Penjualan turun.", "due": "2021-06-08", "url": "https://contoh/t/",
    "months": 3, "opt_out_url": "https://contoh/berhenti/", "code": "123456",
    "confirm_url": "https://contoh/daftar/konfirmasi/…/?kode=123456",
}  # fmt: skip
LANGUAGES = ("id", "en")
# The values a message may name: every key's context draws on these (and the opt-out link).
PLACEHOLDERS = frozenset(SAMPLE)


def template_keys() -> list[str]:
    return sorted(path.stem for path in TEMPLATE_DIR.glob("*.txt"))


def default_body(key: str) -> str:
    return (TEMPLATE_DIR / f"{key}.txt").read_text(encoding="utf-8")


def preview(body: str, language: str = "id") -> tuple[str, str]:
    """Subject and body rendered with the sample values; a broken template raises ValidationError."""
    from django.utils import translation

    with translation.override(language):
        text = safe_templates.check_renders(body, set(PLACEHOLDERS), SAMPLE)
    subject, _sep, rest = text.strip().partition("\n")
    if not subject.strip():
        raise ValidationError({"body": [_("Baris pertama (judul) tidak boleh kosong.")]})
    return subject.strip(), rest.strip()


def message_template_save(*, key: str, language: str, body: str) -> MessageTemplate:
    """Save an admin's wording after checking that it renders."""
    if key not in template_keys() or language not in LANGUAGES:
        raise ValidationError(_("Templat tidak dikenal."))
    preview(body, language)
    template, _created = MessageTemplate.objects.update_or_create(
        key=key, language=language, defaults={"body": body.strip() + "\n"}
    )
    return template


def message_template_reset(*, key: str, language: str) -> None:
    """Back to the file template."""
    MessageTemplate.objects.filter(key=key, language=language).delete()


WHATSAPP_NAME = re.compile(r"^[a-z0-9_]{1,512}$")
WHATSAPP_LANGUAGE = re.compile(r"^[a-z]{2,3}(_[A-Z]{2})?$")


def whatsapp_template_save(
    *, key: str, language: str, name: str, provider_language: str, parameters: list[str]
) -> WhatsAppTemplate | None:
    """Which approved WhatsApp template this message type goes out as, and which values fill its
    numbered parameters in order; an empty name removes it (the message goes as plain text)."""
    if key not in template_keys() or language not in LANGUAGES:
        raise ValidationError(_("Templat tidak dikenal."))
    name = name.strip()
    if not name:
        WhatsAppTemplate.objects.filter(key=key, language=language).delete()
        return None
    errors: dict[str, list[str]] = {}
    if not WHATSAPP_NAME.match(name):
        errors["whatsapp_name"] = [
            _("Nama templat WhatsApp hanya huruf kecil, angka dan garis bawah, seperti di WhatsApp Manager.")
        ]
    if not WHATSAPP_LANGUAGE.match(provider_language.strip()):
        errors["provider_language"] = [_("Kode bahasa seperti di WhatsApp Manager, misalnya id atau en_US.")]
    known = set(PLACEHOLDERS) | {"opt_out_url"}
    unknown = [p for p in parameters if p not in known]
    if unknown:
        errors["parameters"] = [
            _("Isian tidak dikenal: %(names)s. Yang tersedia: %(known)s.")
            % {"names": ", ".join(unknown), "known": ", ".join(sorted(known))}
        ]
    elif len(parameters) > 10:
        errors["parameters"] = [_("Paling banyak 10 isian.")]
    if errors:
        raise ValidationError(errors)
    template, _created = WhatsAppTemplate.objects.update_or_create(
        key=key, language=language,
        defaults={"name": name, "provider_language": provider_language.strip(), "parameters": parameters},
    )  # fmt: skip
    return template
