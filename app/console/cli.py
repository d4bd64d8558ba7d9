"""`switchboard staff ...`: console accounts. Passwords come from a prompt on a terminal,
from standard input (`--password-stdin`), or are generated and printed once."""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from app.admin.errors import AdminError
from app.config import Settings
from app.console.roles import ROLES

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker


def add_parser(commands: Any) -> None:
    staff = commands.add_parser("staff", help="staff console accounts")
    sub = staff.add_subparsers(dest="staff_command", required=True)
    add = sub.add_parser("add", help="create a staff account")
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=sorted(ROLES))
    add.add_argument("--name", help="display name (default: the username)")
    add.add_argument("--extension", help="the phone extension the staff works at")
    passwd = sub.add_parser("passwd", help="set a new password (signs the account out)")
    passwd.add_argument("username")
    for command in (add, passwd):
        source = command.add_mutually_exclusive_group()
        source.add_argument(
            "--password-stdin", action="store_true", help="read the password from stdin"
        )
        source.add_argument(
            "--generate", action="store_true", help="generate a password and print it once"
        )
    disable = sub.add_parser("disable", help="disable an account and end its sessions")
    disable.add_argument("username")
    sub.add_parser("list", help="every staff account")


def _password(args: argparse.Namespace) -> tuple[str, bool]:
    """The password and whether it was generated (then it is printed once)."""
    from app.console.passwords import WeakPassword, checked_password, generated_password

    try:
        if args.password_stdin:
            return checked_password(sys.stdin.readline().rstrip("\r\n")), False
        if args.generate or not sys.stdin.isatty():
            return generated_password(), True
        first = getpass.getpass("New password: ")
        if getpass.getpass("Repeat it: ") != first:
            raise AdminError("the passwords do not match; nothing was changed")
        return checked_password(first), False
    except WeakPassword as error:
        raise AdminError(f"{error}; nothing was changed") from None


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


async def run(args: argparse.Namespace, settings: Settings) -> int:
    from app.admin.database import sessions

    async with sessions(settings) as sessionmaker:
        return await _run(args, sessionmaker)


async def _run(args: argparse.Namespace, sessionmaker: async_sessionmaker[AsyncSession]) -> int:
    from app.console.audit import AuditTrail
    from app.console.staff import StaffAccounts, StaffError

    accounts = StaffAccounts(sessionmaker)
    audit = AuditTrail(sessionmaker)
    command = args.staff_command
    if command == "list":
        staff = await accounts.all()
        if not staff:
            print("no staff accounts yet: `switchboard staff add USERNAME --role ROLE`")
        for member in staff:
            state = "disabled" if member.disabled else "active"
            extension = member.extension or "-"
            print(
                f"{member.username:<20} {member.role:<10} {state:<8} {extension:<8} "
                + member.display_name
            )
        return 0
    try:
        if command == "add":
            password, generated = _password(args)
            member = await accounts.add(
                args.username,
                password,
                role=args.role,
                display_name=args.name,
                extension=args.extension,
            )
            detail: dict[str, object] = {"username": member.username, "role": member.role}
        elif command == "passwd":
            password, generated = _password(args)
            member = await accounts.set_password(args.username, password)
            detail = {"username": member.username}
        else:
            member = await accounts.disable(args.username)
            password, generated, detail = "", False, {"username": member.username}
    except StaffError as error:
        raise AdminError(str(error)) from None
    await audit.record(datetime.now(UTC), _actor(), f"staff_{command}", detail, staff_id=member.id)
    done = {"add": "added", "passwd": "new password set for", "disable": "disabled"}[command]
    print(f"{done} {member.username} ({member.role})")
    if generated:
        print(f"password (shown only now; only its hash is stored): {password}")
    return 0
