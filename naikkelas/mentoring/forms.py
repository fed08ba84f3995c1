"""Forms for the mentoring pages: they parse and normalise; the services hold the rules."""

from datetime import date
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from naikkelas.accounts.models import Organisation
from naikkelas.core import formats
from naikkelas.core.forms import DateInput, RupiahField
from naikkelas.core.uploads import PHOTO_ACCEPT, photo_help_text
from naikkelas.mentoring.models import Consultation, Mentor, Visit
from naikkelas.notify.forms import ChannelConsentMixin
from naikkelas.notify.services.consent import ChannelChoice
from naikkelas.registry.models import Enterprise, Sector

ACTION_ROWS = 3


class ConsultationForm(forms.Form):
    enterprise = forms.ModelChoiceField(label=_("Usaha"), queryset=Enterprise.objects.none())
    category = forms.ChoiceField(label=_("Kategori"), choices=Consultation.Category.choices)
    description = forms.CharField(
        label=_("Apa masalahnya?"), widget=forms.Textarea(attrs={"rows": 5}), max_length=4000
    )
    photo = forms.FileField(
        label=_("Foto (boleh dikosongkan)"), required=False, help_text=photo_help_text,
        widget=forms.ClearableFileInput(attrs={"accept": PHOTO_ACCEPT}),
    )  # fmt: skip

    def __init__(self, *args: Any, enterprises: QuerySet[Enterprise], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["enterprise"]
        field.queryset = enterprises
        if enterprises.count() == 1:
            field.initial = enterprises.first()
            field.widget = forms.HiddenInput()


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Pesan"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class FiguresMixin(forms.Form):
    omzet = RupiahField(label=_("Omzet bulan lalu (Rp)"), min_value=0, required=False)
    aset = RupiahField(label=_("Aset (Rp)"), min_value=0, required=False)
    workers = forms.IntegerField(label=_("Tenaga kerja (orang)"), min_value=0, required=False)


class FollowUpForm(ChannelConsentMixin, FiguresMixin):
    confirm_jump = forms.BooleanField(label=_("Angka ini benar"), required=False)
    evidence = forms.FileField(
        label=_("Foto bukti (boleh dikosongkan)"), required=False, help_text=photo_help_text,
        widget=forms.ClearableFileInput(attrs={"accept": PHOTO_ACCEPT}),
    )  # fmt: skip

    def __init__(
        self,
        *args: Any,
        period: date | None = None,
        channels: list[ChannelChoice] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for name in ("omzet", "aset", "workers"):
            self.fields[name].required = True
        if channels is not None:  # the owner's own link asks again which channels she wants reminders on
            self.add_channel_boxes(
                initial={c.channel: c.opted_in for c in channels},
                offered=[c.channel for c in channels if c.address],
            )
        if period is not None:  # the month the figures are stored for, named on the form
            month = formats.month_year(period, translation.get_language() or "id")
            self.fields["omzet"].label = gettext("Omzet bulan %(month)s (Rp)") % {"month": month}
            self.fields["aset"].label = gettext("Aset pada bulan %(month)s (Rp)") % {"month": month}
            self.fields["workers"].label = gettext("Tenaga kerja pada bulan %(month)s (orang)") % {
                "month": month
            }


class VisitForm(FiguresMixin):
    visit_date = forms.DateField(label=_("Tanggal"), widget=DateInput())
    mode = forms.ChoiceField(label=_("Cara"), choices=Visit.Mode.choices)
    planned = forms.BooleanField(label=_("Baru rencana (belum dilakukan)"), required=False)
    topics = forms.CharField(label=_("Topik"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    problems = forms.CharField(
        label=_("Masalah yang ditemukan"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    photo = forms.FileField(
        label=_("Foto kunjungan (boleh dikosongkan)"), required=False, help_text=photo_help_text,
        widget=forms.ClearableFileInput(attrs={"accept": PHOTO_ACCEPT}),
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("visit_date", timezone.localdate())
        super().__init__(*args, **kwargs)
        for number in range(1, ACTION_ROWS + 1):
            self.fields[f"action_{number}"] = forms.CharField(
                label=_("Tindak lanjut %(n)s") % {"n": number}, required=False, max_length=300
            )
            self.fields[f"action_{number}_due"] = forms.DateField(
                label=_("Batas waktu"), required=False, widget=DateInput()
            )

    def actions(self) -> list[dict[str, Any]]:
        return [
            {
                "text": self.cleaned_data.get(f"action_{n}", ""),
                "due": self.cleaned_data.get(f"action_{n}_due"),
            }
            for n in range(1, ACTION_ROWS + 1)
        ]

    def figures(self) -> dict[str, int | None]:
        return {name: self.cleaned_data.get(name) for name in ("omzet", "aset", "workers")}


class SectorsField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=Sector.choices, **kwargs)


class MentorCreateForm(forms.Form):
    office = forms.ModelChoiceField(label=_("Dinas kabupaten/kota"), queryset=Organisation.objects.none())
    first_name = forms.CharField(label=_("Nama depan"), max_length=150)
    last_name = forms.CharField(label=_("Nama belakang"), max_length=150, required=False)
    username = forms.SlugField(label=_("Nama pengguna"), max_length=150)
    email = forms.EmailField(label=_("Email"), required=False)
    sectors = SectorsField(label=_("Sektor keahlian"), required=False)
    capacity = forms.IntegerField(label=_("Kapasitas dampingan"), min_value=1, max_value=500, initial=10)

    def __init__(self, *args: Any, offices: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["office"]
        field.queryset = offices
        if offices.count() == 1:
            field.initial = offices.first()


class MentorEditForm(forms.Form):
    sectors = SectorsField(label=_("Sektor keahlian"), required=False)
    capacity = forms.IntegerField(label=_("Kapasitas dampingan"), min_value=1, max_value=500)
    active = forms.BooleanField(label=_("Aktif"), required=False)


class ReassignForm(forms.Form):
    mentor = forms.ModelChoiceField(label=_("Pendamping baru"), queryset=Mentor.objects.none())
    reason = forms.CharField(label=_("Alasan"), max_length=500)

    def __init__(self, *args: Any, mentors: QuerySet[Mentor], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["mentor"]
        field.queryset = mentors


class LeaveForm(forms.Form):
    day = forms.DateField(label=_("Tanggal"), widget=DateInput())
    name = forms.CharField(label=_("Keterangan"), max_length=150)
