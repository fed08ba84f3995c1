"""Files for upload tests, made small: real photos, pixel floods, and hostile or harmless PDFs."""

import io
import struct
import zlib

from PIL import Image


def jpeg(width: int = 2400, height: int = 1200) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "green").save(buffer, format="JPEG")
    return buffer.getvalue()


def flood_png(width: int = 9000, height: int = 9000) -> bytes:
    """A real 1-bit PNG of width × height: a few kilobytes on the wire, width × height × 3 bytes decoded."""
    buffer = io.BytesIO()
    Image.new("1", (width, height)).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims width × height (any size, even 900 million pixels) around one tiny IDAT."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00"))
        + chunk(b"IEND", b"")
    )


def mpo(width: int = 64, height: int = 48) -> bytes:
    """Two pictures in one JPEG, as some cameras save them (Pillow calls the format MPO)."""
    buffer = io.BytesIO()
    first, second = Image.new("RGB", (width, height), "red"), Image.new("RGB", (width, height), "blue")
    first.save(buffer, format="MPO", save_all=True, append_images=[second])
    return buffer.getvalue()


def jpeg_claiming(width: int, height: int) -> bytes:
    """A tiny JPEG whose frame header (SOF0) claims width × height."""
    content = bytearray(jpeg(16, 16))
    frame = content.index(b"\xff\xc0")
    content[frame + 5 : frame + 9] = struct.pack(">HH", height, width)
    return bytes(content)


def pdf(*objects: bytes, trailer: bytes = b"/Root 1 0 R") -> bytes:
    """A PDF of the given object bodies (numbered from 1), with a correct xref table and trailer."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d " % (len(objects) + 1) + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    )
    return out.getvalue()


def stream(data: bytes, extra: bytes = b"", *, compress: bool = True) -> bytes:
    body = zlib.compress(data) if compress else data
    flate = b"/Filter /FlateDecode " if compress else b""
    return b"<< " + flate + extra + b" /Length %d >>\nstream\n" % len(body) + body + b"\nendstream"


PAGES = (
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
)


def plain_pdf() -> bytes:
    return pdf(b"<< /Type /Catalog /Pages 2 0 R >>", *PAGES)


def pdf_with(catalog_extra: bytes, *more: bytes) -> bytes:
    return pdf(b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b" >>", *PAGES, *more)


def reportlab_pdf(**canvas_options: object) -> bytes:
    """A PDF as ReportLab writes it ([/ASCII85Decode /FlateDecode] streams), e.g. encrypt="sandi"."""
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, **canvas_options)  # type: ignore[arg-type]
    page.drawString(72, 720, "Buku kas minggu pertama: masuk Rp 1.250.000, keluar Rp 800.000")
    page.showPage()
    page.save()
    return buffer.getvalue()
