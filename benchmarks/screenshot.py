"""Take a PNG screenshot of a graphkit HTML page in headless Chromium, offline.

Run with ``python benchmarks/screenshot.py out/graph.html -o docs/seed-after.png``;
``--node NAME`` (or ``--edge SOURCE TARGET RELATION``) selects it first. Any
request that is not a local file is blocked and reported, so the shot also checks
the page is offline.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def screenshot(
    page_path: Path,
    png: Path,
    *,
    node: str | None = None,
    edge: list[str] | None = None,
    width: int = 1280,
    height: int = 800,
) -> list[str]:
    """Shoot ``page_path`` into ``png`` once drawn; list blocked URLs."""
    blocked: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": width, "height": height})
        page.route(
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url.startswith(("file:", "data:"))
                else (blocked.append(route.request.url), route.abort())
            ),
        )
        page.goto(page_path.resolve().as_uri())
        page.wait_for_function(
            "() => window.graphkit && window.graphkit.ready", timeout=60_000
        )
        if node:
            if not page.evaluate("(id) => graphkit.selectNode(id)", node):
                sys.exit(f"No actor {node!r} in {page_path}.")
        if edge:
            if not page.evaluate(
                "(id) => graphkit.selectEdge(JSON.stringify(id))", edge
            ):
                sys.exit(f"No tie {edge!r} in {page_path}.")
        page.wait_for_timeout(300)
        png.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(png))
        browser.close()
    return blocked


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", type=Path)
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--node", help="Select this actor before the shot.")
    parser.add_argument(
        "--edge",
        nargs=3,
        metavar=("SOURCE", "TARGET", "RELATION"),
        help="Select this tie before the shot.",
    )
    args = parser.parse_args()
    blocked = screenshot(args.page, args.output, node=args.node, edge=args.edge)
    print(f"wrote {args.output}; blocked requests: {len(blocked)}")


if __name__ == "__main__":
    main()
