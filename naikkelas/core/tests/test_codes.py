from datetime import timedelta

import pytest
from django.utils import timezone

from naikkelas.core.codes import MAX_ATTEMPTS, CodeCheck, one_time_code_check, one_time_code_issue
from naikkelas.core.models import OneTimeCode

pytestmark = pytest.mark.django_db
TTL = timedelta(hours=1)


def test_a_code_works_once_and_is_stored_only_as_a_hash() -> None:
    row, code = one_time_code_issue(purpose="p", subject="1", ttl=TTL)
    assert len(code) == 6 and code.isdigit() and code not in row.code_hash
    assert one_time_code_check(purpose="p", subject="1", code=code).outcome is CodeCheck.OK
    assert one_time_code_check(purpose="p", subject="1", code=code).outcome is CodeCheck.DEAD


def test_a_code_serves_only_its_purpose_and_subject() -> None:
    _row, code = one_time_code_issue(purpose="p", subject="1", ttl=TTL)
    assert one_time_code_check(purpose="p", subject="2", code=code).outcome is CodeCheck.DEAD
    assert one_time_code_check(purpose="q", subject="1", code=code).outcome is CodeCheck.DEAD


def test_wrong_tries_are_counted_and_end_at_the_limit() -> None:
    _row, code = one_time_code_issue(purpose="p", subject="1", ttl=TTL)
    wrong = "000000" if code != "000000" else "111111"
    lefts = [
        one_time_code_check(purpose="p", subject="1", code=wrong).attempts_left for _ in range(MAX_ATTEMPTS)
    ]
    assert lefts == [4, 3, 2, 1, 0]
    assert one_time_code_check(purpose="p", subject="1", code=code).outcome is CodeCheck.DEAD
    assert OneTimeCode.objects.get().attempts == MAX_ATTEMPTS


def test_a_new_code_replaces_the_old_one_and_codes_expire() -> None:
    _row, first = one_time_code_issue(purpose="p", subject="1", ttl=TTL)
    _row, second = one_time_code_issue(purpose="p", subject="1", ttl=TTL)
    if first != second:
        assert one_time_code_check(purpose="p", subject="1", code=first).outcome is CodeCheck.WRONG
    later = timezone.now() + TTL + timedelta(seconds=1)
    assert one_time_code_check(purpose="p", subject="1", code=second, now=later).outcome is CodeCheck.DEAD
