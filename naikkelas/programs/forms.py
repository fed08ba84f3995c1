from decimal import Decimal
from typing import Any

from django import forms
from django.core.validators import MinValueValidator
from django.db.models import QuerySet
from django.forms.models import fields_for_model, model_to_dict
from django.utils.translation import gettext_lazy as _

from naikkelas.accounts.models import Organisation
from naikkelas.core.forms import DateInput, RupiahField
from naikkelas.programs.models import Batch, Level, Program, RubricCriterion
from naikkelas.programs.services.batches import BATCH_LABELS, BATCH_SCHEDULE
from naikkelas.programs.services.levels import LEVEL_ELIGIBILITY
from naikkelas.regions.models import Region


class ProgramForm(forms.Form):
    """A new program for a year: empty, or a copy of an earlier one."""

    copy_from = forms.ModelChoiceField(
        label=_("Salin dari program"),
        queryset=Program.objects.none(),
        required=False,
        empty_label=_("— tidak, mulai dari kosong —"),
        help_text=_(
            "Pilih program tahun lalu untuk memakai lagi jenjang, syarat pendaftaran, rubrik penilaian, "
            "kriteria kelulusan, jadwal sesi, tugas dan jadwal tindak lanjutnya. Angkatan tidak ikut disalin. "
            "Semua bisa diubah sesudahnya."
        ),
    )
    year = forms.IntegerField(
        label=_("Tahun"), min_value=2000, max_value=2100, help_text=Program._meta.get_field("year").help_text
    )
    name = forms.CharField(
        label=_("Nama program"),
        max_length=200,
        required=False,
        help_text=_("Bila disalin dan dikosongkan, namanya sama dengan program asal."),
    )
    owner = forms.ModelChoiceField(
        label=_("Pemilik program"), queryset=Organisation.objects.none(), empty_label=None
    )

    def __init__(
        self, *args: Any, programs: QuerySet[Program], owners: QuerySet[Organisation], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        copy_field: Any = self.fields["copy_from"]
        copy_field.queryset = programs
        owner_field: Any = self.fields["owner"]
        owner_field.queryset = owners
        if owners.count() == 1:
            owner_field.widget = forms.HiddenInput()
            owner_field.initial = owners.get().pk

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("copy_from") and not (data.get("name") or "").strip() and "name" not in self.errors:
            self.add_error("name", _("Tulis nama program, atau pilih program yang disalin."))
        return data


class ProgramEditForm(forms.Form):
    """A program's name and status (a plain form: the program stays as stored until the service runs)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(fields_for_model(Program, fields=["name", "status"]))


def _questions_field() -> forms.CharField:
    return forms.CharField(
        label=_("Pertanyaan motivasi (satu per baris)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=Level._meta.get_field("motivation_questions").help_text,
    )


LEVEL_FIELDS = [
    "name", "duration_days", "min_business_months", "min_omzet", "requires_nib", "max_size_class",
    "min_days_attended", "min_assignments_passed_percent", "reviews_per_application", "review_disagreement",
]  # fmt: skip


class LevelForm(forms.ModelForm):
    """A level's settings, each with its help text. Once the level has applications the settings that
    decide eligibility are marked as locked (the service refuses a change, with the reason)."""

    min_omzet = RupiahField(
        label=_("Omzet minimal per bulan (Rp)"),
        min_value=0,
        help_text=Level._meta.get_field("min_omzet").help_text,
    )
    questions = _questions_field()

    class Meta:
        model = Level
        fields = LEVEL_FIELDS

    def __init__(self, *args: Any, locked: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["questions"].initial = "\n".join(self.instance.motivation_questions or [])
        if self.instance.pk:
            self.initial.setdefault("min_omzet", self.instance.min_omzet)
        if locked:
            for name in LEVEL_ELIGIBILITY:
                field = self.fields[name]
                field.label = _("%(label)s (terkunci)") % {"label": field.label}

    def clean_questions(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["questions"].splitlines() if line.strip()]

    def settings(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in LEVEL_FIELDS}
        data["motivation_questions"] = self.cleaned_data["questions"]
        return data


class LevelCreateForm(LevelForm):
    class Meta:
        model = Level
        fields = ["tier", *LEVEL_FIELDS]

    def settings(self) -> dict[str, Any]:
        return {**super().settings(), "tier": self.cleaned_data["tier"]}


class CriterionForm(forms.Form):
    """A rubric criterion: what reviewers score, its weight and what each score 1–5 means."""

    label = forms.CharField(
        label=_("Kriteria"), max_length=100, help_text=RubricCriterion._meta.get_field("label").help_text
    )
    description = forms.CharField(
        label=_("Yang dinilai"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=RubricCriterion._meta.get_field("description").help_text,
    )
    weight = forms.IntegerField(
        label=_("Bobot"),
        min_value=1,
        max_value=100,
        help_text=RubricCriterion._meta.get_field("weight").help_text,
    )

    def __init__(self, *args: Any, locked: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for score in range(1, 6):
            self.fields[f"score_{score}"] = forms.CharField(
                label=_("Nilai %(score)s berarti") % {"score": score},
                max_length=300,
                help_text=_("Contoh yang membuat penilai memberi nilai ini.") if score == 1 else "",
            )
        if locked:
            weight = self.fields["weight"]
            weight.label = _("%(label)s (terkunci)") % {"label": weight.label}

    @staticmethod
    def initial_for(criterion: RubricCriterion) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "label": criterion.label, "description": criterion.description, "weight": criterion.weight
        }  # fmt: skip
        initial.update({f"score_{score}": text for score, text in criterion.scores})
        return initial

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "label": data["label"],
            "description": data["description"],
            "weight": data["weight"],
            "score_descriptions": [data[f"score_{score}"] for score in range(1, 6)],
        }


def _level_choice(level: Level) -> str:
    """The level first, then its program's year, so a phone's narrow select shows what differs when two
    years' programs run at once: "1. Dasar · 2027 · Pelatihan Berjenjang"."""
    version = f" (v{level.version})" if level.version > 1 else ""
    program = level.program
    year = "" if str(program.year) in program.name else f"{program.year} · "
    return f"{level.rank}. {level.name}{version} · {year}{program.name}"


class BatchForm(forms.ModelForm):
    class Meta:
        model = Batch
        fields = ["level", "organiser", "title", "venue", "start_date", "capacity", "opens_on", "closes_on"]
        widgets = {"start_date": DateInput(), "opens_on": DateInput(), "closes_on": DateInput()}

    def __init__(
        self, *args: Any, organisers: QuerySet[Organisation], levels: QuerySet[Level], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        organiser_field: Any = self.fields["organiser"]
        organiser_field.queryset = organisers
        organiser_field.empty_label = None if organisers.count() == 1 else _("— pilih —")
        level_field: Any = self.fields["level"]
        level_field.queryset = levels
        level_field.empty_label = _("— pilih —")
        level_field.label_from_instance = _level_choice
        level_field.help_text = _(
            "Hanya jenjang penyelenggara Anda, dari program yang sedang berjalan di provinsi Anda."
        )

    def validate_unique(self) -> None:
        return


class BatchEditForm(forms.Form):
    """Title and venue at any time; dates and capacity only until the selection results are published.
    A plain form (not a ModelForm) so the batch stays as stored until the service changes it."""

    def __init__(self, *args: Any, batch: Batch, **kwargs: Any) -> None:
        names = BATCH_LABELS if batch.is_published else BATCH_LABELS + BATCH_SCHEDULE
        kwargs.setdefault("initial", model_to_dict(batch, fields=names))
        super().__init__(*args, **kwargs)
        widgets: dict[str, Any] = {
            "start_date": DateInput(),
            "opens_on": DateInput(),
            "closes_on": DateInput(),
        }
        self.fields.update(fields_for_model(Batch, fields=names, widgets=widgets))
        if "capacity" in self.fields:
            capacity: Any = self.fields["capacity"]
            capacity.min_value = 1
            capacity.validators.append(MinValueValidator(1))
            capacity.widget.attrs["min"] = 1


class QuotaForm(forms.Form):
    regency = forms.ModelChoiceField(label=_("Kabupaten/kota"), queryset=Region.objects.none())
    seats = forms.IntegerField(label=_("Kursi paling banyak"), min_value=1)

    def __init__(self, *args: Any, province_code: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        regency_field: Any = self.fields["regency"]
        regency_field.queryset = Region.objects.filter(kind=Region.Kind.REGENCY, province_code=province_code)


class FollowUpSettingsForm(forms.Form):
    months = forms.CharField(
        label=_("Tindak lanjut pada bulan ke-"),
        max_length=50,
        help_text=_(
            "Berapa bulan setelah lulus peserta (dan kelompok pembanding) melaporkan omzet, aset dan tenaga "
            "kerja. Dipisah koma, misalnya 3, 6, 12."
        ),
    )
    jump_factor = forms.DecimalField(
        label=_("Batas lonjakan angka (kali)"),
        help_text=_(
            "Bila angka baru lebih dari sekian kali (atau kurang dari sepersekian) angka sebelumnya, pelapor "
            "diminta memastikan dan boleh melampirkan foto bukti. Contoh: 3."
        ),
        min_value=Decimal("1.1"),
        max_value=Decimal("100"),
        decimal_places=1,
    )

    def clean_months(self) -> list[int]:
        raw = self.cleaned_data["months"]
        try:
            return [int(part) for part in raw.replace(";", ",").split(",") if part.strip()]
        except ValueError:
            raise forms.ValidationError(_("Tulis angka bulan dipisah koma, misalnya 3, 6, 12.")) from None
