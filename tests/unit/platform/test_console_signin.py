"""Where a browser goes after signing in: only a path on this console."""

from __future__ import annotations

import pytest

from app.console.web.signin_views import _safe_next


@pytest.mark.parametrize("target", ["/", "/demo/", "/hotel/?q=zhang", "/hotel/vouchers/12"])
def test_a_path_on_the_console_is_kept(target: str) -> None:
    assert _safe_next(target) == target


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "\\\\evil.example",
        "javascript:alert(1)",
        "/\t/evil.example",
        "demo/",
        "",
    ],
)
def test_anything_else_goes_to_the_start_page(target: str) -> None:
    assert _safe_next(target) == "/"
