"""The one error the admin commands raise on purpose."""

from __future__ import annotations


class AdminError(Exception):
    """A fatal problem the admin must fix (bad file, unknown agency, …): exit status 2.

    The message is shown as is, so it names the thing that is wrong.
    """
