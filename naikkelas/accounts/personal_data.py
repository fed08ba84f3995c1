"""Accounts' part of a person's rights: an anonymised person's account is closed for good.

Registered with `core.personal_data.providers` in AccountsConfig.ready(); writes only accounts rows.
"""

from datetime import datetime

from naikkelas.accounts.models import ApiToken, User
from naikkelas.accounts.services.tokens import api_tokens_revoke_all
from naikkelas.core.personal_data import DataSubject, PersonalData


def anonymise(subject: DataSubject, now: datetime) -> None:
    """No name, no email, no password, no API token; the row stays for the records that point at it."""
    account = User.objects.filter(pk=subject.user_id).first() if subject.user_id else None
    if account is None:
        return
    account.username = f"dihapus-{subject.person_id}"
    account.first_name = account.last_name = account.email = account.phone = ""
    account.is_active = False
    account.set_unusable_password()
    account.save()
    # Revoked, not deleted: the token list and its audit say when and why it ended.
    api_tokens_revoke_all(user=account, actor=None, reason=ApiToken.RevokeReason.DEACTIVATED)


PROVIDER = PersonalData(anonymise=anonymise)
