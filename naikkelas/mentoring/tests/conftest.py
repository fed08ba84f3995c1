import pytest

from naikkelas.notify.gateways import FakeGateway
from naikkelas.testing.factories import Personas
from naikkelas.testing.mentoring import GRADUATED, Mentee, make_mentee

__all__ = ["GRADUATED", "Mentee"]


@pytest.fixture(autouse=True)
def fake_gateway():  # type: ignore[no-untyped-def]
    FakeGateway.reset()
    yield FakeGateway
    FakeGateway.reset()


@pytest.fixture
def mentee(personas: Personas) -> Mentee:
    return make_mentee(personas)
