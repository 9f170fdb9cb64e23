#!/usr/bin/env python3
"""Save a screenshot of a web page with Debian's Chromium driven by Playwright.

    python scripts/screenshot.py URL OUT.png [--wait-for TEXT] [--click TEXT ...] [--width 1400] [--height 900]

`playwright install` cannot download browsers here, so the browser is the system's `chromium`
(env LEAD_SCORING_CHROMIUM overrides the path). Used for the README's screenshots, e.g. the Dagster
UI that `make orchestrate` serves.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys


def chromium_path() -> str:
    path = os.environ.get("LEAD_SCORING_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        raise SystemExit("screenshot: no chromium on PATH (as root on Debian: apt-get install -y chromium)")
    return path


def screenshot(
    url: str, out: str, wait_for: str | None = None, clicks: tuple[str, ...] = (), width: int = 1400, height: int = 900
) -> None:
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 - only this script needs it

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto(url, wait_until="networkidle", timeout=120_000)
        if wait_for:
            page.get_by_text(wait_for).first.wait_for(timeout=120_000)
        for text in clicks:  # e.g. dismiss a dialog
            page.get_by_text(text, exact=True).first.click(timeout=30_000)
        page.wait_for_timeout(2_000)
        page.screenshot(path=out)
        browser.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("out")
    parser.add_argument("--wait-for", help="text that must appear before the shot")
    parser.add_argument("--click", action="append", default=[], help="text of an element to click first (repeatable)")
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=900)
    arguments = parser.parse_args(argv)
    screenshot(
        arguments.url, arguments.out, arguments.wait_for, tuple(arguments.click), arguments.width, arguments.height
    )
    print(f"saved {arguments.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
