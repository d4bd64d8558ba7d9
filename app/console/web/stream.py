"""GET /events: the live-event stream (server-sent events) of one signed-in browser."""

from __future__ import annotations

import asyncio
import contextlib

from aiohttp import web

from app.console.pages import current_signin
from app.console.web.state import CONSOLE

# A comment line this often keeps proxies from closing an idle stream, and the stream
# checks its session is still good (expired, signed out or disabled from the CLI).
KEEPALIVE_SECONDS = 15.0


async def events(request: web.Request) -> web.StreamResponse:
    console = request.app[CONSOLE]
    signin = current_signin(request)
    response = web.StreamResponse(
        headers={
            "Content-Type": "text/event-stream",
            "Cache-Control": "no-store",
            "X-Accel-Buffering": "no",
        }
    )
    await response.prepare(request)
    subscriber = console.events.subscribe(signin.staff.role, signin.id, signin.staff.id)
    try:
        # Tells the page the stream is up (tests wait for it before publishing).
        await response.write(b"retry: 2000\nevent: ready\ndata: {}\n\n")
        while True:
            try:
                message = await asyncio.wait_for(subscriber.queue.get(), KEEPALIVE_SECONDS)
            except TimeoutError:
                if not await console.signins.alive(signin.id, console.clock()):
                    break
                await response.write(b": keepalive\n\n")
                continue
            if message is None:
                break
            await response.write(f"data: {message}\n\n".encode())
    except ConnectionResetError:
        return response  # the browser went away
    finally:
        console.events.unsubscribe(subscriber)
    with contextlib.suppress(ConnectionResetError):
        await response.write_eof()
    return response
