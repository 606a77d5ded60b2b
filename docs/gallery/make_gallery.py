"""Regenerate the README gallery: the seed story's maps in Arabic and English.

Run from the repository root (needs the test extra for playwright, and Debian's
chromium for the HTML screenshots):

    python docs/gallery/make_gallery.py

Writes ``docs/gallery/seed-{ar,en}-html.png`` (the HTML map in headless
Chromium, offline: self-contained, embedded vector basemap) and
``docs/gallery/seed-{ar,en}.png`` (the static map).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from legmap import RenderOptions, build_story, load_story, render_html, render_static

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "gallery"
CHROMIUM = "/usr/bin/chromium"
# Background networking off: this machine's closed network refuses those requests.
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip


def main() -> None:
    story = load_story(ROOT / "geo" / "stories" / "kim-putin-2023.toml")
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for lang in ("ar", "en"):
            built = build_story(story, lang=lang)
            png = render_static(built, fmt="png", options=RenderOptions(width_px=1600, dpi=150))
            (OUT / f"seed-{lang}.png").write_bytes(png)
            page_path = Path(tmp) / f"seed-{lang}.html"
            options = RenderOptions(self_contained=True, tiles="none")
            page_path.write_text(render_html(built, options=options), encoding="utf-8")
            page = browser.new_page(viewport={"width": 1200, "height": 800})
            page.goto(page_path.as_uri())
            page.wait_for_function("!!document.querySelector('.lm-legend')")
            page.wait_for_timeout(500)
            page.screenshot(path=str(OUT / f"seed-{lang}-html.png"))
            page.close()
            print(f"wrote docs/gallery/seed-{lang}.png and seed-{lang}-html.png")
        browser.close()


if __name__ == "__main__":
    main()
