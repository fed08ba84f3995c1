"""Every role's pages fit a 360 px phone: from the public home, sign in, then open the home and every
page the menu offers; none scrolls sideways and every link, button, field and disclosure on it is at
least 44 px high (a thumb's width), and no label is too narrow for one of its words. A failure names
each page and its offending controls."""

from datetime import date

import pytest

from e2e.phone import TAP_TARGET_PX, broken_words, page_width, small_targets
from naikkelas.testing.factories import make_personas
from naikkelas.testing.training import make_province_batch
from naikkelas.training.models import Assignment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLES = ["peserta", "pelatih", "mentor", "penilai", "semarang", "provinsi", "kementerian"]
PUBLIC_PAGES = ["/", "/daftar/", "/verifikasi/", "/pahlawan-lokal/", "/akun/masuk/"]


def _phone(browser_context):  # type: ignore[no-untyped-def]
    return browser_context.browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, locale="id-ID"
    ).new_page()


def _problems(page, label: str) -> list[str]:  # type: ignore[no-untyped-def]
    problems = []
    if (width := page_width(page)) > 360:
        problems.append(f"{label}: the page is {width} px wide on a 360 px screen")
    problems.extend(f"{label}: {target} (< {TAP_TARGET_PX} px)" for target in small_targets(page))
    problems.extend(f"{label}: {word} is broken inside a word" for word in broken_words(page))
    return problems


def test_every_menu_page_of_every_role_fits_a_phone(browser_context, live_server) -> None:  # type: ignore[no-untyped-def]
    trained = make_province_batch(make_personas())
    for day in range(2, 7):  # six assignments: the grading grid's widest week
        Assignment.objects.create(
            batch=trained.batch, title=f"Tugas hari {day}", due_on=date(2021, 5, 9 + day)
        )
    base = live_server.url
    problems: list[str] = []
    visited = 0

    page = _phone(browser_context)
    for path in PUBLIC_PAGES:
        response = page.goto(f"{base}{path}")
        assert response is not None and response.status == 200, path
        problems += _problems(page, f"public {path}")
        visited += 1
    page.context.close()

    for username in ROLES:
        page = _phone(browser_context)
        page.goto(f"{base}/")
        page.click("main >> text=Masuk")
        page.fill("#id_username", username)
        page.fill("#id_password", "naikkelas")
        with page.expect_navigation():
            page.click("main button[type=submit]")
        assert page.url == f"{base}/", username
        problems += _problems(page, f"{username} /")
        page.click("header nav summary")  # the menu, open: its own links are measured too
        problems += _problems(page, f"{username} / (menu open)")
        menu = page.eval_on_selector_all("header nav details li a", "links => links.map(a => a.pathname)")
        assert len(menu) >= 2, (username, menu)
        if username == "pelatih":  # the grading grid, reached from his batch
            menu.append(f"/pelatihan/angkatan/{trained.batch.pk}/tugas/")
        for path in menu:
            response = page.goto(f"{base}{path}")
            assert response is not None and response.status == 200, (username, path)
            problems += _problems(page, f"{username} {path}")
            visited += 1
        if username == "pelatih":
            cells = page.locator("#grid td.cell")
            assert cells.count() == 3 * 6
            # Every cell on the screen, the sixth column too (a table scrolling in its box hides it).
            right = page.eval_on_selector_all(
                "#grid td.cell", "cells => Math.max(...cells.map(c => c.getBoundingClientRect().right))"
            )
            assert right <= 360, right
        page.context.close()

    assert visited >= 30, visited
    assert problems == [], "\n".join(problems)


ONE_LINE_PX = 64  # 44 px controls and the header's padding: a second row would add at least 44 px


def test_the_header_is_one_line_in_both_languages(browser_context, live_server) -> None:  # type: ignore[no-untyped-def]
    """English words are longer ("Bahasa Indonesia", "Sign in"): the header once took two rows in
    English only. Now, signed out and for every role, it is one row of the same height in both."""
    make_province_batch(make_personas())
    base = live_server.url
    heights: dict[tuple[str, str], float] = {}
    for username in ["", *ROLES]:
        page = _phone(browser_context)
        page.goto(f"{base}/")
        if username:
            page.click("main >> text=Masuk")
            page.fill("#id_username", username)
            page.fill("#id_password", "naikkelas")
            with page.expect_navigation():
                page.click("main button[type=submit]")
        for language in ("id", "en"):
            if language == "en":
                with page.expect_navigation():
                    page.click("header button[value=en]")
            assert page.get_attribute("html", "lang") == language
            heights[(username, language)] = page.evaluate(
                "document.querySelector('header.top').getBoundingClientRect().height"
            )
            # one row: the brand and the language switch share a line
            rows = page.eval_on_selector_all(
                "header.top .brand, header.top .lang button",
                "els => els.map(e => Math.round(e.getBoundingClientRect().top))",
            )
            assert len(set(rows)) == 1, (username, language, rows)
            assert page_width(page) <= 360, (username, language)
            assert broken_words(page) == [], (username, language)  # English labels are longer
        page.context.close()
    wrong = {key: height for key, height in heights.items() if height > ONE_LINE_PX}
    assert wrong == {}, wrong
    assert {user: heights[(user, "en")] - heights[(user, "id")] for user in ["", *ROLES]} == dict.fromkeys(
        ["", *ROLES], 0
    )
