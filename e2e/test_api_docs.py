"""The API's interactive docs render under the content security policy (a schema Swagger UI cannot parse,
or a blocked script, leaves the page blank without any server error)."""

import pytest

from e2e.phone import page_width

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_swagger_lists_every_operation_without_policy_violations(browser_context, live_server) -> None:  # type: ignore[no-untyped-def]
    page = browser_context.new_page()
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.goto(f"{live_server.url}/api/v1/docs")
    page.wait_for_selector(".opblock", timeout=15000)
    assert page.locator(".opblock").count() > 60
    assert problems == []


def test_the_docs_fit_a_phone(browser_context, live_server) -> None:  # type: ignore[no-untyped-def]
    """A phone lays out a page without a viewport 980 px wide and shrinks it to unreadable; the docs
    declare one, so they are laid out at the phone's 360 px and nothing sticks out."""
    phone = browser_context.browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    page = phone.new_page()
    page.goto(f"{live_server.url}/api/v1/docs")
    page.wait_for_selector(".opblock", timeout=15000)
    page.click(".opblock-summary >> nth=0")  # an operation, opened
    page.wait_for_selector(".opblock-body")
    assert page.evaluate("window.innerWidth") == 360
    assert page_width(page) <= 360
    phone.close()
