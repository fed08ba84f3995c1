"""Training's part of a person's copy of her data reads as words."""

import pytest

from naikkelas.core.personal_data import records
from naikkelas.privacy.services import subject_of
from naikkelas.testing.factories import make_personas
from naikkelas.testing.training import make_province_batch
from naikkelas.training import personal_data
from naikkelas.training.models import Assignment


@pytest.mark.django_db
def test_handed_in_figures_are_listed_under_the_assignments_labels() -> None:
    trained = make_province_batch(make_personas())
    submission = trained.submissions["sri"]
    Assignment.objects.filter(pk=submission.assignment_id).update(
        figure_fields=[{"key": "cost_per_unit", "label": "Biaya per unit (Rp)"}]
    )
    submission.figures = {"cost_per_unit": 10000}
    submission.save(update_fields=["figures"])
    section = personal_data.sections(subject_of(trained.mentee.enterprise.owner))["tugas"]
    fields = dict(records(section, "id")[0].fields)
    assert fields["Angka"] == "Biaya per unit (Rp): 10.000"
    assert "cost_per_unit" not in str(records(section, "en")[0].fields)
