"""Peak memory and time of checking one upload (attacks.md V7), each case in a fresh process.

Pillow allocates pixels outside Python's allocator, so tracemalloc does not see them: the figure is the
process's peak RSS while checking (VmHWM, reset through /proc/self/clear_refs first; Linux only) minus its
RSS before. Run: .venv/bin/python bench/uploads_memory.py
"""

import io
import json
import os
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def make(case: str) -> bytes:
    from PIL import Image

    from naikkelas.testing import files

    if case == "flood 8900x8900 1-bit PNG":
        return files.flood_png(8900, 8900)
    if case == "flood 30000x30000 PNG header":
        return files.png_header_only(30000, 30000)
    if case.startswith("flat "):
        width, height = (int(n) for n in case.split()[1].split("x"))
        mode, kind = case.split()[2], case.split()[3]
        buffer = io.BytesIO()
        Image.linear_gradient("L").resize((width, height)).convert(mode).save(buffer, format=kind)
        return buffer.getvalue()
    if case.startswith("photo "):
        width, height = (int(n) for n in case.split()[1].split("x"))
        kind = case.split()[2]
        # A smooth picture with a little grain: as large in pixels as a phone photo, under 5 MB.
        base = Image.linear_gradient("L").resize((width, height))
        grain = Image.effect_noise((width, height), 8)
        picture = Image.merge("RGB", (base, Image.blend(base, grain, 0.2), grain.point(lambda v: v // 2)))
        buffer = io.BytesIO()
        picture.save(buffer, format=kind, quality=80, optimize=True)
        return buffer.getvalue()
    if case == "PDF 5 MB of Flate image data":
        return files.pdf_with(b"", files.stream(os.urandom(4 * 2**20 + 700_000), b"/Subtype /Image"))
    if case == "PDF zlib bomb (5 GB claimed)":
        bomb = zlib.compress(b"\x00" * (256 * 2**20), 9)
        return files.pdf_with(
            b"", files.stream(bomb, compress=False).replace(b"<< ", b"<< /Filter /FlateDecode ", 1)
        )
    raise ValueError(case)


def old_check(content: bytes) -> str:
    """What training/uploads.py did before: MAX_IMAGE_PIXELS = 40 M (Pillow only raises above twice that)."""
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = 40_000_000
    try:
        with Image.open(io.BytesIO(content)) as probe:
            probe.verify()
        with Image.open(io.BytesIO(content)) as image:
            image.load()
            picture = image.convert("RGB")
    except Exception as error:
        return f"refused ({type(error).__name__})"
    picture.thumbnail((1600, 1600))
    picture.save(io.BytesIO(), format="JPEG", quality=85, optimize=True)
    return "accepted"


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise LookupError(field)


def child(path: str, which: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "naikkelas.settings")
    os.environ.setdefault("SECRET_KEY", "benchmark-only")
    import warnings

    import django

    django.setup()
    from naikkelas.core.uploads import UploadError, check_upload

    warnings.simplefilter("ignore")
    content = Path(path).read_bytes()
    Path("/proc/self/clear_refs").write_text("5")  # reset the peak (VmHWM) to the current RSS
    before = _status_kb("VmRSS")
    started = time.perf_counter()
    if which == "old":
        outcome = old_check(content)
    else:
        try:
            check_upload(content, "berkas")
            outcome = "accepted"
        except UploadError as error:
            outcome = "refused: " + str(error)[:70]
    elapsed = time.perf_counter() - started
    after = _status_kb("VmHWM")
    print(
        json.dumps(
            {
                "size": len(content),
                "peak_mb": (after - before) / 1024,
                "ms": elapsed * 1000,
                "outcome": outcome,
            }
        )
    )


CASES = [
    ("flood 8900x8900 1-bit PNG", ("old", "new")),
    ("flood 30000x30000 PNG header", ("old", "new")),
    ("photo 4000x3000 JPEG", ("old", "new")),
    ("photo 8000x5000 JPEG", ("old", "new")),
    ("photo 4000x3000 PNG", ("old", "new")),
    ("photo 2000x1500 PNG", ("old", "new")),
    ("flat 8000x5000 RGB PNG", ("old", "new")),
    ("flat 3500x2850 RGBA PNG (worst PNG)", ("old", "new")),
    ("flat 3500x2850 1 PNG", ("old", "new")),
    ("flat 3500x2850 P PNG", ("old", "new")),
    ("flat 3500x2850 RGB WEBP (worst WebP)", ("old", "new")),
    ("flat 8000x5000 RGB JPEG (worst JPEG)", ("old", "new")),
    ("PDF 5 MB of Flate image data", ("new",)),
    ("PDF zlib bomb (5 GB claimed)", ("new",)),
]


def main() -> None:
    sys.path.insert(0, str(ROOT))
    folder = Path(tempfile.mkdtemp(prefix="nk-bench-uploads-"))
    print(f"{'case':34} {'code':4} {'bytes':>10} {'peak RSS +MB':>13} {'ms':>8}  outcome")
    for index, (case, versions) in enumerate(CASES):
        path = folder / f"{index}.bin"
        path.write_bytes(make(case))
        for which in versions:
            run = subprocess.run(
                [sys.executable, __file__, "--child", str(path), which],
                capture_output=True,
                text=True,
                check=True,
            )
            row = json.loads(run.stdout.strip().splitlines()[-1])
            print(
                f"{case:34} {which:4} {row['size']:>10,} {row['peak_mb']:>13.1f} {row['ms']:>8.0f}  {row['outcome']}"
            )


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3])
    else:
        main()
