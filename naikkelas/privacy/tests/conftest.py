from naikkelas.mentoring.tests.conftest import fake_gateway, mentee
from naikkelas.outcomes.tests.conftest import world

__all__ = ["fake_gateway", "mentee", "world"]
