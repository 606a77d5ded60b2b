"""Where legmap's embedded data (the repository's ``geo/`` folder) lives at run time."""

from __future__ import annotations

from pathlib import Path

__all__ = ["geo_path"]

# A wheel carries geo/ inside the package (pyproject's force-include); an
# editable install or a checkout reads the repository's geo/ directly.
_CANDIDATES = (
    Path(__file__).resolve().parent / "geo",
    Path(__file__).resolve().parents[2] / "geo",
)


def geo_path(*parts: str) -> Path:
    """Return the path of an embedded data file under ``geo/``.

    Parameters
    ----------
    *parts : str
        Path components below ``geo/``, e.g. ``("places", "curated.toml")``.

    Returns
    -------
    pathlib.Path
        The path; it may not exist if `parts` name no shipped file.

    Examples
    --------
    >>> geo_path("places").name
    'places'
    """
    for root in _CANDIDATES:
        if root.is_dir():
            return root.joinpath(*parts)
    return _CANDIDATES[0].joinpath(*parts)
