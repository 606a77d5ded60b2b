"""Stories from a spreadsheet: one leg per row, as newsrooms keep travel lists.

A CSV story (``legmap check legs.csv``, ``legmap build legs.csv``) has a header
row and one leg per row.  Columns, in any order and any case:

``journey``
    Which journey the leg belongs to (an id such as ``kim-visit``; other text
    is turned into one, ``Kim's trip`` -> ``kim-s-trip``, and becomes the title).
``from``, ``to`` (required)
    Place names, ids or airport codes, as in a TOML story.
``mode``, ``date``, ``certainty``, ``label``, ``source``
    As the keys of a TOML leg (``docs/story-format.md``).
``via``, ``claim``, ``journey_title`` (optional)
    Places passed by a train leg, separated by ``;``; a distance leg's claim;
    the journey's title.

``label`` and ``journey_title`` take translations in columns suffixed by a
language: ``label_ar``, ``journey_title_ko``.  The delimiter may be
a comma, a semicolon or a tab (spreadsheets export all three); the file is UTF-8
(a byte-order mark is fine).  Legs keep the order of the rows within their
journey; journeys the order they first appear in.  The story's title is the file
name; events and story-local places need a TOML story.

This module turns rows into the data of a story; the caller validates it with
:meth:`legmap.story.Story.from_dict` (passed in, so that this module stays
below ``story.py``), and errors are then located at the row and column.

Examples
--------
>>> data = story_data([{"journey": "j", "from": "Pyongyang", "to": "Vladivostok",
...                     "mode": "train", "via": "Khasan"}], title="Trip")
>>> data["journeys"][0]["legs"][0]["via"]
['Khasan']
"""

from __future__ import annotations

import copy
import csv
import io
import math
import os
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from legmap._i18n import LANGS
from legmap.errors import LegmapError, StoryError

__all__ = ["COLUMNS", "load_csv_story", "locate_in_csv", "story_data"]

T = TypeVar("T")

#: Leg columns a CSV story may have (``from`` and ``to`` are required).
COLUMNS = ("journey", "from", "to", "mode", "date", "certainty", "label", "source", "via",
           "claim", "journey_title")  # fmt: skip
_TEXTS = ("label", "journey_title")  # may carry _<lang> translations
_LEG_KEYS = ("from", "to", "mode", "date", "certainty", "claim", "source")
_DEFAULT_JOURNEY = "journey"
_SPOT = re.compile(r"^journeys\[(\d+)\](?:\.legs\[(\d+)\])?(?:\.(\w+))?")


def _column(name: str) -> str:
    return re.sub(r"[\s-]+", "_", name.strip().lower())


def _journey_id(value: str) -> str:
    slug = re.sub(r"[^a-z0-9_-]+", "-", value.strip().lower()).strip("-_")
    return slug or _DEFAULT_JOURNEY


def _check_columns(columns: Iterable[str], *, file: str) -> None:
    known = set(COLUMNS) | {f"{c}_{lang}" for c in _TEXTS for lang in LANGS}
    cols = list(columns)
    for col in cols:
        if col not in known:
            msg = (
                f"unknown column {col!r} (use: {', '.join(COLUMNS)}; "
                "label_ar etc. for translations)"
            )
            raise StoryError(msg, file=file, line=1)
    missing = [c for c in ("from", "to") if c not in cols]
    if missing:
        msg = f"missing column {missing[0]!r}: a CSV story needs 'from' and 'to' (one leg per row)"
        raise StoryError(msg, file=file, line=1)


def _text(row: Mapping[str, str], key: str) -> str | dict[str, str] | None:
    plain = row.get(key) or None
    langs = {lang: row[f"{key}_{lang}"] for lang in LANGS if row.get(f"{key}_{lang}")}
    if not langs:
        return plain
    return ({"": plain} if plain else {}) | langs


def _clean(row: Mapping[str, Any]) -> dict[str, str]:
    out = {}
    for key, value in row.items():
        if key is None:  # csv puts surplus cells under None
            continue
        missing = value is None or (isinstance(value, float) and math.isnan(value))  # pandas NaN
        text = "" if missing else str(value).strip()
        out[_column(str(key))] = text
    return out


def story_data(
    rows: Iterable[Mapping[str, Any]], *, title: str, file: str = "<rows>"
) -> dict[str, Any]:
    """The data of a story (for :meth:`Story.from_dict`) from leg rows.

    Parameters
    ----------
    rows : iterable of mapping
        One leg per row, keyed by the column names above (a CSV's
        :class:`csv.DictReader`, or ``DataFrame.to_dict("records")``).
    title : str
        The story's title.
    file : str
        Name used in error messages.

    Returns
    -------
    dict
        ``{"title": ..., "journeys": [{"id", "title", "legs": [...]}, ...]}``.

    Raises
    ------
    StoryError
        An unknown or missing column (nothing is guessed).
    """
    journeys: dict[str, dict[str, Any]] = {}
    checked = False
    for raw in rows:
        row = _clean(raw)
        if not checked:
            _check_columns(row, file=file)
            checked = True
        if not any(row.values()):
            continue  # blank line at the end of a spreadsheet export
        name = row.get("journey") or _DEFAULT_JOURNEY
        journey = journeys.setdefault(_journey_id(name), {"id": _journey_id(name), "legs": []})
        if "title" not in journey:
            title_text = _text(row, "journey_title")
            if title_text is None and _journey_id(name) != name:
                title_text = name  # "Kim's trip" is a title, not an id
            if title_text is not None:
                journey["title"] = title_text
        leg: dict[str, Any] = {k: row[k] for k in _LEG_KEYS if row.get(k)}
        for key in ("from", "to"):
            leg.setdefault(key, "")  # reported as "at least 1 character" at the right row
        if row.get("via"):
            leg["via"] = [v.strip() for v in re.split(r"[;|]", row["via"]) if v.strip()]
        label = _text(row, "label")
        if label is not None:
            leg["label"] = label
        journey["legs"].append(leg)
    if not checked:
        raise StoryError("no header row: a CSV story starts with its column names", file=file)
    return {"title": title, "journeys": list(journeys.values())}


def _relocate(err: LegmapError, lines: dict[tuple[int, int], int]) -> LegmapError:
    """``journeys[1].legs[0].mode`` -> ``legs.csv:5: column 'mode'``."""
    match = _SPOT.match(err.spot or "")
    if not match:
        return err
    ji, li, field = int(match[1]), match[2], match[3]
    new = copy.copy(err)
    new.line = lines.get((ji, int(li))) if li is not None else lines.get((ji, 0))
    if li is None:  # about the journey as a whole: its first row
        new.spot = "column 'journey'"
    else:  # a cell, or the leg as a whole (no route between its places)
        new.spot = f"column {field!r}" if field else None
    new.others = tuple(_relocate(o, lines) for o in getattr(err, "others", ()))
    return new


def _delimiter(text: str) -> str:
    """The header's separator: comma, semicolon (European spreadsheets) or tab."""
    header = text.split("\n", 1)[0]
    return max((",", ";", "\t"), key=lambda d: (header.count(d), d == ","))


def load_csv_story(text: str, path: Path, build: Callable[..., T]) -> T:
    """Validate a CSV story's text with `build` (``Story.from_dict``).

    Parameters
    ----------
    text : str
        The file's content.
    path : pathlib.Path
        The file (its name is the story's title and appears in errors).
    build : callable
        ``build(data, file=..., path=...)``, e.g. :meth:`Story.from_dict`.

    Raises
    ------
    StoryError
        Located at the line and column of the offending cell.
    """
    file = str(path)
    rows, lines, fieldnames = _read(text, file=file)
    if fieldnames is None:
        raise StoryError("empty file: a CSV story starts with its column names", file=file)
    if not rows:  # a header only: check its columns, then say there is no leg
        _check_columns([_column(c) for c in fieldnames], file=file)
        raise StoryError("no legs: a CSV story has one leg per row under its header", file=file)
    title = re.sub(r"[-_]+", " ", path.stem).strip() or path.stem
    data = story_data(rows, title=title, file=file)
    try:
        return build(data, file=file, path=path)
    except LegmapError as err:
        raise _relocate(err, lines) from None


def _read(
    text: str, *, file: str
) -> tuple[list[dict[str, str]], dict[tuple[int, int], int], list[str] | None]:
    """Rows, the line of each (journey, leg), and the header of a CSV story."""
    text = text.removeprefix("\ufeff")
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows: list[dict[str, str]] = []
    lines: dict[tuple[int, int], int] = {}
    legs_of: dict[str, int] = {}
    journeys: dict[str, int] = {}
    try:
        for raw in reader:
            rows.append(raw)
            row = _clean(raw)
            if not any(row.values()):
                continue
            jid = _journey_id(row.get("journey") or _DEFAULT_JOURNEY)
            ji = journeys.setdefault(jid, len(journeys))
            legs_of[jid] = legs_of.get(jid, -1) + 1
            lines[(ji, legs_of[jid])] = reader.line_num
    except csv.Error as err:
        msg = f"not a readable CSV file: {err}"
        raise StoryError(msg, file=file, line=reader.line_num) from None
    return rows, lines, list(reader.fieldnames) if reader.fieldnames is not None else None


def locate_in_csv(err: LegmapError, path: str | os.PathLike[str]) -> LegmapError:
    """An error about ``journeys[i].legs[j]`` of a CSV story, located at its line instead.

    Building a story (resolving places, routing) names legs by their place in
    the story; a spreadsheet user wants the row.  Other errors come back as they are.
    """
    p = Path(path)
    if p.suffix.lower() != ".csv" or not _SPOT.match(err.spot or ""):
        return err
    try:
        _, lines, _ = _read(p.read_text(encoding="utf-8"), file=str(p))
    except (OSError, UnicodeDecodeError, LegmapError):
        return err
    return _relocate(err, lines)
