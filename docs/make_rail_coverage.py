"""Draw docs/rail-coverage.png: legmap's embedded rail network, coloured by track gauge.

Run from the repository root (any other output path as the argument):

    python docs/make_rail_coverage.py [docs/rail-coverage.png]

It uses legmap's own pieces: the network (``RailNetwork.load``, ``lines()``), the
offline basemap (``legmap.render._basemap``) and the static renderer's projection
(``legmap.render.static._geom.fit_frame``: Lambert azimuthal equal-area fitted to
the network), so the figure shows exactly what legmap routes on.
"""

from __future__ import annotations

import sys
from pathlib import Path

import geopandas as gpd
import matplotlib.pyplot as plt
import numpy as np
import shapely
from matplotlib import patheffects
from matplotlib.lines import Line2D

from legmap.rail.network import RailNetwork
from legmap.render import _basemap
from legmap.render.static._geom import fit_frame

# Okabe-Ito colours (safe for colour-blind readers), one per gauge on the network.
GAUGES = {
    "1520": ("#D55E00", "1,520 mm (Russian broad gauge)"),
    "1435": ("#0072B2", "1,435 mm (standard gauge)"),
    "1435/1520": ("#CC79A7", "1,435/1,520 mm (dual gauge)"),
    "1000/1435": ("#009E73", "1,000/1,435 mm (dual gauge)"),
}
UNKNOWN = ("#777777", "gauge unknown")
HALO = patheffects.withStroke(linewidth=2.2, foreground="white")
# Stations named on the figure (termini, junctions, gauge changes), with where the
# name goes from the dot, in points.
R, L, B = (4, 2), (-4, 2), (4, -9)
NAMED = {
    "moscow-yaroslavsky-station": ("Moscow", R), "spb-moskovsky": ("St Petersburg", R),
    "warszawa-centralna": ("Warsaw", L), "przemysl-glowny": ("Przemyśl", L),
    "kyiv-pasazhyrskyi": ("Kyiv", R), "minsk-passazhirsky": ("Minsk", R),
    "yekaterinburg-passazhirsky": ("Yekaterinburg", R), "novosibirsk-glavny": ("Novosibirsk", R),
    "tayshet": ("Tayshet", L), "irkutsk-passazhirsky": ("Irkutsk", B),
    "ulaanbaatar": ("Ulaanbaatar", R), "erenhot": ("Erenhot", R), "zabaikalsk": ("Zabaikalsk", B),
    "harbin": ("Harbin", R), "beijing-station": ("Beijing", B), "wuhan": ("Wuhan", R),
    "nanning": ("Nanning", R), "gia-lam": ("Hanoi", R), "pyongyang-station": ("Pyongyang", R),
    "khasan": ("Khasan", B), "vladivostok-station": ("Vladivostok", R),
    "khabarovsk-1": ("Khabarovsk", R), "komsomolsk-na-amure": ("Komsomolsk", R),
    "tynda": ("Tynda", L), "nizhny-bestyakh": ("Yakutsk", R),
    "vostochny-cosmodrome": ("Vostochny", B), "chita-2": ("Chita", L),
}  # fmt: skip


def main(out: Path) -> None:
    net = RailNetwork.load()
    edges = net.edges
    xy = shapely.get_coordinates(edges.geometry.to_numpy())
    box = (0.01, 0.06, 0.98, 0.85)  # the map's axes in the 12 x 7.2 in figure
    ratio = (box[3] * 7.2) / (box[2] * 12)
    frame = fit_frame(xy[:, 0], xy[:, 1], aspect=(ratio, ratio))
    fig = plt.figure(figsize=(12, 7.2), dpi=160)
    ax = fig.add_axes(box)
    ax.set_axis_off()
    ax.set_facecolor(_basemap.WATER_COLOUR)
    fig.patch.set_facecolor("white")
    bm = _basemap.load_basemap(frame.lonlat_bbox(), scale_km=frame.width_km)
    step = frame.width_km / 111.0 / 300.0
    for gdf, kw in (
        (bm.land, {"facecolor": _basemap.LAND_COLOUR, "edgecolor": _basemap.COAST_COLOUR,
                   "linewidth": 0.4, "zorder": 1}),
        (bm.borders, {"color": _basemap.BORDER_COLOUR, "linewidth": 0.5, "zorder": 2}),
    ):  # fmt: skip
        geoms = gpd.GeoSeries(shapely.segmentize(gdf.geometry.values, step), crs="EPSG:4326")
        geoms.to_crs(frame.crs).plot(ax=ax, **kw)
    ax.add_patch(plt.Rectangle((frame.xlim[0], frame.ylim[0]), frame.xlim[1] - frame.xlim[0],
                               frame.ylim[1] - frame.ylim[0], color=_basemap.WATER_COLOUR,
                               zorder=0))  # fmt: skip
    for gauge, group in edges.groupby(edges["gauge"].fillna("?")):
        colour = GAUGES.get(str(gauge), UNKNOWN)[0]
        lines = gpd.GeoSeries(shapely.segmentize(group.geometry.values, 0.2), crs="EPSG:4326")
        lines = lines.to_crs(frame.crs)
        lines.plot(ax=ax, color="white", linewidth=3.6, zorder=3)
        lines.plot(ax=ax, color=colour, linewidth=2.0, zorder=4)
    stations = net.nodes[net.nodes["is_station"]]
    sx, sy = frame.forward(stations.geometry.x.to_numpy(), stations.geometry.y.to_numpy())
    ax.scatter(sx, sy, s=7, c="#333333", edgecolors="white", linewidths=0.5, zorder=5)
    # Where lines of different gauges meet (a break, or dual-gauge track beginning):
    # the story maps' "Gauge change" diamond.
    ends = edges.melt(id_vars=["gauge"], value_vars=["u", "v"])
    mixed = ends.groupby("value")["gauge"].nunique()
    mixed = stations.loc[stations.index.intersection(mixed[mixed > 1].index)]
    mx, my = frame.forward(mixed.geometry.x.to_numpy(), mixed.geometry.y.to_numpy())
    ax.scatter(mx, my, s=34, marker="D", c="#222222", edgecolors="white", linewidths=0.8,
               zorder=6)  # fmt: skip
    for node, (label, off) in NAMED.items():
        p = stations.geometry[node]
        x, y = frame.forward(np.array([p.x]), np.array([p.y]))
        ax.annotate(label, (float(x[0]), float(y[0])), xytext=off, textcoords="offset points",
                    ha="right" if off[0] < 0 else "left",
                    fontsize=7.5, color="#222222", zorder=7,
                    path_effects=[HALO])  # fmt: skip
    ax.set_xlim(*frame.xlim)
    ax.set_ylim(*frame.ylim)
    lines = net.lines()
    fig.text(0.012, 0.955, "legmap's embedded rail network, by track gauge", fontsize=15,
             fontweight="bold", va="center")  # fmt: skip
    fig.text(0.012, 0.925, f"{len(lines)} lines, {lines['km'].sum():,.0f} km, "
             f"{len(stations)} stations (legmap rail lines lists them)", fontsize=9.5,
             color="#444444", va="center")  # fmt: skip
    present = [g for g in GAUGES if g in set(edges["gauge"].dropna())]
    handles = [Line2D([], [], color=GAUGES[g][0], lw=3, label=GAUGES[g][1]) for g in present]
    handles.append(Line2D([], [], marker="o", ls="", ms=4, color="#333333", label="station"))
    handles.append(Line2D([], [], marker="D", ls="", ms=6, color="#222222", mec="white",
                          label="lines of different gauges meet"))  # fmt: skip
    ax.legend(handles=handles, loc="lower left", fontsize=8.5, frameon=True, framealpha=0.92,
              edgecolor="#cccccc", title="Track gauge", title_fontsize=9)  # fmt: skip
    fig.text(0.012, 0.025, f"Rail: legmap (geo/rail/network.toml; sources in geo/rail/README.md)"
             f"  ·  Basemap: {bm.credit}  ·  Drawn by docs/make_rail_coverage.py",
             fontsize=7.5, color="#666666")  # fmt: skip
    fig.savefig(out, dpi=160, facecolor="white")
    plt.close(fig)
    print(f"wrote {out}")


if __name__ == "__main__":
    plt.switch_backend("Agg")
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("rail-coverage.png"))
