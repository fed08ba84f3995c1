from decimal import Decimal
from typing import Any

from django import forms
from django.core.validators import MinValueValidator
from django.db.models import QuerySet
from django.forms.models import fields_for_model, model_to_dict
from django.utils.translation import gettext_lazy as _

from naikkelas.accounts.models import Organisation
from naikkelas.core.forms import DateInput, RupiahField
from naikkelas.programs.models import Batch, Level
from naikkelas.programs.services import BATCH_LABELS, BATCH_SCHEDULE
from naikkelas.regions.models import Region


class LevelForm(forms.ModelForm):
    min_omzet = RupiahField(label=_("Omzet minimal per bulan (Rp)"), min_value=0)
    questions = forms.CharField(
        label=_("Pertanyaan motivasi (satu per baris)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    class Meta:
        model = Level
        fields = [
            "name", "duration_days", "min_business_months", "min_omzet", "requires_nib", "max_size_class",
            "min_days_attended", "min_assignments_passed_percent", "reviews_per_application", "review_disagreement",
        ]  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["questions"].initial = "\n".join(self.instance.motivation_questions or [])

    def clean_questions(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["questions"].splitlines() if line.strip()]


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
        level_field: Any = self.fields["level"]
        level_field.queryset = levels.select_related("program")

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
        help_text=_("Dipisah koma, misalnya 3, 6, 12."),
    )
    jump_factor = forms.DecimalField(
        label=_("Batas lonjakan angka (kali)"),
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
