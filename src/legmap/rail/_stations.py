"""A network's stations as gazetteer places, to find them by name.

What a story or ``--rail`` adds to the gazetteer for an imported network
(:meth:`legmap.rail.network.RailNetwork.imported_station_places`): each station
becomes a :class:`~legmap.places.place.Place` of kind ``station`` whose id is
its ``place_id`` (so a train leg snaps to it), else its node id.

Examples
--------
>>> from legmap.rail.network import RailNetwork
>>> places = {p.id: p for p in station_places(RailNetwork.load().nodes, network="embedded")}
>>> places["khasan"].kind, places["khasan"].name()
('station', 'Khasan')
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import geopandas as gpd

if TYPE_CHECKING:
    from legmap.places.place import Place

__all__ = ["station_places"]


def station_places(nodes: gpd.GeoDataFrame, *, network: str) -> list[Place]:
    """The stations of `nodes` (the frame of the network named `network`) as places.

    Names come from the ``name`` and ``name_xx`` columns, other names from
    ``aliases`` (``;``-separated) when the frame has it; the source is the
    node's ``source``, else the network.
    """
    from legmap.places.place import Place  # noqa: PLC0415

    nodes = nodes[nodes["is_station"].astype(bool)]
    langs = [c[5:] for c in nodes.columns if c.startswith("name_")]
    places = []
    for nid, row in nodes.iterrows():
        names = {"en": str(row["name"])}
        names.update({g: v for g in langs if (v := _text(row.get(f"name_{g}")))})
        aliases = _text(row.get("aliases"))
        point = row.geometry
        places.append(
            Place(
                id=_text(row.get("place_id")) or str(nid),
                names=names,
                lat=float(point.y),
                lon=float(point.x),
                kind="station",
                country=None,
                source=_text(row.get("source")) or f"rail network {network!r}",
                aliases=tuple(aliases.split(";")) if aliases else (),
            )
        )
    return places


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None
