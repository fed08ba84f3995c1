"""The API's interactive docs render under the content security policy (a schema Swagger UI cannot parse,
or a blocked script, leaves the page blank without any server error)."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_swagger_lists_every_operation_without_policy_violations(browser_context, live_server) -> None:  # type: ignore[no-untyped-def]
    page = browser_context.new_page()
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.goto(f"{live_server.url}/api/v1/docs")
    page.wait_for_selector(".opblock", timeout=15000)
    assert page.locator(".opblock").count() > 60
    assert problems == []
