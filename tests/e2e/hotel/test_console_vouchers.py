"""The telephone voucher in a real browser: the operator fills it in from the guest's row
(caller and room prefilled), marks how the call ended, lists, exports and prints it."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.harness.browser import sign_in
from tests.harness.console_server import ConsoleUnderTest
from tests.harness.hotel_console import HOTEL_STAFF, start_hotel_console


@pytest.fixture(scope="module")
def hotel(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ConsoleUnderTest]:
    console = start_hotel_console(tmp_path_factory.mktemp("hotel-vouchers"))
    yield console
    console.stop()


def _operator(page: Page, hotel: ConsoleUnderTest) -> None:
    sign_in(page, hotel.url, "wang", HOTEL_STAFF["wang"][0])


def _write_voucher(page: Page, hotel: ConsoleUnderTest, room: str, **fields: str) -> int:
    page.goto(f"{hotel.url}/hotel/?q={room}")
    with page.expect_navigation():
        page.click(f"#rooms tr[data-room='{room}'] .voucher-link")
    for field, value in fields.items():
        if field == "call_type":
            page.check(f"#type-{value}")
        else:
            page.fill(f"#{field}", value)
    with page.expect_navigation():
        page.click("#save-voucher")
    return int(page.url.rsplit("/", 1)[-1])


def test_the_operator_writes_a_voucher_with_the_room_and_caller_prefilled(
    page: Page, hotel: ConsoleUnderTest
) -> None:
    _operator(page, hotel)
    page.goto(f"{hotel.url}/hotel/?q=102")
    with page.expect_navigation():
        page.click("#rooms tr[data-room='102'] .voucher-link")
    expect(page.locator("#room")).to_have_value("102")
    expect(page.locator("#caller_name")).to_have_value("John Smith")
    expect(page.locator("#voucher-form")).to_contain_text("Hotel number 2150550200")
    page.fill("#city_name", "London")
    page.fill("#city_code", "44")
    page.fill("#recipient_name", "Mary Smith")
    page.fill("#destination", "0044 20 7946 0018")
    page.check("#type-person_to_person")
    with page.expect_navigation():
        page.click("#save-voucher")
    expect(page.locator("#status")).to_have_text("open")
    voucher_id = int(page.url.rsplit("/", 1)[-1])
    (row,) = hotel.query(
        "SELECT room_number, caller_name, hotel_number, city_name, city_code, recipient_name, "
        "destination, call_type, operator_name, operator_extension, status "
        "FROM hotel_voucher WHERE id = ?",
        (voucher_id,),
    )
    assert tuple(row) == (
        "102",
        "John Smith",
        "2150550200",
        "London",
        "44",
        "Mary Smith",
        "00442079460018",
        "person_to_person",
        "王芳",
        "2001",
        "open",
    )
    audit = hotel.audit("hotel_voucher_open")[-1]
    assert audit["actor"] == "wang"
    assert json.loads(audit["detail"]) == {
        "voucher": voucher_id,
        "room": "102",
        "destination": "00442079460018",
    }


def test_marking_person_not_there_closes_the_voucher_with_no_charge(
    page: Page, hotel: ConsoleUnderTest
) -> None:
    _operator(page, hotel)
    voucher_id = _write_voucher(
        page, hotel, "101", recipient_name="李明", destination="01062345678",
        call_type="person_to_person",
    )  # fmt: skip
    page.select_option("#outcome", "person_not_there")
    with page.expect_navigation():
        page.click("#close-voucher")
    expect(page.locator("#status")).to_have_text("closed (person not there)")
    expect(page.locator("#charge")).to_have_text("0.00 CNY no charge: person not there")
    expect(page.locator("#close-form")).to_have_count(0)
    ((status, outcome, charge, posting),) = hotel.query(
        "SELECT status, outcome, charge, posting_id FROM hotel_voucher WHERE id = ?",
        (voucher_id,),
    )
    assert (status, outcome, charge, posting) == ("closed", "person_not_there", 0, None)
    assert hotel.query("SELECT count(*) FROM hotel_folio_posting")[0][0] == 0
    assert json.loads(hotel.audit("hotel_voucher_close")[-1]["detail"]) == {
        "voucher": voucher_id,
        "outcome": "person_not_there",
        "charge": 0,
    }


def test_a_voucher_for_an_empty_room_or_a_number_that_is_no_number_is_refused(
    page: Page, hotel: ConsoleUnderTest
) -> None:
    _operator(page, hotel)
    before = hotel.query("SELECT count(*) FROM hotel_voucher")[0][0]
    page.goto(f"{hotel.url}/hotel/vouchers/new?room=106")
    page.fill("#destination", "0081312345678")
    page.check("#type-idd")
    with page.expect_navigation():
        page.click("#save-voucher")
    expect(page.locator("#form-error")).to_have_text("Room 106 has no guest checked in.")
    # What was typed stays in the form.
    expect(page.locator("#destination")).to_have_value("0081312345678")
    page.fill("#room", "102")
    page.fill("#destination", "call mum")
    with page.expect_navigation():
        page.click("#save-voucher")
    expect(page.locator("#form-error")).to_have_text(
        "The destination 'callmum' is not a phone number."
    )
    page.fill("#room", "999")
    page.fill("#destination", "0081312345678")
    with page.expect_navigation():
        page.click("#save-voucher")
    expect(page.locator("#form-error")).to_have_text("There is no room 999.")
    assert hotel.query("SELECT count(*) FROM hotel_voucher")[0][0] == before


def test_the_list_the_csv_export_and_the_printable_voucher(
    page: Page, hotel: ConsoleUnderTest
) -> None:
    _operator(page, hotel)
    voucher_id = _write_voucher(
        page, hotel, "204", recipient_name="=HYPERLINK(\"x\")", city_name="München",
        destination="0049891234567", call_type="collect",
    )  # fmt: skip
    page.goto(f"{hotel.url}/hotel/vouchers")
    expect(page.locator("#vouchers")).to_contain_text("München 0049891234567")
    expect(page.locator("#vouchers")).to_contain_text("Collect")
    with page.expect_download() as download_info:
        page.click("#export")
    download = download_info.value
    assert download.suggested_filename.startswith("vouchers-")
    text = download.path().read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    mine = next(row for row in rows if row["voucher"] == str(voucher_id))
    assert mine["room"] == "204" and mine["caller"] == "Hans Müller"
    assert mine["call_type"] == "Collect" and mine["operator"] == "王芳"
    assert mine["hotel_number"] == "2150550200" and mine["status"] == "open"
    # A name that reads as a spreadsheet formula is kept as text.
    assert mine["recipient"] == '\'=HYPERLINK("x")'
    assert hotel.audit("hotel_vouchers_export")[-1]["actor"] == "wang"
    page.goto(f"{hotel.url}/hotel/vouchers/{voucher_id}")
    with page.expect_navigation():
        page.keyboard.press("p")  # the printable voucher, from the keyboard
    sheet = page.locator("#voucher-sheet")
    expect(sheet).to_contain_text("荷花园酒店 · Lotus Garden Hotel")
    expect(sheet).to_contain_text(f"电话单 Telephone voucher No. {voucher_id}")
    expect(sheet).to_contain_text("Hans Müller")
    expect(sheet).to_contain_text("0049891234567")
    # A clean page: no console bar, nothing but the voucher.
    expect(page.locator("header.bar")).to_have_count(0)
    page.emulate_media(media="print")
    expect(sheet).to_be_visible()


def test_front_desk_sees_the_vouchers_but_may_not_write_one(
    page: Page, hotel: ConsoleUnderTest
) -> None:
    sign_in(page, hotel.url, "desk", HOTEL_STAFF["desk"][0])
    expect(page.locator("header nav")).not_to_contain_text("New voucher")
    page.goto(f"{hotel.url}/hotel/vouchers")
    expect(page.locator("h1")).to_have_text("Telephone vouchers")
    response = page.goto(f"{hotel.url}/hotel/vouchers/new?room=102")
    assert response is not None and response.status == 403
    expect(page.locator("#forbidden")).to_contain_text("This page is for: admin, operator.")
    assert hotel.audit("forbidden")[-1]["actor"] == "desk"


def test_a_voucher_that_does_not_exist_is_a_404_page(page: Page, hotel: ConsoleUnderTest) -> None:
    _operator(page, hotel)
    response = page.goto(f"{hotel.url}/hotel/vouchers/99999")
    assert response is not None and response.status == 404
    expect(page.locator("#problem")).to_contain_text("There is no voucher 99999.")
