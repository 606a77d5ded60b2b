"""Tile providers of the web map: checked names, and the dark twin of a provider.

``tiles`` is an xyzservices provider name (or ``none`` for legmap's embedded
basemap).  For the dark variant of the page (the reader's
``prefers-color-scheme: dark``) a provider gets its dark twin when xyzservices
has one that needs no key (``Stadia.AlidadeSmooth`` -> ``Stadia.AlidadeSmoothDark``);
otherwise the tiles stay as they are and only legmap's boxes turn dark.

Examples
--------
>>> dark_twin(provider("Stadia.AlidadeSmooth")).name
'Stadia.AlidadeSmoothDark'
>>> dark_twin(provider("OpenStreetMap.Mapnik")) is None
True
"""

from __future__ import annotations

import difflib

import xyzservices

from legmap.errors import RenderError

__all__ = ["check_tiles", "dark_twin", "provider"]

# How a dark variant is named beside a light one in xyzservices.
_DARK_NAMES = (
    ("", "Dark"),
    ("", "Night"),
    ("Light", "Dark"),
    ("Positron", "DarkMatter"),
    ("GrayCanvas", "DarkGrayCanvas"),
    ("Day", "Night"),
    ("Default", "Night"),
)


def provider(name: str) -> xyzservices.TileProvider:
    """The keyless xyzservices provider called `name`.

    Raises
    ------
    RenderError
        Unknown name (with suggestions), or a provider that needs an API key.
    """
    try:
        found = xyzservices.providers.query_name(name)
    except ValueError:
        names = list(xyzservices.providers.flatten())
        lower = {n.lower(): n for n in names}
        close = difflib.get_close_matches(name.lower(), list(lower), n=3, cutoff=0.5)
        hint = f" (did you mean: {', '.join(lower[c] for c in close)}?)" if close else ""
        raise RenderError(
            f"unknown tiles {name!r}{hint}; use an xyzservices provider name "
            "such as 'Esri.WorldGrayCanvas', or 'none' for the embedded basemap"
        ) from None
    if found.requires_token():
        # CARTO's basemaps (CartoDB.*) need a key since August 2026; without one
        # the tiles come back stamped "API key required", which nobody should publish.
        raise RenderError(
            f"tiles {found.name!r} need an API key, which legmap cannot pass; "
            "use a keyless provider such as 'OpenStreetMap.Mapnik', or 'none' for "
            "the embedded basemap"
        )
    return found


def check_tiles(name: str) -> None:
    """Raise :class:`RenderError` now if `name` is not a usable basemap.

    The CLI calls it before the slow work, so a typo in ``--tiles`` fails at once.

    Examples
    --------
    >>> check_tiles("none"); check_tiles("OpenStreetMap.Mapnik")
    >>> check_tiles("CartoDB.Positron")
    Traceback (most recent call last):
    legmap.errors.RenderError: tiles 'CartoDB.Positron' need an API key, ...
    """
    if name.strip().lower() != "none":
        provider(name)


def dark_twin(light: xyzservices.TileProvider) -> xyzservices.TileProvider | None:
    """The dark variant of `light` that xyzservices knows and needs no key, if any."""
    name = str(light.name)
    if any(word in name.lower() for word in ("dark", "night", "black")):
        return None  # already dark
    for old, new in _DARK_NAMES:
        if old and old not in name:
            continue
        candidate = name.replace(old, new) if old else name + new
        try:
            found = xyzservices.providers.query_name(candidate)
        except ValueError:
            continue
        if found.name != name and not found.requires_token():
            return found
    return None
