"""region_codes: the codes a row takes from where it lives."""

import pytest

from naikkelas.regions.codes import region_codes
from naikkelas.regions.models import Region
from naikkelas.testing.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def test_a_regency_a_district_and_a_province_give_their_codes() -> None:
    assert region_codes(Region.objects.get(code="33.74")) == {"province_code": "33", "regency_code": "33.74"}
    assert region_codes(Region.objects.get(code="33.74.01")) == {
        "province_code": "33",
        "regency_code": "33.74",
    }
    assert region_codes(Region.objects.get(code="33")) == {"province_code": "33", "regency_code": ""}


def test_a_row_about_an_enterprise_takes_the_enterprises_codes() -> None:
    enterprise = EnterpriseFactory.create(district=Region.objects.get(code="33.19.01"))
    assert region_codes(enterprise) == {"province_code": "33", "regency_code": "33.19"}
