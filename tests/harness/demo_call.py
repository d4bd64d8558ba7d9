"""`make demo-call`: a scripted caregiver calls in for a demo visit against `make run`.

Uses the same phone harness as the end-to-end tests and prints what it pressed, which
prompts it heard, and the visit and CDR the PBX wrote.
"""

from __future__ import annotations

import asyncio
import sys
import time

from sqlalchemy import text

from app.config import Settings, load_settings
from app.db.engine import make_engine
from tests.harness.dialog import Caller, audio_level
from tests.harness.observer import AriObserver
from tests.harness.phone import SipStack

EVV_DID = "8005550100"
CALLER_NUMBER = "5550001001"  # the demo client 1001's registered phone


def place_call(settings: Settings, stack: SipStack, observer: AriObserver) -> Caller:
    carrier = stack.phone(CALLER_NUMBER, settings.secret("carrier_password"), auth_user="carrier")
    mark = observer.mark()
    caller = Caller(stack, observer, carrier.dial(EVV_DID), mark, "PJSIP/carrier-")
    script = [
        ("language-option", "1"),
        ("evv-welcome", "1234#"),
        ("evv-group-question", "2"),
        ("evv-in-or-out", "1"),
        ("evv-first-client", "1001#"),
    ]
    for prompt, keys in script:
        caller.expect(prompt)
        caller.listen(1.5)
        print(f"  heard {prompt!r:24} pressed {keys}")
        caller.press(keys)
    caller.expect("evv-next-client")
    caller.listen(1.0)
    caller.hang_up()
    return caller


async def show_rows(settings: Settings, channel_id: str) -> None:
    engine = make_engine(settings.database_url)
    try:
        async with engine.connect() as connection:
            for _ in range(50):
                cdr = (await connection.execute(
                    text("SELECT source, destination, disposition, duration, billable_seconds "
                         "FROM cdr WHERE unique_id = :id"), {"id": channel_id})).all()
                if cdr:
                    break
                await asyncio.sleep(0.2)
            visits = (await connection.execute(
                text("SELECT v.id, g.code, c.code, v.call_in_at, v.call_in_number, "
                     "v.call_in_location_matched FROM visit v "
                     "JOIN caregiver g ON g.id = v.caregiver_id JOIN client c ON c.id = v.client_id "
                     "WHERE v.call_in_channel = :id"), {"id": channel_id})).all()
    finally:
        await engine.dispose()
    for visit in visits:
        print(f"visit #{visit[0]}: caregiver {visit[1]}, client {visit[2]}, call in {visit[3]}, "
              f"from {visit[4]}, location matched: {bool(visit[5])}")
    for row in cdr:
        print(f"CDR: {row[0]} -> {row[1]}, {row[2]}, {row[3]}s ({row[4]}s billed)")
    if not visits or not cdr:
        raise SystemExit("demo call did not leave a visit and a CDR")


def main() -> int:
    settings = load_settings()
    observer = AriObserver(settings.ari_url, settings.ari_user, settings.secret("ari_password"))
    try:
        observer.start()
    except AssertionError:
        print(f"No PBX answers at {settings.ari_url}: start it with `make run` first.")
        return 1
    stack = SipStack(pbx_port=settings.ports.sip, recordings=settings.runtime_dir / "demo-call")
    stack.start()
    try:
        print(f"Calling {EVV_DID} through the carrier trunk as {CALLER_NUMBER} ...")
        started = time.monotonic()
        caller = place_call(settings, stack, observer)
        print(f"call took {time.monotonic() - started:.1f}s; prompts heard:")
        print("  " + ", ".join(caller.prompts()))
        seconds, rms = audio_level(caller.call.recording)  # type: ignore[arg-type]
        print(f"audio recorded at the phone: {seconds:.1f}s, RMS level {rms:.0f}")
        asyncio.run(show_rows(settings, caller.channel_id))
    finally:
        stack.stop()
        observer.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
