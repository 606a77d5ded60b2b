"""Settings, as one frozen object passed explicitly (never mutable module globals)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from legmap._version import __version__

__all__ = ["Config", "RenderOptions"]


def _default_cache_dir() -> Path:
    # XDG-style location; LEGMAP_CACHE_DIR lets tests and CI keep caches apart.
    env = os.environ.get("LEGMAP_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "legmap"


@dataclass(frozen=True, kw_only=True)
class Config:
    """Everything legmap can be told, with sensible defaults.

    Parameters
    ----------
    online : bool
        Allow the online geocoder (geopy's Nominatim) for names the embedded
        gazetteer and open data do not know.  Off by default: legmap works offline.
    geocoder_url : str
        Base URL of a Nominatim-compatible service.
    user_agent : str
        Sent with every geocoder request, as Nominatim's usage policy requires.
    geocoder_timeout_s : float
        Seconds to wait for one geocoder answer.
    geocoder_min_delay_s : float
        Minimum seconds between geocoder requests (geopy's RateLimiter).
    cache_dir : pathlib.Path
        Where the geocoder cache (and other caches) live.
    snap_km : float
        How far a place may be from a station for a train leg to start or end there;
        farther, the leg is drawn as a geodesic line, not routed (a warning, or an
        error with `strict`).
    access_km : float
        A train's first or last place farther than this from its station gets an
        access stretch (place to station, geodesic), drawn and counted in the rail
        distance apart; a city's limit is at least its rough radius from its
        population (:func:`legmap.rail.network.access_limit_km`).
    strict : bool
        Refuse (an error) a train leg the rail network cannot route, instead of
        drawing it unrouted with a warning.
    claim_tolerance : float
        Relative tolerance for a distance claim to "match" a measured distance.
    arc_step_km : float
        Spacing of points along densified geodesic lines.
    rail : pathlib.Path, tuple of pathlib.Path, or None
        Rail network files (``legmap rail import``) that extend the embedded
        network (``--rail``, repeated); they take the place of the story's ``rail``.
    embedded_rail : bool or None
        Whether the embedded network is part of the active network (``False``:
        ``--no-embedded-rail``); None leaves it to the story's ``embedded_rail``
        (default true).

    Examples
    --------
    >>> cfg = Config()
    >>> cfg.online, cfg.claim_tolerance
    (False, 0.1)
    >>> cfg.replace(online=True).online
    True
    """

    online: bool = False
    geocoder_url: str = "https://nominatim.openstreetmap.org"
    user_agent: str = f"legmap/{__version__} (route maps for news stories)"
    geocoder_timeout_s: float = 10.0
    geocoder_min_delay_s: float = 1.0
    cache_dir: Path = field(default_factory=_default_cache_dir)
    snap_km: float = 50.0
    access_km: float = 2.0
    strict: bool = False
    claim_tolerance: float = 0.10
    arc_step_km: float = 25.0
    rail: Path | tuple[Path, ...] | None = None
    embedded_rail: bool | None = None

    @property
    def rail_files(self) -> tuple[Path, ...]:
        """`rail` as a tuple (empty when None)."""
        if self.rail is None:
            return ()
        return (self.rail,) if isinstance(self.rail, Path) else tuple(self.rail)

    def replace(self, **changes: object) -> Config:
        """Return a copy with some fields changed."""
        return replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True, kw_only=True)
class RenderOptions:
    """How maps are drawn; shared by every renderer.

    Parameters
    ----------
    lang : str or None
        Label language (en, ar, ru, ko); None uses the story's ``lang``.
    units : str or None
        ``km`` or ``mi``; None uses the story's ``units``.
    tiles : str
        An xyzservices provider name that needs no API key (default
        ``Esri.WorldGrayCanvas``, a clean light-grey basemap; CARTO's tiles now
        need a key in xyzservices), or ``none`` for the
        embedded vector basemap that needs no network.
    self_contained : bool
        Inline every script and stylesheet into the HTML (works offline forever).
    width_px : int
        Width of PNG output in pixels.
    dpi : int
        Resolution of PNG output.
    width_mm : float or None
        Print width of static maps (PNG, SVG, PDF) in millimetres, e.g. 85 for
        a single column; takes the place of `width_px` (a PNG is then
        ``width_mm / 25.4 * dpi`` pixels wide).
    focus : tuple of str, tuple of 4 float, or None
        What the map frames first: journey or place ids, or a
        (min_lon, min_lat, max_lon, max_lat) box; None uses the story's
        ``[map] focus``, else the dense part of the story
        (:mod:`legmap.render._framing`).
    inset : str or None
        ``auto`` (a locator inset when the main frame leaves part of the story
        out) or ``none``; None uses the story's ``[map] inset`` (default auto).
    theme : object or None
        A :class:`legmap.render.theme.Theme`, or the path of a theme TOML file
        (``docs/themes.md``); None draws legmap's own look.

    Examples
    --------
    >>> RenderOptions().tiles
    'Esri.WorldGrayCanvas'
    >>> RenderOptions(focus=("kim-visit",), inset="none").inset
    'none'
    """

    lang: str | None = None
    units: str | None = None
    tiles: str = "Esri.WorldGrayCanvas"
    self_contained: bool = False
    width_px: int = 1600
    dpi: int = 200
    width_mm: float | None = None
    focus: tuple[str, ...] | tuple[float, float, float, float] | None = None
    inset: str | None = None
    theme: object | None = None
