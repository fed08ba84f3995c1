from django import forms
from django.utils.translation import gettext_lazy as _


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
