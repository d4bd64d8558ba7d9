"""Writing a recording out of the spool, the one way every system's recording command
does it: to a file, into a folder, or to stdout (`--output`), never over an existing file
without `--force`."""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path
from typing import BinaryIO

from app.admin.errors import AdminError


def add_recording_output(parser: argparse.ArgumentParser, default: str) -> None:
    """The one way both recording commands write a file."""
    parser.add_argument(
        "--output",
        type=Path,
        metavar="FILE|FOLDER|-",
        help=f"file or folder, '-' for stdout (default: {default})",
    )
    # The spelling this command had first; kept working, no longer advertised.
    parser.add_argument("--out", dest="output", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--force", action="store_true", help="overwrite an existing file")


def copy_recording(source: Path, output: Path, *, overwrite: bool = False) -> Path:
    """Copy to `output` (a file, or a folder to put it in); returns the file written."""
    if output.is_dir():
        output = output / source.name
    if output.exists() and not overwrite:
        raise AdminError(f"{output} exists; pass --force to overwrite it")
    try:
        shutil.copyfile(source, output)
    except OSError as error:
        raise AdminError(f"cannot copy {source} to {output}: {error.strerror}") from error
    return output


def stream_recording(source: Path, out: BinaryIO) -> None:
    with source.open("rb") as audio:
        shutil.copyfileobj(audio, out)
