"""Mentors made and closed through the staff pages (accounts calls these through `accounts.hooks`).

A mentor role in a regency/city office gives the account its mentor profile, based in that regency/city;
her WhatsApp number lives on the account (`User.phone`) and is what her mentees see. Deactivating the
account stops her taking mentees; it is refused while she still has some (move them first)."""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from naikkelas.accounts.models import Membership, Organisation, User
from naikkelas.core.audit import audit_record, snapshot
from naikkelas.mentoring.models import Mentor, MentorAssignment
from naikkelas.regions.codes import region_codes


def mentor_for_membership(actor: User | None, membership: Membership) -> None:
    organisation = membership.organisation
    if membership.role != Membership.Role.MENTOR or organisation.kind != Organisation.Kind.REGENCY_OFFICE:
        return
    region = organisation.region
    if region is None:
        return
    mentor = Mentor.objects.filter(user=membership.user).first()
    if mentor is None:
        mentor = Mentor(user=membership.user, regency=region, **region_codes(region))
        mentor.full_clean()
        mentor.save()
        audit_record(actor=actor, action="create", instance=mentor, changes=snapshot(mentor))
    elif not mentor.active:
        mentor.active = True
        mentor.save(update_fields=["active"])
        audit_record(actor=actor, action="update", instance=mentor, changes={"active": [False, True]})


def mentor_close(actor: User | None, user: User) -> None:
    mentor = Mentor.objects.filter(user=user).first()
    if mentor is None or not mentor.active:
        return
    load = MentorAssignment.objects.filter(Q(mentor=mentor) & Q(ended_at__isnull=True)).count()
    if load:
        raise ValidationError(
            _("%(user)s masih mendampingi %(n)s usaha; pindahkan dulu dampingannya ke pendamping lain.")
            % {"user": user.get_full_name() or user.get_username(), "n": load}
        )
    mentor.active = False
    mentor.save(update_fields=["active"])
    audit_record(actor=actor, action="update", instance=mentor, changes={"active": [True, False]})
