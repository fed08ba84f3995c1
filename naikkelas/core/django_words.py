"""Django's own messages as Naik Kelas says them.

Django's Indonesian catalogue leaves some of its messages in English ("- Select an option -", new in
Django 6) and words others as jargon or with a lowercase "anda" ("Masukkan “slug” valid…", "Sandi anda
tidak dapat…"). The project's catalogues (`locale/id`, `locale/en`) come first in LOCALE_PATHS, so an
entry there replaces Django's. Naming the messages here puts them in both catalogues when makemessages
runs, so they are filled and reviewed like every other string (core/tests/test_i18n.py).
"""

from django.utils.translation import gettext_noop, ngettext_lazy

DJANGO_MESSAGES = [
    # django.db.models.fields.BLANK_CHOICE_LABEL: the empty choice of every select
    gettext_noop("- Select an option -"),
    # django.core.validators.validate_slug: usernames
    gettext_noop("Enter a valid “slug” consisting of letters, numbers, underscores or hyphens."),
    # django.contrib.auth.password_validation: the help under every new-password field, and the errors
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("Your password can’t be entirely numeric."),
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    gettext_noop("This password is too common."),
    gettext_noop("This password is entirely numeric."),
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
    ),
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
    ),
]

# The msgids above (the singular of a plural), for the test that the Indonesian catalogue holds no others.
DJANGO_MESSAGE_IDS = [
    *(message for message in DJANGO_MESSAGES if isinstance(message, str)),
    "Your password must contain at least %(min_length)d character.",
    "This password is too short. It must contain at least %d character.",
]
