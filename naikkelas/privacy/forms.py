from django import forms
from django.utils.translation import gettext_lazy as _


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(label=_("Saya mengerti dan ingin melanjutkan."), required=True)


class RefuseForm(forms.Form):
    note = forms.CharField(
        label=_("Alasan penolakan"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
