"""Headless Chromium for the browser tests: the browser fixture and an offline page visit.

Every request that is not ``file:`` or ``data:`` is aborted and recorded, so a
test can require that none was made.  Screenshots land in ``test-artifacts/``.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from legmap.config import RenderOptions

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
OFFLINE = RenderOptions(tiles="none", self_contained=True)
#: ``pytestmark`` of every browser test module: marked, and skipped without Chromium.
BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(
        shutil.which(CHROMIUM) is None and not Path(CHROMIUM).exists(),
        reason=f"headless browser tests need Chromium at {CHROMIUM}",
    ),
]


def launch() -> Iterator[Any]:
    """Chromium for one test module (the ``browser`` fixture of ``tests/render/conftest.py``)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Visit:
    """A page opened from a file:// URL with the network cut off.

    `page_options` go to ``browser.new_page`` (``color_scheme="dark"``,
    ``has_touch=True``...).
    """

    def __init__(
        self, browser: Any, html: str, path: Path, size: tuple[int, int], **page_options: Any
    ) -> None:
        path.write_text(html, encoding="utf-8")
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page = browser.new_page(viewport={"width": size[0], "height": size[1]}, **page_options)
        self.page.route("**/*", self._route)
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.page.goto(path.as_uri())
        self.page.wait_for_function(
            "typeof legmap === 'object' && !!document.querySelector('.lm-legend')"
        )
        self.page.wait_for_timeout(300)

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            self.requests.append(url)
            route.abort()

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def js(self, code: str) -> Any:
        return self.page.evaluate(code)

    def shot(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / name))

    def close(self) -> None:
        self.page.close()
