"""Writes of local heroes: the owner's story, photo and consent to be shown (the ranking is `outcomes.heroes`)."""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from naikkelas.accounts.models import User
from naikkelas.core.audit import audit_record
from naikkelas.core.uploads import UploadError, check_photo
from naikkelas.outcomes.models import HeroStory
from naikkelas.registry.models import Enterprise


def hero_story_save(
    *, actor: User, enterprise: Enterprise, consent: bool, story: str, photo: UploadedFile | None = None
) -> HeroStory:
    """The owner's story and consent; withdrawing consent takes them off the public page at once."""
    story = story.strip()
    if consent and len(story) < 30:
        raise ValidationError(
            {"story": [_("Ceritakan usaha Anda (paling sedikit 30 huruf) agar bisa ditampilkan.")]}
        )
    checked = None
    if photo is not None:
        try:
            checked = check_photo(photo, photo.name or _("foto"))
        except UploadError as error:
            raise ValidationError({"photo": [str(error)]}) from None
    with transaction.atomic():
        record, _created = HeroStory.objects.get_or_create(enterprise=enterprise, defaults={"story": story})
        record.story = story
        if consent and not record.publicity_consent:
            record.consented_at = timezone.now()
        record.publicity_consent = consent
        if not consent:
            record.consented_at = None
        if checked is not None:
            record.photo.save(f"pahlawan.{checked.extension}", ContentFile(checked.content), save=False)
        record.save()
        audit_record(actor=actor, action="update", instance=record, changes={"publicity_consent": consent})
    return record
