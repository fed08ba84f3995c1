"""The training pages' forms: sessions and level templates, grading, the certificate style."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from naikkelas.core.uploads import PHOTO_ACCEPT, photo_help_text
from naikkelas.programs.models import Level
from naikkelas.training.models import AssignmentTemplate, Session, SessionTemplate, Submission


class SessionForm(forms.ModelForm):
    class Meta:
        model = Session
        fields = ["date", "start_time", "end_time", "topic", "trainer"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args: Any, trainers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        trainer_field: Any = self.fields["trainer"]
        trainer_field.queryset = trainers


class SessionTemplateForm(forms.ModelForm):
    class Meta:
        model = SessionTemplate
        fields = ["day", "start_time", "end_time", "topic"]
        widgets = {
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }
        help_texts = {
            "day": gettext_lazy("Hari pelatihan ke berapa (1 = hari pertama angkatan)."),
            "topic": gettext_lazy("Materi atau praktik sesi ini, misalnya Pembukuan sederhana."),
        }

    def __init__(self, *args: Any, level: Level, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["day"] = forms.TypedChoiceField(
            label=gettext_lazy("Hari ke-"), coerce=int, choices=[(n, n) for n in range(1, level.duration_days + 1)],
            help_text=self.fields["day"].help_text,
        )  # fmt: skip

    def validate_unique(self) -> None:
        return

    def _post_clean(self) -> None:
        return  # the service validates the template as a whole


class AssignmentTemplateForm(forms.Form):
    title = forms.CharField(
        label=gettext_lazy("Judul tugas"), max_length=200,
        help_text=gettext_lazy("Singkat dan jelas, misalnya Buku kas satu minggu."),
    )  # fmt: skip
    instructions = forms.CharField(
        label=gettext_lazy("Petunjuk"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Apa yang dikerjakan peserta untuk usahanya sendiri, dengan kata-kata sederhana."),
    )  # fmt: skip
    wants_text = forms.BooleanField(
        label=gettext_lazy("Minta jawaban teks"), required=False,
        help_text=gettext_lazy("Peserta menulis jawabannya di kotak teks."),
    )  # fmt: skip
    wants_files = forms.BooleanField(
        label=gettext_lazy("Minta foto atau dokumen"), required=False,
        help_text=gettext_lazy("Peserta mengunggah foto dari ponselnya atau PDF."),
    )  # fmt: skip
    figures = forms.CharField(
        label=gettext_lazy("Angka yang diminta (satu per baris)"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Isian angka yang diisi peserta, misalnya Biaya per unit (Rp). Kosongkan bila tidak ada."
        ),
    )  # fmt: skip
    due_after_days = forms.IntegerField(
        label=gettext_lazy("Batas waktu (hari setelah hari pertama)"), min_value=0, max_value=365,
        help_text=gettext_lazy("0 berarti dikumpulkan pada hari pertama; 7 berarti seminggu setelahnya."),
    )  # fmt: skip

    @staticmethod
    def initial_for(template: AssignmentTemplate) -> dict[str, Any]:
        return {
            "title": template.title, "instructions": template.instructions, "wants_text": template.wants_text,
            "wants_files": template.wants_files, "due_after_days": template.due_after_days,
            "figures": "\n".join(field["label"] for field in template.figure_fields or []),
        }  # fmt: skip

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["figure_labels"] = [line for line in data.pop("figures").splitlines() if line.strip()]
        return data


class GradeForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Hasil"),
        choices=[
            (s.value, s.label)
            for s in (Submission.Status.PASS, Submission.Status.REVISE, Submission.Status.FAIL)
        ],
    )
    score = forms.IntegerField(
        label=gettext_lazy("Nilai (0–100)"), min_value=0, max_value=100, required=False
    )
    feedback = forms.CharField(
        label=gettext_lazy("Umpan balik"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class CertificateStyleForm(forms.Form):
    signatory_name = forms.CharField(label=gettext_lazy("Nama penanda tangan"), max_length=150)
    signatory_title = forms.CharField(
        label=gettext_lazy("Jabatan penanda tangan"), max_length=150,
        help_text=gettext_lazy("Misalnya: Kepala Dinas Koperasi dan UKM Kota Semarang"),
    )  # fmt: skip
    signatory_id = forms.CharField(
        label=gettext_lazy("NIP (boleh dikosongkan)"), max_length=30, required=False
    )
    logo = forms.FileField(
        label=gettext_lazy("Logo kantor (boleh dikosongkan)"), required=False, help_text=photo_help_text,
        widget=forms.ClearableFileInput(attrs={"accept": PHOTO_ACCEPT}),
    )  # fmt: skip
    remove_logo = forms.BooleanField(label=gettext_lazy("Hapus logo"), required=False)
