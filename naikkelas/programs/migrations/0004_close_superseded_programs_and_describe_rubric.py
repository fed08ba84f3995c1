"""Existing data meets the new rules: a program superseded by a later year of the same owner is closed
for new batches (so a regency office is no longer offered last year's levels), and the default rubric's
criteria get the descriptions reviewers now see. Reversing reopens nothing and removes no text: both
states are valid under the old code."""

from django.db import migrations
from django.db.models import Exists, OuterRef

# The default rubric's texts as of this migration (programs.services.DEFAULT_RUBRIC may change later).
DESCRIPTIONS = {
    "growth": (
        "Apakah usaha punya pasar dan rencana yang masuk akal untuk tumbuh setelah pelatihan.",
        [
            "Belum terlihat pasar atau rencana untuk tumbuh.",
            "Ada keinginan tumbuh, tetapi belum jelas caranya.",
            "Pasar ada dan rencana tumbuh cukup jelas.",
            "Pasar terus bertambah; rencana tumbuh jelas dan masuk akal.",
            "Sudah tumbuh nyata (omzet, pelanggan atau pekerja bertambah) dan rencananya terukur.",
        ],
    ),
    "commitment": (
        "Kesungguhan pemilik mengikuti lima hari pelatihan, mengerjakan tugas, dan didampingi sesudahnya.",
        [
            "Jawaban motivasi kosong atau tidak berkaitan dengan usahanya.",
            "Ingin ikut, tetapi alasannya umum.",
            "Alasan ikut jelas dan berkaitan dengan masalah usahanya.",
            "Alasan jelas, sudah mencoba memperbaiki usaha sendiri, siap mengerjakan tugas.",
            "Tujuan terukur, sudah bertindak sendiri, dan siap didampingi setelah pelatihan.",
        ],
    ),
    "product": (
        "Mutu dan daya jual produk atau jasa: rasa, tampilan, kemasan, konsistensi.",
        [
            "Mutu produk belum layak dijual di luar lingkungan sekitar.",
            "Layak dijual, tetapi mutunya belum tetap.",
            "Mutu cukup baik dan tetap; kemasan sederhana.",
            "Mutu baik, kemasan menarik, pembeli datang kembali.",
            "Mutu unggul dan siap masuk pasar yang lebih luas (toko, daring, luar kota).",
        ],
    ),
    "readiness": (
        "Kesiapan usaha menerapkan materi: pembukuan, izin, alat dan waktu pemilik.",
        [
            "Belum ada catatan usaha dan belum ada izin.",
            "Ada catatan seadanya; izin belum diurus.",
            "Ada catatan sederhana atau izin dasar (NIB).",
            "Pembukuan rutin dan izin dasar lengkap.",
            "Pembukuan rutin, izin lengkap (NIB, PIRT/halal bila perlu), siap segera menerapkan materi.",
        ],
    ),
}


def forwards(apps, schema_editor):
    Program = apps.get_model("programs", "Program")
    RubricCriterion = apps.get_model("programs", "RubricCriterion")
    later = Program.objects.filter(owner_id=OuterRef("owner_id"), year__gt=OuterRef("year"))
    Program.objects.filter(Exists(later), status="open").update(status="closed")
    for key, (description, scores) in DESCRIPTIONS.items():
        RubricCriterion.objects.filter(key=key, description="").update(description=description)
        RubricCriterion.objects.filter(key=key, score_descriptions=[]).update(score_descriptions=scores)


class Migration(migrations.Migration):
    dependencies = [("programs", "0003_program_status_level_versions_rubric_texts")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
