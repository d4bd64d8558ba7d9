"""Roles, usernames and passwords: the validated pieces of a staff account."""

from __future__ import annotations

import pytest

from app.console.passwords import (
    MIN_LENGTH,
    WeakPassword,
    generated_password,
    hash_password,
    needs_rehash,
    verify_password,
)
from app.console.roles import ROLES, UnknownRole, checked_role, checked_roles
from app.console.staff import StaffError, checked_username


def test_the_roles_are_operator_frontdesk_and_admin_and_others_are_refused() -> None:
    assert {"operator", "frontdesk", "admin"} == ROLES
    assert checked_roles(["operator", "admin"]) == {"operator", "admin"}
    with pytest.raises(UnknownRole, match=r"'supervisr'.*admin, frontdesk, operator"):
        checked_role("supervisr")


def test_argon2id_hashes_verify_only_the_right_password() -> None:
    stored = hash_password("correct horse battery")
    assert stored.startswith("$argon2id$")
    assert verify_password(stored, "correct horse battery")
    assert not verify_password(stored, "correct horse battery ")
    assert not verify_password(stored, "")
    assert not needs_rehash(stored)


def test_an_unknown_user_never_verifies_even_with_the_dummy_hashs_password() -> None:
    assert not verify_password(None, "anything at all")
    assert not verify_password("not-a-hash", "anything at all")


def test_short_and_absurdly_long_passwords_are_refused() -> None:
    with pytest.raises(WeakPassword, match=f"at least {MIN_LENGTH}"):
        hash_password("short")
    with pytest.raises(WeakPassword, match="at most"):
        hash_password("x" * 201)
    assert not verify_password(hash_password("x" * 20), "x" * 201)


def test_generated_passwords_are_long_and_distinct() -> None:
    passwords = {generated_password() for _ in range(50)}
    assert len(passwords) == 50
    assert all(len(password) >= 20 for password in passwords)


@pytest.mark.parametrize("name", ["olga", "Olga.Wang", "front-desk_2"])
def test_usernames_are_folded_to_lower_case(name: str) -> None:
    assert checked_username(f" {name} ") == name.lower()


@pytest.mark.parametrize("name", ["", "olga wang", "ölga", "a" * 65, "x/y", "<script>"])
def test_usernames_with_other_characters_are_refused(name: str) -> None:
    with pytest.raises(StaffError, match="not a username"):
        checked_username(name)
