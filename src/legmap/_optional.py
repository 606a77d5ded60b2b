"""Optional dependencies: which extra installs them, and the one-line error naming it."""

from __future__ import annotations

import importlib.util

__all__ = ["EXTRAS", "missing_extra", "require"]

#: Top-level module -> the extra of ``pip install "legmap[extra]"`` that installs it.
EXTRAS = {
    "osmium": "osm",
    "pyrosm": "osm",
    "pyroutingkit": "osm",
    "mapclassify": "notebook",
    "pymorphy3": "draft",
}


def missing_extra(err: ModuleNotFoundError) -> str | None:
    """The one-line message for a missing optional dependency, or None for any other module.

    Examples
    --------
    >>> print(missing_extra(ModuleNotFoundError("No module named 'osmium'", name="osmium")))
    this needs the osm extra (osmium is not installed): pip install "legmap[osm]"
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
    first thing said (``legmap`` turns it into one line and exit status 2).
    """
    if importlib.util.find_spec(module) is None:
        raise ModuleNotFoundError(f"No module named {module!r}", name=module)
