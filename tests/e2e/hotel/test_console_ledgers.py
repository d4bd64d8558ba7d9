"""The folio postings (a posting the PMS refused stands out) and the staff long-distance
log, as pages and CSV exports, in a real browser."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from playwright.sync_api import Page, expect

from app.systems.hotel.records import ChargeRequest
from app.systems.hotel.repository import HotelRepository
from app.systems.hotel.settings import HotelSettings
from tests.harness.browser import sign_in
from tests.harness.console_server import ConsoleUnderTest
from tests.harness.hotel_console import HOTEL_STAFF, start_hotel_console

CALL_AT = datetime(2026, 12, 2, 1, 30, tzinfo=UTC)  # 09:30 in Shanghai


async def _calls_made(repo: HotelRepository) -> None:
    accepted = await repo.post_charge(
        ChargeRequest("call-ok", "102", "0012125550100", "direct", 125, CALL_AT)
    )
    refused = await repo.post_charge(
        ChargeRequest("call-refused", "204", "0049891234567", "direct", 61, CALL_AT)
    )
    assert accepted is not None and refused is not None
    await repo.answer_posting(accepted.id, True, "OK", "", CALL_AT)
    await repo.answer_posting(refused.id, False, "NG", "room closed for charges", CALL_AT)
    await repo.log_staff_call("staff-1", "2400", "01062345678", "direct", CALL_AT, 200)


@pytest.fixture(scope="module")
def hotel(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ConsoleUnderTest]:
    console = start_hotel_console(tmp_path_factory.mktemp("hotel-ledgers"))
    # Posted as a hotel with a PMS link would: each waits for the PMS's answer.
    console.run(
        _calls_made(HotelRepository(console.sessionmaker, replace(HotelSettings(), pms="http")))
    )
    yield console
    console.stop()


def test_a_posting_the_pms_refused_stands_out_and_both_are_exported(
    page: Page, hotel: ConsoleUnderTest
) -> None:
    sign_in(page, hotel.url, "wang", HOTEL_STAFF["wang"][0])
    page.keyboard.press("g")
    page.keyboard.press("p")  # the postings, from the keyboard
    expect(page.locator("h1")).to_have_text("Folio postings")
    expect(page.locator("#refused-count")).to_contain_text("1 posting refused by the PMS")
    refused = page.locator("#postings tr.refused")
    expect(refused).to_have_count(1)
    expect(refused).to_contain_text("Hans Müller")
    expect(refused).to_contain_text("NG room closed for charges")
    expect(page.locator("#postings")).to_contain_text("2026-12-02 09:30")
    with page.expect_download() as download_info:
        page.click("#export-postings")
    text = download_info.value.path().read_text(encoding="utf-8-sig")
    rows = {row["room"]: row for row in csv.DictReader(io.StringIO(text))}
    assert set(rows) == {"102", "204"}
    assert (
        rows["204"]["status"] == "rejected" and rows["204"]["pms_text"] == "room closed for charges"
    )
    assert rows["102"]["status"] == "accepted" and rows["102"]["seconds"] == "125"
    assert rows["102"]["currency"] == "CNY" and float(rows["102"]["amount"]) > 0
    assert hotel.audit("hotel_postings_export")[-1]["actor"] == "wang"


def test_the_staff_long_distance_log_names_who_called_where_and_for_how_long(
    page: Page, hotel: ConsoleUnderTest
) -> None:
    sign_in(page, hotel.url, "desk", HOTEL_STAFF["desk"][0])
    page.goto(f"{hotel.url}/hotel/staff-calls")
    table = page.locator("#staff-calls")
    expect(table).to_contain_text("赵敏")
    expect(table).to_contain_text("销售部 Sales")
    expect(table).to_contain_text("01062345678")
    expect(table).to_contain_text("3:20")
    with page.expect_download() as download_info:
        page.click("#export-staff-calls")
    text = download_info.value.path().read_text(encoding="utf-8-sig")
    (row,) = list(csv.DictReader(io.StringIO(text)))
    assert (row["name"], row["department"], row["extension"], row["seconds"]) == (
        "赵敏",
        "销售部 Sales",
        "2400",
        "200",
    )
    assert row["rated"] == "yes" and float(row["cost"]) > 0
