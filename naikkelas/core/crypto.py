"""Personal data at rest: symmetric encryption (Fernet) and keyed hashes for exact lookups.

The keys come from the environment (FIELD_ENCRYPTION_KEYS, LOOKUP_HASH_KEY). Several encryption keys may
be listed, newest first: new values are written with the first, old ones still read (key rotation; see
docs/deploy.md). A keyed hash (HMAC-SHA256) lets the database find and keep unique a value it cannot
read; without the key, nobody can test guesses against the stored hashes.
"""

import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


class DecryptionError(ValueError):
    """The stored value cannot be read with the configured keys."""


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def _current() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(text: str) -> str:
    return _current().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _current().decrypt(token.encode()).decode()
    except InvalidToken:
        raise DecryptionError("value cannot be decrypted with FIELD_ENCRYPTION_KEYS") from None


def rotate(token: str) -> str:
    """The same value encrypted with the newest key."""
    return _current().rotate(token.encode()).decode()


def keyed_hash(text: str, *, purpose: str) -> str:
    """HMAC-SHA256 of the value, separated by purpose so equal values of different kinds never match."""
    message = f"{purpose}:{text}".encode()
    return hmac.new(settings.LOOKUP_HASH_KEY.encode(), message, hashlib.sha256).hexdigest()


def new_key() -> str:
    return Fernet.generate_key().decode()
