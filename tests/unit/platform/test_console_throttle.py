"""Sign-in throttling: per username and per client address, in a sliding window."""

from __future__ import annotations

from app.console.throttle import MAX_TRACKED, LoginThrottle


def throttle() -> LoginThrottle:
    return LoginThrottle(per_user=3, per_address=5, window_seconds=600)


def test_a_username_is_held_after_its_limit_until_the_oldest_failure_ages_out() -> None:
    gate = throttle()
    for moment in (0.0, 10.0, 20.0):
        assert gate.retry_after("olga", "10.0.0.1", moment) == 0
        gate.failed("olga", "10.0.0.1", moment)
    assert gate.retry_after("olga", "10.0.0.2", 30.0) == 570.0
    # From another address too: the count is the account's.
    assert gate.retry_after("OLGA", "10.0.0.9", 599.0) == 1.0
    assert gate.retry_after("olga", "10.0.0.1", 600.0) == 0


def test_an_address_is_held_after_guesses_at_many_usernames() -> None:
    gate = throttle()
    for number in range(5):
        gate.failed(f"user{number}", "10.0.0.1", float(number))
    assert gate.retry_after("fred", "10.0.0.1", 5.0) == 595.0
    assert gate.retry_after("fred", "10.0.0.2", 5.0) == 0


def test_a_good_sign_in_clears_the_username_but_not_the_address() -> None:
    gate = throttle()
    for moment in (0.0, 1.0):
        gate.failed("olga", "10.0.0.1", moment)
    gate.succeeded("Olga")
    gate.failed("olga", "10.0.0.1", 2.0)
    gate.failed("olga", "10.0.0.1", 3.0)
    assert gate.retry_after("olga", "10.0.0.1", 4.0) == 0  # 2 of 3 since the success
    for moment in (5.0, 6.0):
        gate.failed("x", "10.0.0.1", moment)
    assert gate.retry_after("y", "10.0.0.1", 7.0) > 0  # 6 from the address, success or not


def test_expired_failures_are_forgotten() -> None:
    gate = throttle()
    gate.failed("olga", "10.0.0.1", 0.0)
    assert gate.retry_after("olga", "10.0.0.1", 601.0) == 0
    assert gate._users == {} and gate._addresses == {}


def test_a_spray_of_made_up_usernames_does_not_grow_the_table_without_end() -> None:
    gate = throttle()
    for number in range(MAX_TRACKED + 500):
        gate.failed(f"user{number}", "10.0.0.1", float(number))
    assert len(gate._users) <= MAX_TRACKED
    # The address is still held: its count is not what was trimmed.
    assert gate.retry_after("anyone", "10.0.0.1", float(MAX_TRACKED + 500)) > 0
