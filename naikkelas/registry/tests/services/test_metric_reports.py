from datetime import date

import pytest
from django.core.exceptions import ValidationError

from naikkelas.core.models import AuditEvent
from naikkelas.registry.models import MetricReport
from naikkelas.registry.services import metric_reports
from naikkelas.testing.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def test_metric_report_sets_size_class_from_latest_month() -> None:
    enterprise = EnterpriseFactory.create()
    metric_reports.metric_report_create(
        actor=None, enterprise=enterprise, period=date(2021, 1, 1), omzet=100_000_000,
        aset=500_000_000, workers=8, source="import",
    )  # fmt: skip
    enterprise.refresh_from_db()
    assert enterprise.size_class == "micro"  # Rp 1.2 bn a year
    report = metric_reports.metric_report_create(
        actor=None, enterprise=enterprise, period=date(2021, 2, 17), omzet=200_000_000,
        aset=500_000_000, workers=8, source="import",
    )  # fmt: skip
    assert report.period == date(2021, 2, 1)
    enterprise.refresh_from_db()
    assert enterprise.size_class == "small"  # Rp 2.4 bn a year
    metric_reports.metric_report_delete(actor=None, report=report)
    enterprise.refresh_from_db()
    assert enterprise.size_class == "micro"
    actions = list(
        AuditEvent.objects.filter(object_type="registry.metricreport").values_list("action", flat=True)
    )
    assert sorted(actions) == ["create", "create", "delete"]


def test_negative_money_is_refused() -> None:
    enterprise = EnterpriseFactory.create()
    with pytest.raises(ValidationError, match=r"Omzet\ tidak\ boleh\ negatif\.") as caught:
        metric_reports.metric_report_create(
            actor=None, enterprise=enterprise, period=date(2021, 1, 1), omzet=-1, aset=0,
            workers=1, source="import",
        )  # fmt: skip
    assert "omzet" in caught.value.message_dict
    assert MetricReport.objects.count() == 0


def test_metric_update_is_audited_with_old_and_new_figures() -> None:
    enterprise = EnterpriseFactory.create()
    report = metric_reports.metric_report_create(
        actor=None, enterprise=enterprise, period=date(2021, 1, 1), omzet=9_000_000,
        aset=20_000_000, workers=2, source="import",
    )  # fmt: skip
    metric_reports.metric_report_update(actor=None, report=report, omzet=9_500_000)
    event = AuditEvent.objects.get(object_type="registry.metricreport", action="update")
    assert event.changes == {"omzet": [9_000_000, 9_500_000]}
