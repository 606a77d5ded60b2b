"""Optional dependencies: which extra installs them, and the one-line error naming it.

legmap's core install makes HTML maps and GeoJSON offline.  The rest comes in
extras, as geopandas and osmnx leave matplotlib and geopy optional:

* ``static``: PNG, SVG and PDF maps, ``BuiltStory.plot`` (matplotlib; Arabic
  shaping with arabic-reshaper and python-bidi);
* ``online``: the online geocoder (geopy);
* ``osm``: importing OpenStreetMap and the fast router for big networks
  (osmium, pyrosm, pyroutingkit, scipy);
* ``notebook``: ``GeoDataFrame.explore()`` (mapclassify);
* ``draft``: Russian morphology for ``legmap draft`` (pymorphy3).

A missing one is a :class:`ModuleNotFoundError` whose message says what to
install; the command line prints that message on one line and exits 2.
"""

from __future__ import annotations

import importlib

__all__ = ["EXTRAS", "missing_extra", "optional_import", "require"]

#: Top-level module -> the extra of ``pip install "legmap[extra]"`` that installs it.
EXTRAS = {
    "matplotlib": "static",
    "arabic_reshaper": "static",
    "bidi": "static",
    "geopy": "online",
    "osmium": "osm",
    "pyrosm": "osm",
    "pyroutingkit": "osm",
    "scipy": "osm",
    "mapclassify": "notebook",
    "pymorphy3": "draft",
}


def missing_extra(err: ModuleNotFoundError) -> str | None:
    """The one-line message for a missing optional dependency, or None for any other module.

    Examples
    --------
    >>> print(missing_extra(ModuleNotFoundError("No module named 'osmium'", name="osmium")))
    this needs the osm extra (osmium is not installed): pip install "legmap[osm]"
    >>> print(missing_extra(ModuleNotFoundError("No module named 'matplotlib'", name="matplotlib")))
    this needs the static extra (matplotlib is not installed): pip install "legmap[static]"
    >>> missing_extra(ModuleNotFoundError("No module named 'numpy'", name="numpy")) is None
    True
    """
    module = (err.name or "").split(".")[0]
    extra = EXTRAS.get(module)
    if extra is None:
        return None
    install = f'pip install "legmap[{extra}]"'
    return f"this needs the {extra} extra ({module} is not installed): {install}"


def require(module: str) -> None:
    """Raise :class:`ModuleNotFoundError` now if optional `module` is not installed.

    A command calls it before any other work, so that a missing extra is the
    first thing said, and the message names the extra to install.

    Examples
    --------
    >>> require("json")
    >>> require("osmium_not_a_module")
    Traceback (most recent call last):
    ...
    ModuleNotFoundError: No module named 'osmium_not_a_module'
    """
    optional_import(module)


def optional_import(module: str) -> object:
    """Import `module`; if it is missing, say which extra installs it.

    Only for modules whose use is imminent: the import is real (a module set
    to None in ``sys.modules``, as tests do to simulate a missing package,
    counts as missing).
    """
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as err:
        message = missing_extra(err)
        if message is None:
            raise
        raise ModuleNotFoundError(message, name=err.name) from None
