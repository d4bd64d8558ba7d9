"""The hotel's console pages in a real browser: finding guests by part of a name, pinyin,
Latin letters or room, the privacy script, checking in and out."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from app.systems.hotel.console import topics
from tests.harness.browser import sign_in
from tests.harness.console_server import ConsoleUnderTest
from tests.harness.hotel_console import HOTEL_STAFF, start_hotel_console


@pytest.fixture(scope="module")
def hotel(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ConsoleUnderTest]:
    console = start_hotel_console(tmp_path_factory.mktemp("hotel-console"))
    yield console
    console.stop()


def _signed_in(page: Page, hotel: ConsoleUnderTest, username: str) -> None:
    sign_in(page, hotel.url, username, HOTEL_STAFF[username][0])
    page.goto(f"{hotel.url}/hotel/")


def _find(page: Page, text: str) -> None:
    page.keyboard.press("/")  # keyboard first: the search field, without the mouse
    page.keyboard.type(text)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _rooms_shown(page: Page) -> list[str]:
    return page.locator("#rooms tbody tr").evaluate_all("rows => rows.map(row => row.dataset.room)")


@pytest.mark.parametrize(
    ("query", "room", "name"),
    [
        ("Smith", "102", "John Smith"),  # part of a Latin name
        ("zhang", "101", "张伟"),  # pinyin of a Chinese name
        ("小明", "201", "王小明"),  # part of a Chinese name
        ("mueller", "204", "Hans Müller"),  # the Latin spelling given at check-in
        ("201", "201", "王小明"),  # the room number
    ],
)
def test_guests_are_found_by_part_of_a_name_pinyin_latin_letters_or_room(
    page: Page, hotel: ConsoleUnderTest, query: str, room: str, name: str
) -> None:
    _signed_in(page, hotel, "wang")
    _find(page, query)
    assert _rooms_shown(page)[0] == room
    expect(page.locator(f"#rooms tr[data-room='{room}'] .guest-name")).to_have_text(name)


def test_a_guest_with_privacy_shows_the_operators_script_and_nobody_matches_politely(
    page: Page, hotel: ConsoleUnderTest
) -> None:
    _signed_in(page, hotel, "wang")
    _find(page, "li na")
    row = page.locator("#rooms tr[data-room='103']")
    expect(row.locator(".route")).to_have_text("Privacy: never put through")
    # The seed's two answers, in both languages, the first one first.
    scripts = row.locator(".script")
    expect(scripts.nth(0)).to_contain_text("我们查实这位客人没有入住我们酒店")
    expect(scripts.nth(0)).to_contain_text("We have no guest registered by that name.")
    expect(scripts.nth(1)).to_contain_text("May I take a message or your number")
    # DND: the operator sees where a transfer would go.
    page.goto(f"{hotel.url}/hotel/?q=105")
    expect(page.locator("#rooms tr[data-room='105'] .route")).to_have_text(
        "DND: transfers go to voice mail"
    )
    page.goto(f"{hotel.url}/hotel/?q=Nobody+Atall")
    expect(page.locator("#no-match")).to_have_text("Nobody in house matches “Nobody Atall”.")
    # A vacant room is still found by its number.
    page.goto(f"{hotel.url}/hotel/?q=106")
    expect(page.locator("#rooms tr[data-room='106'] .vacant")).to_have_text("vacant")


def test_front_desk_checks_a_guest_in_and_out_and_both_are_audited(
    page: Page, hotel: ConsoleUnderTest
) -> None:
    sign_in(page, hotel.url, "desk", HOTEL_STAFF["desk"][0])
    page.goto(f"{hotel.url}/hotel/checkin?room=106")
    expect(page.locator("#room")).to_have_value("106")
    page.fill("#name", "陈小红")
    page.select_option("#language", "zh")
    page.select_option("#class_of_service", "national")
    with page.expect_navigation():
        page.click("#check-in")
    expect(page.locator("#done")).to_have_text("Checked in 106.")
    _find(page, "chen xiao")
    expect(page.locator("#rooms tr[data-room='106'] .guest-name")).to_have_text("陈小红")
    ((latin, source),) = hotel.query(
        "SELECT latin_name, source FROM hotel_guest WHERE name = '陈小红'"
    )
    assert (latin, source) == ("Chen Xiaohong", "console")
    audit = hotel.audit("hotel_check_in")[-1]
    assert audit["actor"] == "desk"
    assert json.loads(audit["detail"]) == {"room": "106", "guest": "陈小红"}
    with page.expect_navigation():
        page.click("#rooms tr[data-room='106'] .checkout button")
    expect(page.locator("#done")).to_have_text("Checked out 106.")
    expect(page.locator("#rooms tr[data-room='106'] .vacant")).to_have_text("vacant")
    assert json.loads(hotel.audit("hotel_check_out")[-1]["detail"])["guest"] == "陈小红"


def test_check_in_to_an_occupied_room_or_without_a_name_says_what_is_wrong(
    page: Page, hotel: ConsoleUnderTest
) -> None:
    sign_in(page, hotel.url, "desk", HOTEL_STAFF["desk"][0])
    page.goto(f"{hotel.url}/hotel/checkin")
    # The form offers vacant rooms only; a stale page (or a forged one) may still name 101.
    page.evaluate(
        "() => { const s = document.querySelector('#room'); s.add(new Option('101', '101')); "
        "s.value = '101'; }"
    )
    page.fill("#name", "Somebody Else")
    with page.expect_navigation():
        page.click("#check-in")
    expect(page.locator("#form-error")).to_have_text(
        "Room 101 is occupied by 张伟; check them out or move them first."
    )
    expect(page.locator("#name")).to_have_value("Somebody Else")
    page.evaluate("document.querySelector('#name').removeAttribute('required')")
    page.fill("#name", "")
    with page.expect_navigation():
        page.click("#check-in")
    expect(page.locator("#form-error")).to_have_text("The guest's name is missing.")
    assert hotel.query("SELECT count(*) FROM hotel_guest WHERE name = 'Somebody Else'")[0][0] == 0


def test_checking_out_an_empty_room_is_a_clear_conflict(
    page: Page, hotel: ConsoleUnderTest
) -> None:
    _signed_in(page, hotel, "wang")
    token = page.locator("input[name=csrf_token]").first.get_attribute("value")
    response = page.request.post(
        f"{hotel.url}/hotel/rooms/106/checkout", form={"csrf_token": token or ""}
    )
    assert response.status == 409
    assert "Room 106 has no guest checked in." in response.text()


def test_calls_reach_the_operators_page_live_and_alerts_reach_the_front_desk_too(
    page: Page, hotel: ConsoleUnderTest
) -> None:
    _signed_in(page, hotel, "wang")
    desk = page.context.browser.new_context().new_page()  # type: ignore[union-attr]
    try:
        sign_in(desk, hotel.url, "desk", HOTEL_STAFF["desk"][0])
        desk.goto(f"{hotel.url}/hotel/")
        for tab in (page, desk):
            expect(tab.locator("#live-status")).to_have_text("live")
        hotel.publish(
            topics.CALL,
            {"text": "Room 101 张伟 (中文)", "room": "101", "guest": "张伟", "language": "zh"},
        )
        hotel.publish(topics.ALERT, {"text": "Wake-up 0630 not answered: room 201", "room": "201"})
        expect(page.locator("#calls li")).to_have_text(["Room 101 张伟 (中文)"])
        for tab in (page, desk):
            expect(tab.locator("#alerts li")).to_have_text(["Wake-up 0630 not answered: room 201"])
        # The front desk's page has no call list and its stream never carried the call.
        expect(desk.locator("#calls")).to_have_count(0)
    finally:
        desk.context.close()
