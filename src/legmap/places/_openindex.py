"""Querying the open-data index: :class:`OpenData` and the index's vocabulary.

Owns how the SQLite index that :mod:`legmap.places._opendata` builds (and
fingerprints, and opens) is read: the match tiers (:data:`ID`, :data:`CODE`,
:data:`NAME`, :data:`ALIAS`) and the separator of a place's alternate names,
both written into the index, and :class:`OpenData`, whose queries (by id, by
name key, by key prefix, close names) read only the rows they match and turn
them into :class:`~legmap.places.place.Place` objects with their source.
Because the tiers and the separator decide what the index holds, this file is
part of the index's fingerprint (:func:`legmap.places._opendata.open_data`).
"""

from __future__ import annotations

import difflib
import sqlite3

from legmap.places.place import Place

__all__ = ["AIRPORTS_SOURCE", "ALIAS", "CODE", "GEONAMES_SOURCE", "ID", "NAME", "SEP", "OpenData"]

# Match tiers, best first: the query is the place's id, one of its codes, its
# primary name, or one of its alternate names.
ID, CODE, NAME, ALIAS = 0, 1, 2, 3

GEONAMES_SOURCE = "GeoNames (CC BY 4.0)"
AIRPORTS_SOURCE = "airportsdata (MIT; OurAirports-derived)"
SEP = "|"  # between alternate names, in the TSV files and in the index


class OpenData:
    """The open-data index: places by id, name keys -> places, close names.

    Rows become :class:`Place` objects only when a query returns them (and are
    kept for the life of the process).
    """

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db
        self._places: dict[int, Place] = {}

    def _place(self, row: sqlite3.Row) -> Place:
        n = int(row["n"])
        place = self._places.get(n)
        if place is None:
            names = {"en": row["name"]}
            names.update({g: row[f"name_{g}"] for g in ("ar", "ru", "ko") if row[f"name_{g}"]})
            aliases = tuple(a for a in str(row["aliases"]).split(SEP) if a)
            place = Place(
                id=row["id"],
                names=names,
                lat=float(row["lat"]),
                lon=float(row["lon"]),
                kind=row["kind"],
                country=row["country"],
                source=GEONAMES_SOURCE if row["kind"] == "city" else AIRPORTS_SOURCE,
                aliases=aliases,
                iata=row["iata"],
                icao=row["icao"],
                rank=float(row["rank"]),
                region=row["region"],
            )
            self._places[n] = place
        return place

    def get(self, place_id: str) -> Place | None:
        """The place with this id (``geonames:524901``, ``icao:UUEE``), or None."""
        row = self._db.execute("SELECT * FROM place WHERE id = ?", (place_id,)).fetchone()
        return None if row is None else self._place(row)

    def admin1(self, place_id: str) -> tuple[str | None, str | None]:
        """(country, first-level region code) of a place, (None, None) if unknown."""
        row = self._db.execute(
            "SELECT country, admin1 FROM place WHERE id = ?", (place_id,)
        ).fetchone()
        return (None, None) if row is None else (row["country"], row["admin1"])

    def hits(self, key: str, *, aliases: bool = True) -> list[tuple[Place, int, str | None]]:
        """(place, tier, region code) for a key: codes and primary names, else alternate names."""
        rows = self._db.execute(
            "SELECT p.*, k.tier FROM name AS k JOIN place AS p ON p.n = k.n WHERE k.key = ?",
            (key,),
        ).fetchall()
        main = [r for r in rows if r["tier"] < ALIAS]
        chosen = main if main or not aliases else rows
        return [(self._place(r), int(r["tier"]), r["admin1"]) for r in chosen]

    def prefixed(self, prefix: str, limit: int) -> list[str]:
        """Code and primary-name keys starting with `prefix`, in order."""
        rows = self._db.execute(
            "SELECT DISTINCT key FROM name WHERE key >= ? AND key < ? AND tier < ? "
            "ORDER BY key LIMIT ?",
            (prefix, prefix + "\U0010ffff", ALIAS, limit),
        )
        return [r[0] for r in rows]

    def close_names(self, key: str, *, n: int = 5, cutoff: float = 0.8) -> list[tuple[str, Place]]:
        """Primary names whose key is close to `key` (difflib), best first, one per place."""
        if not key:
            return []
        slack = max(2, len(key) // 4)
        rows = self._db.execute(
            "SELECT key FROM name WHERE tier = ? AND length(key) BETWEEN ? AND ?",
            (NAME, len(key) - slack, len(key) + slack),
        ).fetchall()
        keys = difflib.get_close_matches(key, [r[0] for r in rows], n=n, cutoff=cutoff)
        out: list[tuple[str, Place]] = []
        for k in keys:
            for place, _, _ in self.hits(k, aliases=False):
                out.append((k, place))
        return out

    def __len__(self) -> int:
        return int(self._db.execute("SELECT v FROM meta WHERE k = 'places'").fetchone()[0])
