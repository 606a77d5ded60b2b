"""The ``browser`` fixture of the browser tests (headless Chromium, see ``_browser.py``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from _browser import launch


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from launch()
