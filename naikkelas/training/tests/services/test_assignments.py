"""Assignment services: files sniffed by their bytes, photos downscaled, figures stored as numbers,
and a batch copying its level's templates."""

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from naikkelas.core.uploads import MAX_SIDE, UploadError, check_upload, sniff
from naikkelas.training.services import assignments
from naikkelas.training.tests.conftest import EXECUTABLE, jpeg, participant

pytestmark = pytest.mark.django_db


def test_sniffing_reads_the_bytes_not_the_name() -> None:
    assert sniff(jpeg(10, 10)[:16]) == "image/jpeg"
    assert sniff(b"%PDF-1.7\n") == "application/pdf"
    assert sniff(EXECUTABLE[:16]) is None
    with pytest.raises(UploadError, match="bukan foto"):
        check_upload(EXECUTABLE, "foto-produk.jpg")


def test_photos_are_downscaled_and_oversize_files_refused() -> None:
    checked = check_upload(jpeg(), "besar.jpg")
    with Image.open(io.BytesIO(checked.content)) as image:
        assert max(image.size) == MAX_SIDE
    with pytest.raises(UploadError, match="terlalu besar"):
        check_upload(b"%PDF-" + b"0" * 100, "buku-kas.pdf", max_bytes=50)


def test_figures_are_stored_as_numbers(with_tasks) -> None:  # type: ignore[no-untyped-def]
    the_batch, _trainer, _other = with_tasks
    hpp = the_batch.assignments.get(title="HPP dan harga jual")
    with pytest.raises(ValidationError, match=r"'dua\ ribu'\ bukan\ jumlah\ rupiah;\ tulis\ angka") as caught:
        assignments.submission_save(actor=participant(the_batch), assignment=hpp, text="HPP",
                                    figures={"cost_per_unit": "dua ribu", "selling_price": ""}, uploads=[])  # fmt: skip
    assert set(caught.value.message_dict) == {"cost_per_unit", "selling_price"}
    saved = assignments.submission_save(actor=participant(the_batch), assignment=hpp, text="Bahan dan tenaga",
                                        figures={"cost_per_unit": "12.500", "selling_price": "Rp 20.000"}, uploads=[])  # fmt: skip
    assert saved.figures == {"cost_per_unit": 12_500, "selling_price": 20_000}


def test_a_batch_copies_its_levels_assignment_templates_as_edited(running) -> None:  # type: ignore[no-untyped-def]
    the_batch, _trainer, _other = running
    assert assignments.assignment_templates_ensure(level=the_batch.level) == 6
    template = the_batch.level.assignment_templates.get(title="Foto produk")
    template.title = "Foto produk dan kemasan"
    template.due_after_days = 1
    template.save()
    assignments.assignments_create_default(actor=None, batch=the_batch)
    copied = the_batch.assignments.get(title="Foto produk dan kemasan")
    assert copied.due_on.isoformat() == "2021-05-11"
