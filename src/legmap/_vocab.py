"""The story format's vocabulary: leg modes, certainties and place kinds.

Every layer names them (the story format validates them, places carry a kind,
renderers style by mode and certainty), so they live below all of them, in a
module that imports nothing: reading a place kind must not load pydantic.
"""

from __future__ import annotations

__all__ = ["CERTAINTIES", "MODES", "PLACE_KINDS"]

MODES = ("train", "flight", "distance", "road", "sea", "unknown")
CERTAINTIES = ("confirmed", "expected", "possible")
PLACE_KINDS = ("city", "station", "airport", "venue", "spaceport", "port", "border-crossing")
