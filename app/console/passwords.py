"""Password hashing (argon2id via argon2-cffi) and generated passwords."""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_LENGTH = 10
MAX_LENGTH = 200

_hasher = PasswordHasher()
# Verified against when the username is unknown, so that a wrong username takes as long
# as a wrong password and usernames cannot be probed by timing.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


class WeakPassword(ValueError):
    pass


def checked_password(password: str) -> str:
    if len(password) < MIN_LENGTH:
        raise WeakPassword(f"a password needs at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        raise WeakPassword(f"a password may have at most {MAX_LENGTH} characters")
    return password


def hash_password(password: str) -> str:
    return _hasher.hash(checked_password(password))


def verify_password(stored_hash: str | None, password: str) -> bool:
    """True when `password` matches; None as the hash (no such user) always takes the same
    time and fails."""
    if len(password) > MAX_LENGTH:
        return False
    try:
        _hasher.verify(stored_hash or _DUMMY_HASH, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError, UnicodeEncodeError):
        # UnicodeEncodeError: bytes that were not UTF-8 in the form, never a password.
        return False
    return stored_hash is not None


def needs_rehash(stored_hash: str) -> bool:
    return _hasher.check_needs_rehash(stored_hash)


def generated_password() -> str:
    # 18 random bytes, about 24 URL-safe characters: typed rarely, pasted from the file.
    return secrets.token_urlsafe(18)
