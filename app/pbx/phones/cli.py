"""`switchboard phones ...`: the registered phones (room, staff, agent phones).

A secret is generated for each phone and printed once: the table keeps only its digest.
Changes reach a running Asterisk at once (a reload of its PJSIP and voicemail modules,
calls stay up); with none running they apply when it starts.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from app.admin.errors import AdminError
from app.config import Settings
from app.pbx.phones.rules import DEFAULT_CONTEXT, REALM, PhoneRefused, PhoneSpec

if TYPE_CHECKING:
    from app.pbx.phones.directory import NewSecret, PhoneDirectory

COMMAND = "phones"


def add_parser(commands: Any) -> None:
    phones = commands.add_parser(COMMAND, help="registered SIP phones: list, add, secrets")
    sub = phones.add_subparsers(dest="phones_command", required=True)
    listing = sub.add_parser("list", help="every phone (never its secret)")
    listing.add_argument("--owner", help="only the phones of this system")
    add = sub.add_parser("add", help="add a phone; prints its generated secret once")
    add.add_argument("extension", help="2 to 8 digits; also the SIP user name")
    add.add_argument(
        "--context",
        default=DEFAULT_CONTEXT,
        help=f"dialplan context its calls enter (default {DEFAULT_CONTEXT}: the DIDs, the "
        "other phones, *98 for voicemail)",
    )
    add.add_argument("--name", default="", help="display name (caller ID, voicemail)")
    add.add_argument("--language", default="en", help="prompt language, e.g. en, zh")
    add.add_argument("--mailbox", action="store_true", help="give it a voicemail box")
    add.add_argument("--owner", default="admin", help="the system it belongs to")
    secret = sub.add_parser("secret", help="generate a new secret (the old one stops working)")
    secret.add_argument("extension")
    disable = sub.add_parser("disable", help="refuse the phone's registration and calls")
    disable.add_argument("extension")
    enable = sub.add_parser("enable", help="let a disabled phone register again")
    enable.add_argument("extension")
    lamp = sub.add_parser("lamp", help="light or clear a phone's message lamp")
    lamp.add_argument("extension")
    lamp.add_argument("state", choices=("on", "off"))


async def run(args: argparse.Namespace, settings: Settings) -> int:
    from app.admin.database import sessions
    from app.pbx.phones.directory import PhoneDirectory

    async with sessions(settings) as sessionmaker:
        directory = PhoneDirectory(settings, sessionmaker)
        try:
            return await _run(args, settings, directory)
        except PhoneRefused as refusal:
            raise AdminError(str(refusal)) from None


async def _run(args: argparse.Namespace, settings: Settings, directory: PhoneDirectory) -> int:
    command = args.phones_command
    if command == "list":
        return await _list(directory, args.owner)
    if command == "add":
        spec = PhoneSpec(
            extension=args.extension,
            context=args.context,
            owner=args.owner,
            display_name=args.name,
            language=args.language,
            mailbox=args.mailbox,
        )
        created = await directory.add(spec)
        print(f"phone {created.extension} added")
        _print_secret(created, settings)
    elif command == "secret":
        _print_secret(await directory.renew_secret(args.extension), settings)
    elif command in ("disable", "enable"):
        await directory.set_enabled(args.extension, command == "enable")
        print(f"phone {args.extension} {command}d")
    elif command == "lamp":
        await directory.set_lamp(args.extension, args.state == "on")
        print(f"phone {args.extension}: message lamp {args.state}")
    if not directory.reached_asterisk:
        print("Asterisk could not be asked (not running?): the change applies when it starts")
    return 0


def _print_secret(created: NewSecret, settings: Settings) -> None:
    print(f"secret for {created.extension} (shown once, not stored): {created.secret}")
    print(
        f"register as user {created.extension} to {settings.bind_address}:"
        f"{settings.ports.sip} (UDP), digest realm {REALM}"
    )


async def _list(directory: PhoneDirectory, owner: str | None) -> int:
    phones = await directory.list(owner=owner)
    if not phones:
        print("no phones")
        return 0
    print(f"{'ext':<8} {'name':<24} {'context':<20} lang mailbox owner     state    lamp")
    for phone in phones:
        state = "enabled" if phone.enabled else "disabled"
        print(
            f"{phone.extension:<8} {phone.display_name[:24]:<24} {phone.context[:20]:<20} "
            f"{phone.language:<4} {'yes' if phone.mailbox else 'no':<7} {phone.owner[:9]:<9} "
            f"{state:<8} {'on' if phone.message_lamp else 'off'}"
        )
    return 0
