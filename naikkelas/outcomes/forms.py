"""The outcomes forms: the cohort filter (the API takes the same names as query parameters), the owner's
hero story, the analysis plan and the price index import."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from naikkelas.core.uploads import PHOTO_ACCEPT, photo_help_text
from naikkelas.outcomes.cohort import CohortFilter
from naikkelas.outcomes.models import AnalysisPlan
from naikkelas.programs.models import Batch, Program
from naikkelas.regions.models import Region
from naikkelas.registry.models import Sector, SizeClass


class CohortFilterForm(forms.Form):
    program = forms.ModelChoiceField(label=_("Program"), queryset=Program.objects.none(), required=False)
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100, required=False)
    level = forms.IntegerField(label=_("Jenjang"), min_value=1, max_value=10, required=False)
    batch = forms.ModelChoiceField(label=_("Angkatan"), queryset=Batch.objects.none(), required=False)
    region = forms.ModelChoiceField(label=_("Kabupaten/kota"), queryset=Region.objects.none(), required=False)
    sector = forms.ChoiceField(label=_("Sektor"), choices=[("", "—"), *Sector.choices], required=False)
    size_class = forms.ChoiceField(
        label=_("Skala usaha"), choices=[("", "—"), *SizeClass.choices], required=False
    )
    window_from = forms.IntegerField(
        label=_("Tindak lanjut dari bulan ke-"), min_value=0, max_value=60, initial=6, required=False
    )
    window_to = forms.IntegerField(
        label=_("sampai bulan ke-"), min_value=1, max_value=60, initial=12, required=False
    )

    def __init__(
        self,
        *args: Any,
        programs: QuerySet[Program],
        batches: QuerySet[Batch],
        regions: QuerySet[Region],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["program"].queryset = programs
        fields["batch"].queryset = batches
        fields["region"].queryset = regions

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("window_from"), data.get("window_to")
        if start is not None and end is not None and end < start:
            self.add_error("window_to", _("Bulan akhir harus sesudah bulan awal."))
        return data

    def to_filter(self) -> CohortFilter:
        data = self.cleaned_data
        start: int = 6 if data.get("window_from") is None else data["window_from"]
        end: int = data.get("window_to") or 12
        return CohortFilter(
            program=data["program"].pk if data.get("program") else None,
            year=data.get("year"),
            level=data.get("level"),
            batch=data["batch"].pk if data.get("batch") else None,
            region=data["region"].code if data.get("region") else None,
            sector=data.get("sector") or None,
            size_class=data.get("size_class") or None,
            window=(start, end),
        )


class StoryForm(forms.Form):
    consent = forms.BooleanField(
        label=_(
            "Saya setuju nama usaha, cerita, foto dan pertumbuhan omzet saya ditampilkan di halaman publik Naik Kelas."
        ),
        required=False,
    )
    story = forms.CharField(
        label=_("Cerita usaha Anda"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=2000,
        required=False,
    )
    photo = forms.FileField(
        label=_("Foto (boleh dikosongkan)"), required=False, help_text=photo_help_text,
        widget=forms.ClearableFileInput(attrs={"accept": PHOTO_ACCEPT}),
    )  # fmt: skip


class AnalysisPlanForm(forms.Form):
    primary_outcome = forms.ChoiceField(label=_("Ukuran utama"), choices=AnalysisPlan.Outcome.choices)
    design = forms.ChoiceField(label=_("Cara perbandingan"), choices=AnalysisPlan.Design.choices)
    window_from = forms.IntegerField(
        label=_("Tindak lanjut dari bulan ke-"), min_value=0, max_value=60, initial=6
    )
    window_to = forms.IntegerField(label=_("sampai bulan ke-"), min_value=1, max_value=60, initial=12)
    winsor_percent = forms.IntegerField(
        label=_("Potong nilai ekstrem (persen tiap ujung)"), min_value=0, max_value=10, initial=0,
        help_text=_("0 = tidak dipotong; 1 = nilai tindak lanjut di bawah persentil 1 dan di atas 99 dipotong."),
    )  # fmt: skip
    subgroups = forms.MultipleChoiceField(
        label=_("Kelompok bagian"), choices=AnalysisPlan.Subgroup.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    min_group = forms.IntegerField(
        label=_("Ukuran kelompok terkecil"), min_value=10, max_value=1000, initial=30,
        help_text=_("Di bawah jumlah usaha yang menjawab ini tidak ada perkiraan dampak sama sekali."),
    )  # fmt: skip


class PriceImportForm(forms.Form):
    file = forms.FileField(label=_("Berkas CSV (provinsi, bulan, nilai)"))
    source = forms.CharField(label=_("Sumber"), max_length=200, initial="BPS")
