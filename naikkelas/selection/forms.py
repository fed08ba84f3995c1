from typing import Any

from babel.lists import format_list
from django import forms
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from naikkelas.core.forms import DateInput, MonthField, RupiahField
from naikkelas.notify.forms import ChannelConsentMixin
from naikkelas.programs.models import Batch, RubricCriterion
from naikkelas.regions.models import Region
from naikkelas.registry.models import Sector
from naikkelas.registry.nik import NikError, normalise_nik, parse_nik
from naikkelas.registry.rules import phone_to_e164
from naikkelas.selection.models import Application


class ErrorSummary:
    """For forms that show one summary of every problem at the top (selection/_error_summary.html)."""

    fields: dict[str, Any]
    errors: Any

    def error_summary(self: Any) -> list[tuple[str, str, str]]:
        """Every problem of the form at once, for the summary at the top: (field id, label, message)."""
        summary = [("", "", str(message)) for message in self.non_field_errors()]
        for name, errors in self.errors.items():
            if name == "__all__":
                continue
            field = self[name] if name in self.fields else None
            label = str(field.label).rstrip(".:") if field is not None else ""
            anchor = field.id_for_label if field is not None else ""
            summary += [(anchor, label, str(message)) for message in errors]
        return summary


class ApplicationForm(ErrorSummary, ChannelConsentMixin, forms.Form):
    """The public, phone-first application form of one batch; it asks which channels she agrees to
    receive our messages on (none ticked beforehand)."""

    nik = forms.CharField(label=_("NIK"), max_length=25, help_text=_("16 angka sesuai KTP."))
    name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    phone = forms.CharField(label=_("Nomor WhatsApp"), max_length=20, help_text=_("Contoh: 0812 3456 7890."))
    email = forms.EmailField(label=_("Email"), required=False)
    enterprise_name = forms.CharField(label=_("Nama usaha"), max_length=200)
    nib = forms.CharField(
        label=_("NIB"), max_length=13, required=False, help_text=_("13 angka dari OSS; boleh kosong.")
    )
    sector = forms.ChoiceField(label=_("Sektor"), choices=Sector.choices)
    district = forms.ChoiceField(label=_("Kecamatan tempat usaha"))
    started_on = forms.DateField(label=_("Usaha berjalan sejak"), widget=DateInput())
    period = MonthField(label=_("Bulan yang dilaporkan"), help_text=_("Biasanya bulan lalu."))
    omzet = RupiahField(label=_("Omzet bulan itu (Rp)"), min_value=0)
    aset = RupiahField(label=_("Aset usaha (Rp)"), min_value=0)
    workers = forms.IntegerField(label=_("Tenaga kerja (termasuk Anda)"), min_value=0)
    omzet_month_before = RupiahField(
        label=_("Omzet sebulan sebelumnya (Rp)"), min_value=0, required=False,
        help_text=_("Bulan sebelum bulan yang dilaporkan. Boleh dikosongkan bila tidak ingat."),
    )  # fmt: skip
    omzet_two_months_before = RupiahField(
        label=_("Omzet dua bulan sebelumnya (Rp)"), min_value=0, required=False,
        help_text=_("Boleh dikosongkan bila tidak ingat."),
    )  # fmt: skip
    consent = forms.BooleanField(
        label=_("Saya menyetujui pemrosesan data saya untuk tujuan di atas."), required=False
    )
    followup_consent = forms.BooleanField(
        label=_(
            "Bila tidak terpilih, saya bersedia ditanya angka usaha lagi nanti (sebagai pembanding hasil program)."
        ),
        required=False,
    )

    # Staff typing in a paper form keep blank motivation answers blank (the rubric scores them); the
    # applicant on the public form answers every question.
    blank_answers = False

    def __init__(self, *args: Any, batch: Batch, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.batch = batch
        region = batch.organiser.region
        assert region is not None
        districts = Region.objects.filter(kind=Region.Kind.DISTRICT).select_related("parent")
        if region.kind == Region.Kind.REGENCY:
            districts = districts.filter(regency_code=region.code)
        else:
            districts = districts.filter(province_code=region.province_code)
        grouped: dict[str, list[tuple[str, str]]] = {}
        for district in districts.order_by("code"):
            grouped.setdefault(district.parent.name if district.parent else "", []).append(
                (district.code, district.name)
            )
        district_field: Any = self.fields["district"]
        district_field.choices = [("", _("— pilih kecamatan —")), *grouped.items()]
        for index, question in enumerate(batch.level.motivation_questions or []):
            self.fields[f"answer_{index}"] = forms.CharField(
                label=question, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                required=not self.blank_answers,
                error_messages={"required": _("Jawab pertanyaan ini.")},
            )  # fmt: skip
        self.fields["nik"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        self.fields["phone"].widget.attrs.update({"inputmode": "tel", "autocomplete": "tel"})
        self.fields["nib"].widget.attrs.update({"inputmode": "numeric"})
        for name in ("omzet", "aset", "workers", "omzet_month_before", "omzet_two_months_before"):
            self.fields[name].widget.attrs.update({"inputmode": "numeric"})
        language = "id" if (translation.get_language() or "id").startswith("id") else "en"
        months = format_list([str(m) for m in batch.level.program.followup_schedule], locale=language)
        # why we ask, shown beside the box: the applicant decides knowing what it is for
        self.followup_reason = _(
            "Untuk mengetahui apakah pelatihan ini benar-benar membantu usaha, kami membandingkan angka usaha "
            "peserta dengan angka usaha pendaftar yang tidak terpilih. Bila Anda tidak terpilih dan setuju, kami "
            "akan menanyakan omzet, aset dan tenaga kerja Anda %(months)s bulan setelah angkatan ini selesai, "
            "lewat WhatsApp atau email (beberapa menit saja). Setuju atau tidak, peluang Anda terpilih tidak "
            "berubah, dan Anda boleh berhenti kapan saja. Bila terpilih, angka yang sama ditanyakan sebagai "
            "bagian dari program."
        ) % {"months": months}
        self.add_channel_boxes()

    def clean_nik(self) -> str:
        """The NIK's own structure (16 digits, a real province, a real birth date) is checked here, so its
        error shows with every other one in the first round; nothing of the registry is read."""
        nik = normalise_nik(self.cleaned_data["nik"])
        try:
            parse_nik(nik)
        except NikError as error:
            raise forms.ValidationError(str(error)) from None
        return nik

    def clean_consent(self) -> bool:
        if not self.cleaned_data.get("consent"):
            raise forms.ValidationError(_("Persetujuan pemrosesan data diperlukan untuk mendaftar."))
        return True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("consent_email") and not data.get("email") and "email" not in self.errors:
            self.add_error("consent_email", _("Isi alamat email di atas untuk menerima pesan lewat email."))
        return data

    def clean_phone(self) -> str:
        try:
            return phone_to_e164(self.cleaned_data["phone"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None

    def clean_district(self) -> Region:
        region = Region.objects.filter(code=self.cleaned_data["district"], kind=Region.Kind.DISTRICT).first()
        if region is None:
            raise forms.ValidationError(_("Pilih kecamatan."))
        return region

    def groups(self) -> list[tuple[str, list[Any]]]:
        """The form's sections for the page, in order."""
        answers = [self[name] for name in self.fields if name.startswith("answer_")]
        sections = [
            # one applicant, one enterprise: singular headings, not the models' plural names
            (pgettext_lazy("application form section", "Pemilik usaha"), ["nik", "name", "phone", "email"]),
            (
                pgettext_lazy("application form section", "Usaha"),
                ["enterprise_name", "nib", "sector", "district", "started_on"],
            ),
            (_("Angka usaha bulan terakhir"), ["period", "omzet", "aset", "workers"]),
            (
                pgettext_lazy("application form section", "Bulan-bulan sebelumnya (boleh kosong)"),
                ["omzet_month_before", "omzet_two_months_before"],
            ),
        ]
        grouped: list[tuple[str, list[Any]]] = [
            (str(title), [self[n] for n in names]) for title, names in sections
        ]
        if answers:
            grouped.append((str(_("Motivasi")), answers))
        return grouped

    def answers(self) -> list[str]:
        count = len(self.batch.level.motivation_questions or [])
        return [self.cleaned_data.get(f"answer_{index}", "") for index in range(count)]


class PaperApplicationForm(ApplicationForm):
    """The public form as staff type in a paper form: the same fields and rules; the consent boxes say
    what the applicant signed on paper."""

    channel_legend = _(
        "Pesan dari penyelenggara: centang hanya saluran yang dicentang pendaftar di formulir kertas"
    )
    blank_answers = True
    recorded_by_staff = True  # the notes speak to staff about the applicant

    def __init__(self, *args: Any, batch: Batch, **kwargs: Any) -> None:
        super().__init__(*args, batch=batch, **kwargs)
        self.fields["consent"].label = _(
            "Pendaftar sudah menandatangani persetujuan pemrosesan data di formulir kertas."
        )
        self.fields["followup_consent"].label = _(
            "Pendaftar bersedia ditanya angka usaha lagi nanti bila tidak terpilih (dicentang di formulir)."
        )
        self.fields["phone"].help_text = _("Nomor WhatsApp pendaftar, contoh: 0812 3456 7890.")


class CodeForm(forms.Form):
    """The six-digit code sent to the contact on record."""

    code = forms.CharField(
        label=_("Kode 6 angka"),
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )

    def clean_code(self) -> str:
        digits = "".join(ch for ch in self.cleaned_data["code"] if ch.isdigit())
        if len(digits) != 6:
            raise forms.ValidationError(_("Kode terdiri dari 6 angka."))
        return digits


class StatusResendForm(ErrorSummary, forms.Form):
    """Asks for the NIK only: the link goes to the contact on record, never to one typed here."""

    nik = forms.CharField(label=_("NIK pemilik usaha"), max_length=25, help_text=_("16 angka sesuai KTP."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nik"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def clean_nik(self) -> str:
        nik = normalise_nik(self.cleaned_data["nik"])
        try:
            parse_nik(nik)
        except NikError as error:
            raise forms.ValidationError(str(error)) from None
        return nik


class ReviewForm(forms.Form):
    """One 1–5 choice per rubric criterion, each score with what it means (the level's rubric text), and
    the criterion's description and share of the total under it."""

    comment = forms.CharField(
        label=gettext_lazy("Komentar"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, criteria: list[RubricCriterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        total = sum(c.weight for c in criteria) or 1
        for criterion in criteria:
            choices = [("", "–")] + [
                (str(score), f"{score} · {text}" if text else str(score)) for score, text in criterion.scores
            ]
            meanings = format_html_join(
                "", "<br>{}: {}", ((score, text) for score, text in criterion.scores if text)
            )
            self.fields[f"score_{criterion.key}"] = forms.TypedChoiceField(
                label=_("%(label)s (bobot %(share)s%%)")
                % {"label": criterion.label, "share": round(criterion.weight * 100 / total)},
                choices=choices,
                coerce=int,
                help_text=format_html("{}{}", criterion.description, meanings),
            )
        self.order_fields([f"score_{c.key}" for c in criteria] + ["comment"])

    def scores(self) -> dict[str, int]:
        return {c.key: self.cleaned_data[f"score_{c.key}"] for c in self.criteria}


class OverrideForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Keputusan"),
        choices=[
            (s.value, s.label)
            for s in (Application.Status.SELECTED, Application.Status.WAITLISTED, Application.Status.REJECTED)
        ],
    )
    reason = forms.CharField(label=gettext_lazy("Alasan (wajib)"), widget=forms.Textarea(attrs={"rows": 2}))


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Alasan mengundurkan diri"), max_length=500)
