"""Downloading OpenStreetMap extracts from Geofabrik (through pyrosm's index)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from legmap.errors import DataError

__all__ = ["fetch_region"]


def fetch_region(region: str, output: Path, *, opener: Any = None, progress: bool = True) -> Path:
    """Download a Geofabrik extract through pyrosm's index, atomically, to `output`.

    Parameters
    ----------
    region : str
        A name from ``pyrosm.data.available`` (``finland``, ``russia``, ``europe/georgia``).
    output : pathlib.Path
        Where the ``.osm.pbf`` goes.
    opener : object, optional
        Passed to :func:`pyrosm.get_data` (an object with ``open(request, timeout=...)``).

    Raises
    ------
    DataError
        Unknown region, or the download failed (offline, server error): one line.
    """
    try:
        import pyrosm  # noqa: PLC0415
    except ImportError:
        raise DataError("fetching needs pyrosm: pip install 'legmap[osm]'") from None
    if not output.parent.is_dir():
        raise DataError(f"no such folder: {output.parent}")
    # Downloaded into a temporary folder beside the output, then renamed: a
    # broken download never leaves a file that looks complete.
    tmp = Path(tempfile.mkdtemp(prefix=f".{output.name}.", dir=output.parent))
    try:
        got = pyrosm.get_data(
            region, update=True, directory=str(tmp), opener=opener, progress=progress
        )
        if Path(got).parent != tmp:  # a file bundled with pyrosm (e.g. "helsinki")
            shutil.copyfile(got, tmp / "bundled.osm.pbf")
            got = str(tmp / "bundled.osm.pbf")
        Path(got).replace(output)
    except ValueError as err:
        if not isinstance(err, OSError):  # pyrosm's DownloadError is both
            raise DataError(f"unknown region {region!r}: {str(err).splitlines()[0]}") from None
        raise _download_error(region, err) from None
    except OSError as err:
        raise _download_error(region, err) from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return output


def _download_error(region: str, err: Exception) -> DataError:
    cause = err.__cause__ or err
    reason = str(getattr(cause, "reason", cause)).splitlines()[0]
    return DataError(f"cannot download {region!r} (offline? use a file you already have): {reason}")
