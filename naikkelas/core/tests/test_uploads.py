"""The one upload checker: sizes, kinds, pixel floods, PDFs that act by themselves (attacks.md V7)."""

import base64
import io
import struct
import zlib
from unittest import mock

import pytest
from django.utils import translation
from PIL import Image, ImageFile

from naikkelas.core import uploads
from naikkelas.core.uploads import UploadError, check_photo, check_upload, read_limited
from naikkelas.testing import files


class Uploaded(io.BytesIO):
    """Like Django's UploadedFile: knows its size (from the upload handler) and counts what is read."""

    def __init__(self, size: int) -> None:
        super().__init__(b"\xff\xd8\xff" + b"0" * 64)
        self.size = size
        self.asked: list[int] = []

    def read(self, n: int | None = -1) -> bytes:
        self.asked.append(-1 if n is None else n)
        return b"\xff\xd8\xff" + b"0" * ((n or 64) - 3)


def no_decoding():  # type: ignore[no-untyped-def]
    return mock.patch.object(ImageFile.ImageFile, "load", side_effect=AssertionError("pixels were decoded"))


# Sizes


def test_at_most_the_limit_plus_one_byte_is_read_and_the_real_size_and_limit_are_named() -> None:
    big = Uploaded(size=60 * 2**20)
    with pytest.raises(UploadError) as caught:
        check_upload(big, "besar.jpg")
    assert str(caught.value) == "besar.jpg terlalu besar (60 MB); paling besar 5 MB."
    assert big.asked == [5 * 2**20 + 1]


def test_a_size_just_over_is_shown_with_one_decimal_in_the_active_language() -> None:
    with pytest.raises(UploadError, match=r"^katalog\.pdf terlalu besar \(5,5 MB\); paling besar 5 MB\.$"):
        check_upload(Uploaded(size=int(5.5 * 2**20)), "katalog.pdf")
    with translation.override("en"), pytest.raises(UploadError, match=r"\(5\.5 MB\)"):
        check_upload(Uploaded(size=int(5.5 * 2**20)), "katalog.pdf")


def test_without_a_known_size_the_limit_is_still_named() -> None:
    stream = io.BytesIO(b"%PDF-" + b"0" * (2 * 2**20))
    with pytest.raises(UploadError, match=r"^buku-kas\.pdf terlalu besar; paling besar 2 MB\.$"):
        read_limited(stream, "buku-kas.pdf", max_bytes=2 * 2**20)
    assert stream.tell() == 2 * 2**20 + 1
    assert read_limited(io.BytesIO(b"12345"), "kecil.pdf", max_bytes=5) == b"12345"


def test_a_folder_in_the_uploaded_name_is_not_repeated_in_messages() -> None:
    with pytest.raises(UploadError, match=r"^x\.jpg bukan foto \(JPEG, PNG, WebP\) atau PDF\.$"):
        check_upload(b"MZ\x90\x00", "../../../../etc/cron.d/x.jpg")


# Photos


def test_a_9000_by_9000_png_of_a_few_kilobytes_is_refused_before_any_pixel_is_decoded() -> None:
    flood = files.flood_png(9000, 9000)
    assert len(flood) < 40_000  # small on the wire, 243 MB once decoded as RGB
    with no_decoding(), pytest.raises(UploadError) as caught:
        check_upload(flood, "produk.png")
    assert str(caught.value) == (
        "produk.png terlalu besar: 9000 × 9000 piksel; foto PNG atau WebP paling besar 10 megapiksel "
        "(JPEG sampai 40 megapiksel)."
    )


@pytest.mark.parametrize(("width", "height"), [(8001, 5000), (8900, 8900), (20000, 2001)])
def test_a_jpeg_above_40_megapixels_is_refused_from_its_header(width: int, height: int) -> None:
    with no_decoding(), pytest.raises(UploadError) as caught:
        check_photo(files.jpeg_claiming(width, height), "kamera.jpg")
    assert (
        str(caught.value)
        == f"kamera.jpg terlalu besar: {width} × {height} piksel; paling besar 40 megapiksel."
    )


@pytest.mark.parametrize(("width", "height"), [(3163, 3163), (5000, 2001), (8001, 5000)])
def test_a_png_above_10_megapixels_is_refused_from_its_header(width: int, height: int) -> None:
    """PNG and WebP cannot be decoded at a reduced scale, so their limit is lower."""
    with (
        no_decoding(),
        pytest.raises(UploadError, match=rf"^foto\.png terlalu besar: {width} × {height} piksel; foto PNG"),
    ):
        check_photo(files.png_header_only(width, height), "foto.png")


def test_an_a4_page_scanned_at_300_dpi_as_png_passes() -> None:
    checked = check_photo(files.flood_png(2480, 3508), "buku-kas.png")
    with Image.open(io.BytesIO(checked.content)) as stored:
        assert stored.size == (1131, 1600)


def test_a_picture_too_large_even_for_pillow_to_open_gets_the_same_reason() -> None:
    with (
        no_decoding(),
        pytest.raises(UploadError, match=r"^banjir\.png terlalu besar: lebih dari 40 megapiksel\.$"),
    ):
        check_photo(files.png_header_only(30000, 30000), "banjir.png")


def test_photos_are_downscaled_stripped_and_turned_upright() -> None:
    picture = Image.new("RGB", (3000, 1000), "green")
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: the camera was held upright, rotate 90° to view
    exif[0x8825] = {2: (6.0, 59.0, 30.0)}  # a GPS latitude
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", exif=exif)
    with Image.open(io.BytesIO(buffer.getvalue())) as sent:
        assert sent.getexif().get_ifd(0x8825) and sent.getexif()[0x0112] == 6
    checked = check_photo(buffer.getvalue(), "produk.jpg")
    assert (checked.content_type, checked.extension) == ("image/jpeg", "jpg")
    with Image.open(io.BytesIO(checked.content)) as stored:
        assert stored.size == (533, 1600)
        assert dict(stored.getexif()) == {}


def test_a_jpeg_is_decoded_at_a_reduced_scale() -> None:
    decoded: list[tuple[int, int]] = []
    original = ImageFile.ImageFile.load

    def spy(image):  # type: ignore[no-untyped-def]
        decoded.append(image.size)
        return original(image)

    with mock.patch.object(ImageFile.ImageFile, "load", spy):
        check_photo(files.jpeg(6400, 3200), "kamera.jpg")
    assert set(decoded) == {(1600, 800)}  # never the full 6400 × 3200


def test_a_camera_jpeg_holding_two_pictures_is_a_jpeg() -> None:
    """MPO (several pictures in one JPEG): the JPEG limit applies and the first picture is stored."""
    content = bytearray(files.mpo(64, 48))
    checked = check_photo(bytes(content), "kamera.jpg")
    with Image.open(io.BytesIO(checked.content)) as stored:
        red, _green, _blue = stored.convert("RGB").getpixel((10, 10))  # type: ignore[misc]
        assert (stored.format, stored.size, red > 200) == ("JPEG", (64, 48), True)
    frame = content.index(b"\xff\xc0")
    content[frame + 5 : frame + 9] = struct.pack(">HH", 4000, 3000)  # 12 Mpx: above PNG's limit, not JPEG's
    with Image.open(io.BytesIO(check_photo(bytes(content), "kamera.jpg").content)) as stored:
        assert stored.size == (1200, 1600)


def test_a_photo_field_refuses_a_pdf_and_anything_that_is_not_a_photo() -> None:
    with pytest.raises(UploadError) as caught:
        check_photo(files.plain_pdf(), "laporan.jpg")
    assert str(caught.value) == "laporan.jpg adalah PDF; di sini hanya foto (JPEG, PNG atau WebP)."
    with pytest.raises(UploadError, match=r"^gambar\.jpg bukan foto \(JPEG, PNG atau WebP\)\.$"):
        check_photo(b"<svg onload=alert(1)>", "gambar.jpg")


def test_a_broken_photo_is_refused() -> None:
    with pytest.raises(UploadError, match=r"^rusak\.jpg rusak atau bukan foto yang dapat dibaca\.$"):
        check_photo(files.jpeg()[:200], "rusak.jpg")


# PDFs


@pytest.mark.parametrize(
    "content",
    [files.plain_pdf(), files.reportlab_pdf()],
    ids=["hand-made", "reportlab (ASCII85 + Flate)"],
)
def test_an_ordinary_pdf_is_stored_as_sent(content: bytes) -> None:
    checked = check_upload(content, "buku-kas.pdf")
    assert (checked.content, checked.content_type, checked.extension) == (content, "application/pdf", "pdf")


def test_an_html_body_behind_a_pdf_header_is_refused() -> None:
    with pytest.raises(UploadError) as caught:
        check_upload(b"%PDF-1.4\n<html><script>alert(1)</script></html>\n", "laporan.html")
    assert str(caught.value) == "laporan.html bukan PDF yang utuh; simpan ulang sebagai PDF lalu unggah lagi."


def test_a_pdf_cut_short_is_refused() -> None:
    with pytest.raises(UploadError, match="bukan PDF yang utuh"):
        check_upload(files.plain_pdf()[:-40], "terpotong.pdf")


REFUSED = "berisi %s; PDF seperti itu tidak diterima. Cetak ulang sebagai PDF biasa lalu unggah lagi."


@pytest.mark.parametrize(
    ("content", "what"),
    [
        (
            files.pdf_with(b"/OpenAction 4 0 R", b"<< /S /JavaScript /JS (app.alert(1)) >>"),
            "JavaScript, tindakan otomatis",
        ),
        (
            files.pdf_with(b"/OpenAction << /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>"),
            "JavaScript, tindakan otomatis",
        ),
        (files.pdf_with(b"/AA << /O << /S /Launch /F (cmd.exe) >> >>"), "tindakan otomatis"),
        (
            files.pdf_with(b"/Names << /EmbeddedFiles 4 0 R >>", b"<< /Names [(a.exe) 5 0 R] >>"),
            "berkas atau media sisipan",
        ),
        (files.pdf_with(b"/AcroForm << /XFA 4 0 R >>", files.stream(b"<xdp/>")), "formulir XFA"),
        (files.pdf_with(b"", b"<< /Type /Annot /Subtype /RichMedia >>"), "berkas atau media sisipan"),
    ],
    ids=["open-action", "hex-escaped", "launch", "embedded-file", "xfa", "rich-media"],
)
def test_pdfs_that_act_by_themselves_are_refused(content: bytes, what: str) -> None:
    with pytest.raises(UploadError) as caught:
        check_upload(content, "js.pdf")
    assert str(caught.value) == "js.pdf " + REFUSED % what


def test_javascript_hidden_in_a_compressed_object_stream_is_found() -> None:
    hidden = b"1 0 << /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>"
    flate = files.pdf(files.stream(hidden, b"/Type /ObjStm /N 1 /First 4"), *files.PAGES)
    assert b"JavaScript" not in flate and b"OpenAction" not in flate
    with pytest.raises(UploadError, match="berisi JavaScript, tindakan otomatis"):
        check_upload(flate, "tersembunyi.pdf")
    text = base64.a85encode(zlib.compress(hidden)) + b"~>"
    ascii85 = files.pdf(
        files.stream(
            text, b"/Type /ObjStm /N 1 /First 4 /Filter [/ASCII85Decode /FlateDecode]", compress=False
        ),
        *files.PAGES,
    )
    with pytest.raises(UploadError, match="berisi JavaScript, tindakan otomatis"):
        check_upload(ascii85, "tersembunyi.pdf")


def test_short_names_in_binary_data_are_not_mistaken_for_actions() -> None:
    noise = bytes(range(256)) * 4000 + b"/JS\x00/AA 12 Tf /XFA\x01"
    content = files.pdf_with(b"", files.stream(noise, b"/Subtype /Image"))
    assert check_upload(content, "pindaian.pdf").content == content


def test_an_encrypted_pdf_cannot_be_checked_and_is_refused() -> None:
    with pytest.raises(UploadError) as caught:
        check_upload(files.reportlab_pdf(encrypt="sandi"), "rahasia.pdf")
    assert (
        str(caught.value)
        == "rahasia.pdf terkunci dengan sandi sehingga tidak dapat diperiksa; unggah PDF tanpa sandi."
    )


def test_a_compression_bomb_is_refused_without_inflating_it_all(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(uploads, "_PDF_DECODED_BUDGET", 4 * 2**20)
    bomb = files.pdf_with(b"", files.stream(b"\x00" * (8 * 2**20)))
    assert len(bomb) < 20_000
    with pytest.raises(UploadError, match=r"^bom\.pdf tidak dapat diperiksa \(isinya terkompresi"):
        check_upload(bomb, "bom.pdf")


def test_a_filter_that_cannot_be_opened_is_refused() -> None:
    content = files.pdf(
        files.stream(b"...", b"/Type /ObjStm /N 1 /First 4 /Filter /LZWDecode", compress=False), *files.PAGES
    )
    with pytest.raises(UploadError, match="tidak dapat diperiksa"):
        check_upload(content, "lama.pdf")


# Serving


class Stored:
    """A stored file as a FileField gives it: open('rb') returns the bytes."""

    def __init__(self, content: bytes) -> None:
        self.content = content

    def open(self, mode: str) -> io.BytesIO:
        assert mode == "rb"
        return io.BytesIO(self.content)


@pytest.mark.parametrize(
    ("content", "content_type", "disposition"),
    [
        (files.jpeg(20, 20), "image/jpeg", 'inline; filename="berkas-7.jpg"'),
        (files.plain_pdf(), "application/pdf", 'attachment; filename="berkas-7.pdf"'),
        # Stored before uploads were checked this closely: never shown inline, never sniffed.
        (files.png_header_only(10, 10), "image/png", 'attachment; filename="berkas-7.png"'),
        (
            b"<html><script>alert(1)</script>",
            "application/octet-stream",
            'attachment; filename="berkas-7.bin"',
        ),
    ],
    ids=["our-jpeg", "pdf", "old-png", "old-html"],
)
def test_served_files_are_typed_by_their_bytes_and_named_by_us(
    content: bytes, content_type: str, disposition: str
) -> None:
    response = uploads.upload_response(Stored(content), stem="berkas-7")
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == content  # type: ignore[arg-type]


def test_a_webp_above_10_megapixels_is_refused_before_decoding() -> None:
    buffer = io.BytesIO()
    Image.new("L", (3200, 3200)).save(buffer, format="WEBP", lossless=True)
    with (
        no_decoding(),
        pytest.raises(UploadError, match=r"^obrolan\.webp terlalu besar: 3200 × 3200 piksel; foto PNG"),
    ):
        check_photo(buffer.getvalue(), "obrolan.webp")
