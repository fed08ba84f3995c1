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
