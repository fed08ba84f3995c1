from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from naikkelas.core.formats import (
    RupiahError,
    long_date,
    number,
    parse_rupiah,
    rupiah,
    rupiah_compact,
    weekday_date,
)


def test_rupiah_in_full_uses_dots_in_indonesian_and_commas_in_english() -> None:
    assert rupiah(5_370_000_000) == "Rp5.370.000.000"
    assert rupiah(5_370_000_000, "en") == "Rp5,370,000,000"
    assert rupiah(-2_500) == "\u2212Rp2.500"  # the real minus, as percents have it


def test_compact_rupiah_matches_the_seed_report() -> None:
    assert rupiah_compact(5_370_000_000) == "Rp5,37 miliar"
    assert rupiah_compact(2_400_000_000) == "Rp2,4 miliar"
    assert rupiah_compact(12_340_000_000) == "Rp12,34 miliar"
    assert rupiah_compact(5_000_000) == "Rp5 juta"
    assert rupiah_compact(5_370_000_000, "en") == "Rp5.37 billion"
    assert rupiah_compact(750_000) == "Rp750.000"
    # the rounding carries into the next unit instead of printing "Rp1.000 juta"
    assert rupiah_compact(999_999_999) == "Rp1 miliar"
    assert rupiah_compact(-3_000_000) == "\u2212Rp3 juta"


def test_dates_read_in_indonesian() -> None:
    assert long_date(date(2021, 8, 17)) == "17 Agustus 2021"
    assert long_date(date(2021, 8, 17), "en") == "17 August 2021"
    assert weekday_date(date(2026, 12, 22)) == "Selasa, 22 Desember 2026"
    assert weekday_date(date(2026, 12, 22), "en") == "Tuesday, 22 December 2026"


def test_number_groups_thousands() -> None:
    assert number(2264) == "2.264"
    assert number(2264, "en") == "2,264"


@given(st.integers(min_value=0, max_value=10**15))
def test_full_rupiah_keeps_every_digit(amount: int) -> None:
    assert int(rupiah(amount)[2:].replace(".", "")) == amount


@given(st.integers(min_value=10**6, max_value=10**15))
def test_compact_rupiah_is_within_half_a_hundredth_of_its_unit(amount: int) -> None:
    text = rupiah_compact(amount)
    figure, word = text[2:].split(" ")
    unit = {"juta": 10**6, "miliar": 10**9, "triliun": 10**12}[word]
    value = float(figure.replace(".", "").replace(",", "."))
    assert abs(value * unit - amount) <= 0.005 * unit + 1


def test_ratio_and_percent_change_are_labelled_differently_and_round_half_up() -> None:
    from naikkelas.core.formats import percent_change, ratio

    assert ratio(5.37 / 2.4) == "2,24×" and percent_change(123.75) == "+123,8 %"
    assert ratio(2.0, "en") == "2.00×" and percent_change(-12.34, "en") == "−12.3 %"
    assert percent_change(0.0) == "±0,0 %" and ratio(None) == "–"


def test_whatsapp_link_takes_the_digits_of_an_e164_number() -> None:
    from naikkelas.core.formats import whatsapp_link

    assert whatsapp_link("+6281234567890") == "https://wa.me/6281234567890"


@pytest.mark.parametrize(
    ("written", "amount"),
    [
        ("Rp 7.000.000,-", 7_000_000), ("7.500.000", 7_500_000), ("7,5 juta", 7_500_000), ("7.5 jt", 7_500_000),
        ("750 rb", 750_000), ("Rp5.000.000,00", 5_000_000), ("5,000,000", 5_000_000), ("IDR 12.500.000", 12_500_000),
        ("2,37 miliar", 2_370_000_000), ("7.500", 7_500), ("0", 0),
    ],
)  # fmt: skip
def test_rupiah_as_people_write_it(written: str, amount: int) -> None:
    assert parse_rupiah(written) == amount


@pytest.mark.parametrize(
    ("written", "rule"),
    [
        ("-5", "tidak boleh negatif"), ("7,5", "bukan jumlah rupiah bulat"), ("7.000.000,50", "bukan jumlah rupiah bulat"),
        ("empat juta", "bukan jumlah rupiah; tulis angka"), ("=1+2", "bukan jumlah rupiah; tulis angka"),
        ("1.2.3", "bukan jumlah rupiah; tulis angka"), ("7 kodi", "bukan jumlah rupiah; tulis angka"), ("", "bukan jumlah"),
    ],
)  # fmt: skip
def test_what_is_not_a_whole_amount_is_refused_with_the_reason(written: str, rule: str) -> None:
    with pytest.raises(RupiahError, match=rule):
        parse_rupiah(written)


@given(st.integers(min_value=0, max_value=10**13))
def test_every_amount_written_by_babel_reads_back(amount: int) -> None:
    assert parse_rupiah(rupiah(amount, "id")) == amount
    assert parse_rupiah(rupiah(amount, "en")) == amount
    assert parse_rupiah(f"Rp {rupiah(amount, 'id')[2:]},-") == amount


def test_a_moment_is_written_in_words_in_jakarta_time() -> None:
    from datetime import UTC, datetime

    from naikkelas.core.formats import long_datetime

    moment = datetime(2026, 12, 4, 8, 8, tzinfo=UTC)  # 15.08 in Jakarta
    assert long_datetime(moment, "id") == "4 Desember 2026 15.08"
    assert long_datetime(moment, "en") == "4 December 2026 3:08\u00a0PM"
    assert long_datetime(None) == "–"


def test_a_time_of_day_is_written_as_each_language_writes_it() -> None:
    """Babel's short time (CLDR): 08.30 in Indonesian, 8:30 AM in English, never one for the other."""
    from datetime import UTC, datetime, time

    from naikkelas.core.formats import time_of_day, time_range

    assert time_of_day(time(8, 30), "id") == "08.30"
    assert time_of_day(time(8, 30), "en") == "8:30\u00a0AM"
    assert time_of_day(time(13, 5), "en") == "1:05\u00a0PM"
    assert time_of_day(datetime(2026, 12, 4, 1, 30, tzinfo=UTC), "id") == "08.30"  # in Jakarta
    assert time_range(time(8), time(12), "id") == "08.00–12.00"
    assert time_range(time(8), time(12), "en") == "8:00\u00a0AM–12:00\u00a0PM"
    assert time_of_day(None) == "–"


def test_no_template_or_module_formats_a_time_of_day_by_hand() -> None:
    """Every time a person reads goes through formats.time_of_day: a `|time:"H.i"` or a strftime("%H.%M")
    would print 08.30 on an English page. (Machine values, such as an <input type=time>, say %H:%M.)"""
    import re
    from pathlib import Path

    from django.conf import settings

    by_hand = re.compile(r"\|time:|:%H\.%M|strftime\(\"%H\.%M|%H\.%M\}")
    found = [
        f"{path.relative_to(settings.BASE_DIR)}:{number}"
        for path in sorted(Path(settings.BASE_DIR).rglob("*"))
        if path.suffix in {".py", ".html", ".txt"} and "tests" not in path.parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if by_hand.search(line)
    ]
    assert found == []
