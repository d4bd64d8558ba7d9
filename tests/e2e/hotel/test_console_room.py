"""One room on the console in a real browser: do-not-disturb set by the operator, wake-up
calls set and cancelled, a guest moved to another room."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.harness.browser import sign_in
from tests.harness.console_server import ConsoleUnderTest
from tests.harness.hotel_console import HOTEL_STAFF, start_hotel_console


@pytest.fixture(scope="module")
def hotel(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ConsoleUnderTest]:
    console = start_hotel_console(tmp_path_factory.mktemp("hotel-rooms"))
    yield console
    console.stop()


def _room(page: Page, hotel: ConsoleUnderTest, number: str) -> None:
    sign_in(page, hotel.url, "wang", HOTEL_STAFF["wang"][0])
    page.goto(f"{hotel.url}/hotel/?q={number}")
    with page.expect_navigation():
        page.click(f"#rooms tr[data-room='{number}'] .room-link")


def test_the_operator_sets_do_not_disturb_from_the_keyboard(
    page: Page, hotel: ConsoleUnderTest
) -> None:
    _room(page, hotel, "101")
    expect(page.locator("#room-guest")).to_contain_text("张伟")
    with page.expect_navigation():
        page.keyboard.press("d")
    expect(page.locator("#done")).to_have_text("Do not disturb is on.")
    expect(page.locator(".route")).to_have_text("DND: transfers go to voice mail")
    assert hotel.query("SELECT dnd FROM hotel_room WHERE number = '101'")[0][0] == 1
    with page.expect_navigation():
        page.click("#toggle-dnd")
    expect(page.locator("#done")).to_have_text("Do not disturb is off.")
    assert hotel.query("SELECT dnd FROM hotel_room WHERE number = '101'")[0][0] == 0
    assert [json.loads(row["detail"])["on"] for row in hotel.audit("hotel_dnd")] == [True, False]


def test_wake_up_calls_are_set_refused_when_no_time_and_cancelled(
    page: Page, hotel: ConsoleUnderTest
) -> None:
    _room(page, hotel, "102")
    page.fill("#wakeup-time", "25:61")
    with page.expect_navigation():
        page.click("#set-wakeup")
    expect(page.locator("#form-error")).to_have_text("2561 is not a time of day.")
    page.fill("#wakeup-time", "06:30")
    page.check("#wakeup-daily")
    with page.expect_navigation():
        page.click("#set-wakeup")
    expect(page.locator("#done")).to_have_text("Wake-up set for 06:30 every day.")
    expect(page.locator("#wakeups li")).to_contain_text(["06:30 every day — next"])
    ((time_of_day, daily, state, set_by),) = hotel.query(
        "SELECT time_of_day, daily, state, set_by FROM hotel_wakeup w JOIN hotel_room r "
        "ON r.id = w.room_id WHERE r.number = '102'"
    )
    assert (time_of_day, daily, state, set_by) == ("0630", 1, "scheduled", "console")
    with page.expect_navigation():
        page.click("#cancel-wakeups")
    expect(page.locator("#wakeups li")).to_have_text(["None set."])
    assert hotel.audit("hotel_wakeup_cancel")[-1]["actor"] == "wang"


def test_a_guest_is_moved_to_a_vacant_room(page: Page, hotel: ConsoleUnderTest) -> None:
    _room(page, hotel, "201")
    page.select_option("#move-to", "106")
    with page.expect_navigation():
        page.click("#move")
    assert page.url.startswith(f"{hotel.url}/hotel/rooms/106")
    expect(page.locator("#done")).to_have_text("Moved from 201.")
    expect(page.locator("#room-guest")).to_contain_text("王小明")
    page.goto(f"{hotel.url}/hotel/rooms/201")
    expect(page.locator("#room-guest")).to_have_text("vacant")
    assert json.loads(hotel.audit("hotel_move")[-1]["detail"]) == {"room": "201", "to": "106"}


def test_a_wake_up_for_an_empty_room_or_an_unknown_room_is_refused(
    page: Page, hotel: ConsoleUnderTest
) -> None:
    _room(page, hotel, "104")
    expect(page.locator("#room-guest")).to_have_text("vacant")
    token = page.locator("input[name=csrf_token]").first.get_attribute("value") or ""
    response = page.request.post(
        f"{hotel.url}/hotel/rooms/104/wakeups", form={"csrf_token": token, "time": "0700"}
    )
    assert response.status == 400
    assert "Room 104 has no guest checked in." in response.text()
    missing = page.goto(f"{hotel.url}/hotel/rooms/999")
    assert missing is not None and missing.status == 404
    expect(page.locator("#problem")).to_contain_text("There is no room 999.")
