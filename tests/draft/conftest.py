"""Fixtures for the draft tests: skip them all when the optional extra is missing."""

from __future__ import annotations

import pytest

pytest.importorskip("pymorphy3", reason='needs the draft extra: pip install "legmap[draft]"')
