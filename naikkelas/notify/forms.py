from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.forms import BoundField
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from naikkelas.core.forms import reason_language
from naikkelas.notify.models import ChannelConsent, Message
from naikkelas.notify.services.consent import (
    CHANNEL_WORDS,
    CHANNELS,
    CONSENT_TEXTS,
    CONSENT_VERSION,
    ChannelChoice,
)


class ChannelConsentMixin:
    """The boxes "messages by WhatsApp / SMS / email" of a form, under the consent text they answer
    (rendered by notify/_channel_consent.html). Unticked unless `initial` says she said yes before:
    consent is never assumed."""

    fields: dict[str, Any]
    channel_legend: Any = _("Pesan dari penyelenggara")
    recorded_by_staff = False  # the person answers herself; staff pages word the notes in the third person

    def add_channel_boxes(
        self, initial: Mapping[str, bool | None] | None = None, offered: Iterable[str] = CHANNELS
    ) -> None:
        for channel in offered:
            self.fields[f"consent_{channel}"] = forms.BooleanField(
                label=CHANNEL_WORDS[Message.Channel(channel)],
                required=False,
                initial=bool((initial or {}).get(channel)),
            )
        # Unticked boxes send nothing, like boxes that were never shown (a page kept on a phone from
        # before they existed): only a form that carries this marker answered the question.
        self.fields["channels_asked"] = forms.BooleanField(
            required=False, initial=True, widget=forms.HiddenInput
        )

    def channel_boxes(self) -> list[BoundField]:
        form: Any = self
        return [form[f"consent_{channel}"] for channel in CHANNELS if f"consent_{channel}" in self.fields]

    def channels_answered(self) -> bool:
        data: Any = getattr(self, "cleaned_data", {})
        return bool(data.get("channels_asked"))

    def offered_channels(self) -> list[str]:
        return [str(channel) for channel in CHANNELS if f"consent_{channel}" in self.fields]

    def chosen_channels(self) -> list[str]:
        data: Any = getattr(self, "cleaned_data", {})
        return [str(channel) for channel in CHANNELS if data.get(f"consent_{channel}")]

    @property
    def channel_consent_version(self) -> str:
        return CONSENT_VERSION

    @property
    def channel_consent_text(self) -> str:
        """The text agreed to, in Indonesian whatever the page's language."""
        return CONSENT_TEXTS[CONSENT_VERSION]

    @property
    def channel_consent_translation(self) -> str:
        return gettext(CONSENT_TEXTS[CONSENT_VERSION]) if reason_language() == "en" else ""


class RecordedChoicesForm(ChannelConsentMixin, forms.Form):
    """Staff write down a person's choice of channels as she gave it: on a signed paper form, or on the
    telephone. The boxes start at her current answer; the source says how it reached the office."""

    channel_legend = _("Saluran yang ia setujui")
    recorded_by_staff = True
    source = forms.ChoiceField(
        label=_("Ia menyampaikannya lewat"),
        choices=[
            (ChannelConsent.Source.PHONE, _("telepon ke kantor")),
            (ChannelConsent.Source.PAPER, _("formulir kertas yang ia tanda tangani")),
        ],
        initial=ChannelConsent.Source.PHONE,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, channels: list[ChannelChoice], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_channel_boxes(
            initial={c.channel: c.opted_in for c in channels},
            offered=[c.channel for c in channels if c.address],
        )


class TemplateForm(forms.Form):
    body = forms.CharField(
        label=_("Isi pesan"),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=4000,
        help_text=_(
            "Baris pertama menjadi judul. Isian seperti {{ name }} diganti saat dikirim. Tag yang boleh: if, "
            "translate, blocktranslate, comment (dengan load i18n); filter: default, upper, lower, capfirst, title."
        ),
    )


class WhatsAppTemplateForm(forms.Form):
    whatsapp_name = forms.CharField(
        label=_("Nama templat WhatsApp yang disetujui"), max_length=512, required=False,
        help_text=_("Kosongkan bila belum ada: pesan dikirim sebagai teks biasa (WhatsApp hanya menerimanya "
                    "dalam 24 jam sejak orang itu terakhir mengirim pesan)."),
    )  # fmt: skip
    provider_language = forms.CharField(label=_("Kode bahasa di WhatsApp"), max_length=15, initial="id")
    parameters = forms.CharField(
        label=_("Isian parameter 1, 2, … berurutan"), max_length=500, required=False,
        help_text=_("Nama isian dipisah koma, misalnya: name, months, url"),
    )  # fmt: skip

    def clean_parameters(self) -> list[str]:
        return [p.strip() for p in self.cleaned_data["parameters"].split(",") if p.strip()]
