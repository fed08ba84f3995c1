"""The cohort report page and its downloads: .xlsx, .csv, PDF and the DAK participant list."""

import csv
import io
import re
from html import escape

import pytest
from django.test import Client
from django.utils import translation
from openpyxl import load_workbook

from naikkelas.accounts.services.tokens import api_token_create
from naikkelas.core.formats import rupiah_compact
from naikkelas.core.pdf import has_glyphs
from naikkelas.outcomes import cohort, tables
from naikkelas.outcomes.tests.conftest import World
from naikkelas.outcomes.tests.test_cohort import populate
from naikkelas.regions.models import Region
from naikkelas.testing.pdf import pdf_text


@pytest.mark.django_db
def test_pages_and_api_answer_an_empty_cohort_plainly_and_keep_scope(world: World) -> None:
    populate(world)
    admin = Client()
    admin.force_login(world.personas.semarang_admin)
    page = admin.get("/hasil/?year=2021&level=1")
    assert page.status_code == 200 and page.context["summary"].participants == 3
    empty = admin.get("/hasil/?year=2019")
    assert empty.status_code == 200 and 'id="empty-cohort"' in empty.text
    participant = Client()
    participant.force_login(world.personas.participant)
    assert participant.get("/hasil/").status_code == 403
    token = api_token_create(user=world.personas.semarang_admin)
    api = Client(headers={"Authorization": f"Bearer {token}"})
    body = api.get("/api/v1/reports/cohort?year=2021&level=1").json()
    assert body["participants"] == 3 and body["with_followup"] == 2
    assert body["omzet"]["baseline_total"] == 16_000_000 and body["omzet"]["followup_total"] == 31_000_000
    assert body["omzet"]["ratio"] == pytest.approx(31 / 16) and body["omzet"][
        "percent_change"
    ] == pytest.approx(93.75)
    assert api.get("/api/v1/reports/cohort?year=2019").json()["participants"] == 0
    assert api.get("/api/v1/reports/cohort?level=x").status_code == 422
    impact = api.get("/api/v1/reports/impact?year=2021").json()["impacts"][0]
    assert impact["metric"] == "omzet" and impact["estimate"] is None and "too_small" in impact["warnings"]
    viewer = Client(headers={"Authorization": f"Bearer {api_token_create(user=world.personas.viewer)}"})
    assert viewer.get("/api/v1/reports/cohort?year=2021").json()["participants"] == 5
    outsider = Client(
        headers={"Authorization": f"Bearer {api_token_create(user=world.personas.participant)}"}
    )
    assert outsider.get("/api/v1/reports/cohort").status_code == 403


@pytest.mark.django_db
def test_one_spec_gives_the_same_figures_on_the_page_in_the_xlsx_the_csv_and_the_pdf(world: World) -> None:
    populate(world)
    admin = Client()
    admin.force_login(world.personas.province_admin)
    page = admin.get("/hasil/?year=2021&level=1")
    summary = page.context["tables"]["summary"]
    sectors = page.context["tables"]["sectors"]
    # the figures themselves: four of five answered; omzet Rp41 juta before, Rp66,5 juta after
    omzet = summary.rows[0]
    assert (omzet["baseline_total"], omzet["followup_total"]) == (41_000_000, 66_500_000)
    assert summary.texts()[0] == ["Omzet per bulan (Rp)", "Rp41 juta", "Rp66,5 juta", "1,62×", "+62,2 %",
                                  "Rp8 juta", "Rp15,5 juta"]  # fmt: skip
    # the page: each comparison card names its measure
    for label in ("Omzet per bulan (Rp)", "Aset (Rp)", "Tenaga kerja (orang)"):
        assert f"<h4>{label}</h4>" in page.text
    for table in (summary, sectors):
        html = page.text.split(f'<table id="{table.key}" class="report stack-on-phone">')[1].split(
            "</table>"
        )[0]
        assert [escape(label) for label in table.header] == re.findall(
            r'<th scope="col"[^>]*>([^<]*)</th>', html
        )
        for texts in table.texts():
            for text in texts:
                assert f">{escape(text)}</t" in html
    # the .xlsx: a sheet per table, the same header, the same figures (every rupiah), number formats
    book = load_workbook(io.BytesIO(admin.get("/hasil/?year=2021&level=1&format=xlsx").content))
    assert book.sheetnames == ["Tentang laporan", "Ringkasan", "Per sektor", "Per kabupaten-kota", "Dampak",
                               "Perbandingan sederhana", "Keseimbangan angka awal", "Angkatan"]  # fmt: skip
    sheet = book["Ringkasan"]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == summary.header
    assert [list(r) for r in rows[1:]] == summary.values()
    assert list(rows[1][:5]) == ["Omzet per bulan (Rp)", 41_000_000, 66_500_000, 1.62, 62.2]
    assert sheet["B2"].number_format == "#,##0" and sheet["D2"].number_format == "0.00"
    assert sheet["A1"].font.b and sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width >= len("Omzet per bulan (Rp)")
    by_sector = [list(r) for r in book["Per sektor"].iter_rows(values_only=True)]
    assert by_sector[0] == sectors.header and by_sector[1:] == sectors.values()
    about = {r[0]: r[1] for r in book["Tentang laporan"].iter_rows(values_only=True)}
    assert about["Saringan"] == "Tahun 2021 · Jenjang Dasar · tindak lanjut bulan 6–12"
    assert (about["Peserta"], about["Dengan angka tindak lanjut"], about["Tingkat respons"]) == (5, 4, 0.8)
    # the .csv of each table: the same header and figures, as plain numbers
    for table in (summary, sectors):
        answer = admin.get(f"/hasil/?year=2021&level=1&format=csv&tabel={table.key}")
        assert answer["Content-Type"] == "text/csv; charset=utf-8"
        named = {"summary": "laporan-kohort-ringkasan.csv", "sectors": "laporan-kohort-per-sektor.csv"}[
            table.key
        ]
        assert answer["Content-Disposition"] == f'attachment; filename="{named}"'
        parsed = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
        assert parsed[0] == table.header
        assert parsed[1:] == [["" if v is None else str(v) for v in row] for row in table.values()]
    assert parsed[1][:5] == [sectors.rows[0]["label"], "5", "4", "41000000", "66500000"]
    assert admin.get("/hasil/?year=2021&level=1&format=csv&tabel=nothing").status_code == 404
    everyone = list(
        csv.reader(io.StringIO(admin.get("/hasil/?year=2021&level=1&format=csv").content.decode("utf-8-sig")))
    )
    assert everyone[1][:6] == ["Semua", "Semua", "5", "4", "41000000", "66500000"]
    assert len([r for r in everyone if r[0] == "Kabupaten/kota"]) == 2
    # the PDF: the same cells as the page shows them
    text = pdf_text(admin.get("/hasil/?year=2021&level=1&format=pdf").content)
    for table in (summary, sectors):
        for texts in table.texts():
            for cell in texts[1:]:
                assert cell in text, cell  # the minus sign (U+2212) too, as the page prints it
    assert "Rp41 juta" in text and "Rp66,5 juta" in text and "+62,2 %" in text
    assert "< −25 %" in text and "< -25 %" not in text  # the growth chart's first bin, drawn by the font
    assert has_glyphs(text)  # every character the PDF draws is in its embedded font (no empty box)


@pytest.mark.django_db
def test_the_pdf_for_the_ministry_is_built_for_any_filter(world: World) -> None:
    from django.core.files.base import ContentFile

    from naikkelas.accounts.models import Membership
    from naikkelas.mentoring.services import matching, mentors
    from naikkelas.registry.models import Enterprise
    from naikkelas.testing import files
    from naikkelas.training.models import CertificateStyle

    populate(world)
    office = Membership.objects.get(user=world.personas.province_admin).organisation
    style = CertificateStyle(organisation=office, signatory_name="Dr. Ani Lestari, M.Si.",
                             signatory_title="Kepala Balai Pelatihan Koperasi dan UKM", signatory_id="197501012000032001")  # fmt: skip
    style.logo.save("logo.jpg", ContentFile(files.jpeg(200, 200)), save=True)
    # one mentor works with two of the cohort; another mentors a business outside it: one mentor counts
    semarang = Region.objects.get(code="33.74")
    mentor = mentors.mentor_create(
        actor=None, user=world.personas.mentor, regency=semarang, sectors=["food"], capacity=5
    )
    for enterprise in Enterprise.objects.filter(regency_code="33.74", graduations__isnull=False)[:2]:
        matching.assign(actor=None, enterprise=enterprise, mentor=mentor)
    other = mentors.mentor_create(
        actor=None, user=world.personas.semarang_admin, regency=semarang, sectors=["food"], capacity=5
    )
    matching.assign(actor=None, enterprise=world.personas.semarang_enterprise, mentor=other)
    admin = Client()
    admin.force_login(world.personas.province_admin)
    full = admin.get("/hasil/?year=2021&level=1&format=pdf")
    assert full.status_code == 200 and full["Content-Type"] == "application/pdf"
    text = pdf_text(full.content)
    pages = full.content.count(b"/Type /Page\n") or text.count("Halaman ")
    assert "Tahun 2021 · Jenjang Dasar · tindak lanjut bulan 6–12" in text
    assert "year =" not in text and "window" not in text
    assert "1 pendamping mendampingi 2 dari 5 peserta kohort ini." in text
    assert f"Halaman 1 dari {pages}" in text and f"Halaman {pages} dari {pages}" in text and pages >= 2
    # every comparison block says which measure it is about, once each
    for label in ("Omzet per bulan (Rp)", "Aset (Rp)", "Tenaga kerja (orang)"):
        assert label in text
    assert text.count("Selisih pertumbuhan") + text.count("Tidak ada angka: kelompok") == 3
    # the office's logo and its signatory
    assert b"/Subtype /Image" in full.content
    words = " ".join(text.split())  # a long title wraps in its column
    assert "Kepala Balai Pelatihan Koperasi dan UKM" in words and "Dr. Ani Lestari, M.Si." in text
    assert "NIP 197501012000032001" in text
    # the batch table and the charts' figures, as the page shows them
    assert world.semarang.title in text and world.kudus.title in text
    assert "Rp41 juta" in text and "Rp66,5 juta" in text
    page = admin.get("/hasil/?year=2021&level=1")
    for row in page.context["charts"]["by_sector"].rows:
        assert row.before_text in text and row.after_text in text
    for row in page.context["charts"]["response"]:
        assert row.text in text
    # an empty cohort still gets its document, saying so
    empty = admin.get("/hasil/?year=2019&format=pdf")
    assert empty.status_code == 200
    assert "Tidak ada peserta yang cocok dengan saringan ini." in pdf_text(empty.content)
    batches = tables.batches_in(world.personas.semarang_admin, cohort.CohortFilter(year=2021))
    assert [b.title for b in batches] == [world.semarang.title]  # not Kudus's batch
    province = tables.batches_in(world.personas.province_admin, cohort.CohortFilter(region="33.19"))
    assert [b.title for b in province] == [world.kudus.title]


def _in_catalogue(msgid: str) -> bool:
    with translation.override("en"):
        return translation.gettext(msgid) != msgid


@pytest.mark.skipif(
    not _in_catalogue("Halaman %(page)s dari %(pages)s"),
    reason="the English catalogue has not these words yet",
)
@pytest.mark.django_db
def test_the_pdf_reads_in_english_with_its_page_numbers(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    populate(world)
    admin = Client()
    admin.force_login(world.personas.province_admin)
    admin.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = pdf_text(admin.get("/hasil/?year=2021&level=1&format=pdf").content)
    assert "Year 2021 · Level Dasar · follow-up months 6–12" in english
    assert "Page 1 of" in english and "Halaman" not in english
    assert "0 mentors worked with 0 of the 5 participants of this cohort." in english
    assert "Rp41 million" in english and "Turnover per month (Rp)" in english


@pytest.mark.django_db
def test_the_page_draws_its_charts(world: World) -> None:
    populate(world)
    admin = Client()
    admin.force_login(world.personas.province_admin)
    page = admin.get("/hasil/?year=2021&level=1")
    for chart in ("growth-chart", "response-chart", "sector-chart", "regency-chart"):
        assert f'id="{chart}"' in page.text
    drawn = page.context["charts"]
    # The histogram counts every participant with a follow-up once.
    answered = [m for m in page.context["participants"] if m.followup is not None and m.baseline[0] > 0]
    assert sum(b.count for b in drawn["growth"].bins) == len(answered) > 0
    # One pair of bars per sector, on one scale: the largest figure spans the whole width, and each
    # bar's label is the sector's own total turnover.
    sectors = page.context["by_sector"]
    rows = drawn["by_sector"].rows
    assert len(rows) == len(sectors)
    widest = max(max(r.before_width, r.after_width) for r in rows)
    assert widest == pytest.approx(320 - 110 - 4)
    for row, (_label, summary) in zip(rows, sectors, strict=True):
        assert row.after_text == rupiah_compact(summary.metrics["omzet"].followup_total)
        assert row.before_text in page.text and row.after_text in page.text


@pytest.mark.django_db
def test_the_dak_participant_list_masks_the_nik_for_roles_that_may_not_see_it(world: World) -> None:
    import io

    from openpyxl import load_workbook

    from naikkelas.training.models import Graduation

    populate(world)
    for user, masked in ((world.personas.semarang_admin, False), (world.personas.viewer, True)):
        c = Client()
        c.force_login(user)
        book = load_workbook(io.BytesIO(c.get("/hasil/?year=2021&level=1&format=peserta").content))
        rows = list(book.active.iter_rows(values_only=True))
        header, body = rows[0], rows[1:]
        assert header[:4] == ("Nama pemilik", "NIK", "Nama usaha", "NIB")
        assert len(body) == (3 if user == world.personas.semarang_admin else 5)
        first = Graduation.objects.filter(enterprise__regency_code="33.74").order_by("enterprise_id").first()
        assert first is not None
        nik = first.enterprise.owner.nik
        (row,) = [r for r in body if r[2] == first.enterprise.name]
        assert row[1] == (nik[:4] + "********" + nik[12:] if masked else nik)
        assert row[6] == "Dasar" and row[7] == 10_000_000


@pytest.mark.django_db
def test_a_province_report_reads_the_summaries_and_says_how_old_they_are(world: World) -> None:
    from datetime import UTC, datetime, timedelta

    from naikkelas.outcomes import summaries
    from naikkelas.outcomes.models import CohortSummary

    populate(world)
    admin = Client()
    admin.force_login(world.personas.province_admin)
    before = admin.get("/hasil/?year=2021&level=1")
    assert before.context["summary_as_of"] is None and 'id="data-as-of"' not in before.text
    summaries.summaries_refresh()
    CohortSummary.objects.update(computed_at=datetime(2026, 12, 1, 12, 40, tzinfo=UTC))  # 19.40 in Jakarta
    with translation.override("id"):
        page = admin.get("/hasil/?year=2021&level=1", headers={"Accept-Language": "id"})
    assert page.context["summary"] == before.context["summary"]
    assert page.context["by_regency"] == before.context["by_regency"]
    assert "Data per 1 Desember 2026 19.40" in page.text
    # old summaries queue their refresh (the immediate backend in tests runs it at once)
    assert CohortSummary.objects.filter(computed_at__gt=datetime(2026, 12, 1, 12, 41, tzinfo=UTC)).exists()
    assert datetime.now(UTC) - CohortSummary.objects.earliest("computed_at").computed_at < timedelta(
        minutes=5
    )
    token = api_token_create(user=world.personas.province_admin)
    api = Client(headers={"Authorization": f"Bearer {token}"})
    body = api.get("/api/v1/reports/cohort?year=2021&level=1").json()
    assert body["data_as_of"] is not None and body["participants"] == 5 and body["with_followup"] == 4
    narrower = api.get("/api/v1/reports/cohort?year=2021&level=1&sector=food").json()
    assert narrower["data_as_of"] is None and narrower["participants"] == 5


@pytest.mark.django_db
def test_old_summaries_queue_one_refresh_not_one_per_read(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import UTC, datetime
    from types import SimpleNamespace

    from naikkelas.outcomes import summaries
    from naikkelas.outcomes.models import CohortSummary

    populate(world)
    summaries.summaries_refresh()
    CohortSummary.objects.update(computed_at=datetime(2026, 1, 1, tzinfo=UTC))
    queued: list[object] = []
    monkeypatch.setattr(
        summaries, "summaries_refresh_task", SimpleNamespace(enqueue=lambda: queued.append(1))
    )
    admin = Client()
    admin.force_login(world.personas.province_admin)
    for _ in range(3):
        assert admin.get("/hasil/?year=2021&level=1").status_code == 200
    assert len(queued) == 1
    summaries.summaries_refresh()  # done: the next old read may queue again
    CohortSummary.objects.update(computed_at=datetime(2026, 1, 1, tzinfo=UTC))
    admin.get("/hasil/?year=2021&level=1")
    assert len(queued) == 2
