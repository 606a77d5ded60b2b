"""The lines of a network, one row each: what ``legmap rail lines`` lists.

:func:`line_table` sums a network's edges per line (per layer of a combined
network): its km, the gauges it carries and where its km come from
(``published``, ``prorated`` or ``geodesic``; see
:mod:`legmap.rail.network`).  Join edges between layers are not lines.

Examples
--------
>>> from legmap.rail.network import RailNetwork
>>> table = line_table(RailNetwork.load().edges, network="embedded")
>>> list(table.columns)[:6]
['network', 'id', 'name', 'km', 'gauge', 'gauge_mm']
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from legmap.rail._gauge import format_gauge, parse_gauge

__all__ = ["line_table"]


def line_table(edges: gpd.GeoDataFrame, *, network: str) -> pd.DataFrame:
    """One row per line of `edges`, in file order (columns: :meth:`RailNetwork.lines`).

    `network` names the lines' network when the frame has no ``network`` column
    (a network that is not combined).
    """
    frame = pd.DataFrame(
        {
            "network": edges["network"] if "network" in edges.columns else network,
            "id": edges["line_id"] if "line_id" in edges.columns else edges["line"],
            "name": edges["line"],
            "km": edges["length_km"].astype(float),
            "gauge": edges["gauge"] if "gauge" in edges.columns else None,
            "length_source": edges["length_source"],
        }
    )
    frame = frame[frame["network"] != "join"]
    rows = []
    for (net, line_id), group in frame.groupby(["network", "id"], sort=False):
        by_source = group.groupby("length_source")["km"].sum()
        sources = [s for s in ("published", "prorated", "geodesic") if s in by_source.index]
        gauges = sorted({g for g in group["gauge"] if isinstance(g, str)}, key=parse_gauge)
        rows.append(
            {
                "network": str(net),
                "id": str(line_id),
                "name": str(group["name"].iloc[0]),
                "km": round(float(group["km"].sum()), 1),
                "gauge": "; ".join(format_gauge(parse_gauge(g)) for g in gauges) or "-",
                "gauge_mm": sorted({mm for g in gauges for mm in parse_gauge(g)}),
                "source": sources[0] if len(sources) == 1 else "mixed",
                **{
                    f"{s}_km": round(float(by_source.get(s, 0.0)), 1)
                    for s in ("published", "prorated", "geodesic")
                },
            }
        )
    return pd.DataFrame(rows)
