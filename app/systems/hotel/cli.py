from __future__ import annotations

import argparse
from typing import Any

from app.config import Settings


def add_parser(commands: Any) -> None:
    commands.add_parser("hotel")


async def run(args: argparse.Namespace, settings: Settings) -> int:
    return 0
