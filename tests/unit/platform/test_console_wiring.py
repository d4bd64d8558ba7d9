"""The controller hands every system the live-event publisher and serves the console pages
the systems return (the contract in app/system.py), with nothing of a system in app/."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from app.config import Settings
from app.console.settings import ConsoleSettings
from app.controller import Controller
from app.system import Platform, Running
from tests.harness.console_demo import DEMO_PAGES, PING


class PagesOnly:
    """Just enough of a system to hand the controller console pages."""

    name = "demo"
    dids = ()
    dialplan_includes = ()
    commands = ()

    def __init__(self) -> None:
        self.platform: Platform | None = None

    def build(self, platform: Platform) -> Running:
        self.platform = platform
        return Running(flows={}, console=DEMO_PAGES)


def _settings(tmp_path: Path, port: int) -> Settings:
    settings = Settings(
        runtime_dir=tmp_path,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'switchboard.db'}",
        secrets={name: "x" for name in ("ari_password", "ami_secret")},
    )
    return replace(settings, console=replace(ConsoleSettings(), port=port))


async def test_the_systems_pages_are_served_and_their_flows_publish_to_the_console(
    tmp_path: Path,
) -> None:
    system = PagesOnly()
    controller = Controller(_settings(tmp_path, 18090), [system])  # type: ignore[list-item]
    try:
        assert controller.console is not None
        paths = {r.canonical for r in controller.console.app.router.resources()}
        assert {"/demo/", "/demo/note", "/demo/admin", "/login", "/events"} <= paths
        assert system.platform is not None
        # What a flow calls reaches the console's fan-out, which knows the page's topics.
        subscriber = controller.live.subscribe("operator", 1, 1)
        system.platform.console_events(PING, {"text": "hello"})
        assert subscriber.queue.qsize() == 1
    finally:
        await controller.engine.dispose()


async def test_port_zero_runs_no_console(tmp_path: Path) -> None:
    controller = Controller(_settings(tmp_path, 0), [PagesOnly()])  # type: ignore[list-item]
    try:
        assert controller.console is None
    finally:
        await controller.engine.dispose()
