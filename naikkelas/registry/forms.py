"""Forms validate types and normalise input; the services hold the domain rules."""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from naikkelas.core.forms import DateInput, MonthField, RupiahField
from naikkelas.regions.models import Region
from naikkelas.registry.models import (
    Enterprise,
    ImportJob,
    MetricReport,
    Person,
    Sector,
    SizeClass,
    nik_digest,
)
from naikkelas.registry.nik import normalise_nik
from naikkelas.registry.providers import import_kinds


class DistrictChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} — {obj.parent.name}" if obj.parent else obj.name


class PersonForm(forms.ModelForm):
    # Longer than 16 so spaces and dots people type between the groups can be removed first.
    nik = forms.CharField(label=_("NIK"), max_length=25, help_text=_("16 angka sesuai KTP."))
    address_district = DistrictChoiceField(queryset=Region.objects.none(), label=_("Kecamatan domisili"))

    class Meta:
        model = Person
        fields = ["nik", "name", "sex", "birth_date", "phone", "email", "address_district"]
        widgets = {"birth_date": DateInput()}
        help_texts = {
            "phone": _("Contoh: 0812 3456 7890."),
        }

    def __init__(self, *args: Any, districts: QuerySet[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["address_district"].queryset = districts.select_related("parent").order_by(  # type: ignore[attr-defined]
            "code"
        )
        self.fields["nik"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        self.fields["phone"].widget.attrs.update({"inputmode": "tel"})

    def clean_nik(self) -> str:
        return normalise_nik(self.cleaned_data["nik"])

    def validate_unique(self) -> None:
        # The service decides; a duplicate NIK is reported by the view with a link.
        return


class EnterpriseForm(forms.ModelForm):
    owner_nik = forms.CharField(label=_("NIK pemilik"), max_length=25)
    district = DistrictChoiceField(queryset=Region.objects.none(), label=_("Kecamatan"))

    class Meta:
        model = Enterprise
        fields = ["name", "nib", "kbli_code", "kbli_version", "sector", "district", "started_on"]
        widgets = {"started_on": DateInput()}
        help_texts = {"nib": _("13 angka dari OSS; boleh kosong.")}

    def __init__(
        self,
        *args: Any,
        districts: QuerySet[Region],
        owners: QuerySet[Person],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.owners = owners
        self.fields["district"].queryset = districts.select_related("parent").order_by("code")  # type: ignore[attr-defined]
        if self.instance.pk:
            self.fields["owner_nik"].initial = self.instance.owner.nik
        self.fields["owner_nik"].widget.attrs.update({"inputmode": "numeric"})

    def clean_owner_nik(self) -> Person:
        nik = normalise_nik(self.cleaned_data["owner_nik"])
        owner = self.owners.filter(nik_digest=nik_digest(nik)).first()
        if owner is None:
            raise forms.ValidationError(
                _("Pemilik dengan NIK ini belum terdaftar. Daftarkan pemilik terlebih dahulu.")
            )
        return owner


class MetricReportForm(forms.ModelForm):
    period = MonthField(label=_("Bulan"))
    omzet = RupiahField(label=_("Omzet per bulan (Rp)"), min_value=0)
    aset = RupiahField(label=_("Aset (Rp)"), min_value=0)

    class Meta:
        model = MetricReport
        fields = ["period", "omzet", "aset", "workers", "source", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, sources: Iterable[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if sources is not None:
            source: Any = self.fields["source"]
            source.choices = [(v, label) for v, label in source.choices if v in sources]

    def validate_unique(self) -> None:
        return


class EnterpriseFilterForm(forms.Form):
    q = forms.CharField(label=_("Cari"), required=False)
    region = forms.ModelChoiceField(label=_("Wilayah"), queryset=Region.objects.none(), required=False)
    sector = forms.ChoiceField(
        label=_("Sektor"), choices=[("", _("Semua sektor")), *Sector.choices], required=False
    )
    size_class = forms.ChoiceField(
        label=_("Skala"), choices=[("", _("Semua skala")), *SizeClass.choices], required=False
    )

    def __init__(self, *args: Any, regions: QuerySet[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions.order_by("code")  # type: ignore[attr-defined]
        self.fields["q"].widget.attrs["placeholder"] = _("Nama usaha, pemilik, NIK atau NIB")


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Isi berkas"),
        choices=[
            (ImportJob.Kind.ENTERPRISES, _("Usaha baru, dengan pemilik dan angka bulan terakhirnya")),
            (ImportJob.Kind.FIGURES, _("Angka bulanan baru untuk usaha yang sudah terdaftar")),
        ],
        initial=ImportJob.Kind.ENTERPRISES,
        required=False,  # a file posted without it holds new enterprises, as before the figures mode
        widget=forms.RadioSelect(attrs={"class": "check"}),
    )
    file = forms.FileField(
        label=_("Berkas .xlsx atau .csv"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        kind.choices = [*kind.choices, *((p.kind, p.label) for p in import_kinds)]  # type: ignore[attr-defined]

    def clean_kind(self) -> str:
        return self.cleaned_data["kind"] or ImportJob.Kind.ENTERPRISES


class IdentifierForm(forms.Form):
    identifier = forms.CharField(
        label=_("Nomor WhatsApp atau nama pengguna"), max_length=150,
        help_text=_("Nomor yang Anda isi saat mendaftar, contoh: 0812 3456 7890."),
        widget=forms.TextInput(attrs={"autocomplete": "username", "inputmode": "tel"}),
    )  # fmt: skip


class SignInCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Kode 6 angka dari WhatsApp"), max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )  # fmt: skip

    def clean_code(self) -> str:
        digits = "".join(ch for ch in self.cleaned_data["code"] if ch.isdigit())
        if len(digits) != 6:
            raise forms.ValidationError(_("Kode terdiri dari 6 angka."))
        return digits
