"""Outcomes' part of a person's rights: the local-hero story and its photo.

Registered with `core.personal_data.providers` in OutcomesConfig.ready(); writes only outcomes rows.
"""

from datetime import datetime

from django.utils.translation import gettext_lazy as _

from naikkelas.core.audit import audit_redact
from naikkelas.core.personal_data import REMOVED, DataSubject, PersonalData, Section, export_of, files_delete
from naikkelas.outcomes.models import HeroStory


def sections(subject: DataSubject) -> dict[str, Section]:
    return {
        "kisah": Section(_("Kisah usaha"), HeroStory.objects.filter(enterprise_id__in=subject.enterprise_ids))
    }


def anonymise(subject: DataSubject, now: datetime) -> None:
    stories = HeroStory.objects.filter(enterprise_id__in=subject.enterprise_ids)
    files_delete(stories, "photo")
    audit_redact(model=HeroStory, object_ids=list(stories.values_list("pk", flat=True)), text=REMOVED)
    stories.delete()


def withdraw(subject: DataSubject, now: datetime) -> dict[str, int]:
    """The story leaves the public page at once."""
    HeroStory.objects.filter(enterprise_id__in=subject.enterprise_ids).update(
        publicity_consent=False, consented_at=None
    )
    return {}


PROVIDER = PersonalData(sections=sections, export=export_of(sections), anonymise=anonymise, withdraw=withdraw)
