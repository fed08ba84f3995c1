import pytest

from naikkelas.testing.factories import Personas, make_personas


@pytest.fixture
def personas(db: None) -> Personas:
    return make_personas()
