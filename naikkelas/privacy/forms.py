from django import forms
from django.utils.translation import gettext_lazy as _


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(label=_("Saya mengerti dan ingin melanjutkan."), required=True)


class RefuseForm(forms.Form):
    note = forms.CharField(
        label=_("Alasan penolakan"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class AccessLogFilterForm(forms.Form):
    username = forms.CharField(label=_("Nama pengguna"), max_length=150, required=False)
    since = forms.DateField(
        label=_("Dari tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Sampai tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
