"""The notebook-native API: legmap.build and the BuiltStory that shows, draws and saves itself."""

from __future__ import annotations

import html
import subprocess
import sys
from pathlib import Path

import folium
import matplotlib.pyplot as plt
import pandas as pd
import pytest
import shapely
from matplotlib.axes import Axes
from matplotlib.figure import Figure

import legmap
from legmap.api import BuiltStory, build
from legmap.config import RenderOptions
from legmap.errors import RenderError, StoryError
from legmap.legs import build as legs_build

SHOIGU = {
    "title": "Shoigu in Pyongyang",
    "journeys": [
        {"id": "shoigu", "legs": [{"from": "Moscow", "to": "Pyongyang", "mode": "flight"}]}
    ],
}


@pytest.fixture(scope="module")
def built() -> BuiltStory:
    return build(legmap.example_path(), lang="en")


# ------------------------------------------------------------------ building


def test_build_from_a_path_gives_the_seed_story_with_methods(built: BuiltStory) -> None:
    assert isinstance(built, legmap.BuiltStory)
    assert isinstance(built, legs_build.BuiltStory)  # every renderer takes it
    assert built.legs.loc[0, ["from_id", "to_id"]].tolist() == ["pyongyang", "vladivostok"]
    assert built.legs.crs.to_epsg() == 4326
    assert repr(built).startswith('BuiltStory("Kim Jong-un\'s expected visit to Russia", 7 legs')


def test_build_story_from_the_package_returns_the_same_class(seed_story) -> None:
    assert type(legmap.build_story(seed_story)) is BuiltStory


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(SHOIGU, id="dict"),
        pytest.param(legmap.Story.from_dict(SHOIGU), id="Story"),
        pytest.param(
            pd.DataFrame(
                [{"journey": "shoigu", "from": "Moscow", "to": "Pyongyang", "mode": "flight"}]
            ),
            id="DataFrame",
        ),
        pytest.param(
            [{"journey": "shoigu", "from": "Moscow", "to": "Pyongyang", "mode": "flight"}],
            id="rows",
        ),
    ],
)
def test_build_from_python_data(source: object) -> None:
    legs = build(source).legs
    assert legs[["journey", "mode", "from_id", "to_id"]].values.tolist() == [
        ["shoigu", "flight", "moscow", "pyongyang"]
    ]
    assert 6400 < legs.loc[0, "length_km"] < 6460  # Moscow-Pyongyang, geodesic


def test_build_rejects_what_is_no_story() -> None:
    with pytest.raises(TypeError, match="cannot build a story from int"):
        build(42)


def test_lang_units_and_rail_arguments(tmp_path: Path) -> None:
    built = build(SHOIGU, lang="ru", units="mi")
    assert (built.lang, built.units) == ("ru", "mi")
    assert built.legs.loc[0, "from_name"] == "Москва"
    with pytest.raises(legmap.DataError):  # the network asked for is used, not the embedded one
        build({**SHOIGU, "journeys": [{"id": "t", "legs": [
            {"from": "Vladivostok", "to": "Khabarovsk", "mode": "train"}]}]},
            rail=tmp_path / "missing.gpkg")  # fmt: skip


def test_story_from_dict_locates_errors() -> None:
    bad = {"title": "T", "journeys": [{"id": "j", "legs": [{"from": "A", "to": "B",
                                                            "mode": "bus"}]}]}  # fmt: skip
    with pytest.raises(StoryError) as err:
        legmap.Story.from_dict(bad, file="trip")
    assert str(err.value).startswith("trip: journeys[0].legs[0].mode: 'bus' is not one of")


def test_swapped_coordinates_of_a_story_place_are_named() -> None:
    data = {
        "title": "T",
        "places": {"pier": {"name": "Pier", "lat": 131.89, "lon": 43.11}},
        "events": [{"place": "pier", "label": "visit"}],
    }
    with pytest.raises(StoryError, match=r"places\.pier: lat 131\.89 .* look swapped"):
        legmap.Story.from_dict(data)
    data["places"]["pier"].update(lat=43.11, lon=131.89)
    assert legmap.Story.from_dict(data).places["pier"].lat == 43.11


# -------------------------------------------------------------- interactive


def test_repr_html_is_the_page_in_an_iframe_sized_for_a_cell(built: BuiltStory) -> None:
    snippet = built._repr_html_()
    assert snippet.startswith("<iframe srcdoc=")
    assert "height:520px" in snippet
    assert "width:100%" in snippet
    page = html.unescape(snippet.split('srcdoc="', 1)[1].split('" title=', 1)[0])
    assert page == built.to_html()


def test_to_folium_is_a_map_to_add_layers_to(built: BuiltStory, tmp_path: Path) -> None:
    m = built.to_folium(tiles="none")
    assert isinstance(m, folium.Map)
    assert m.get_root().render() == legmap.render_html(built, tiles="none")
    folium.Marker([43.1, 131.9], tooltip="reporter's note").add_to(m)
    m.save(str(tmp_path / "map.html"))
    page = (tmp_path / "map.html").read_text(encoding="utf-8")
    assert "reporter&#x27;s note" in page or "reporter's note" in page
    assert "legmap.setup(" in page  # legmap's page (legend, title, styles) came along


def test_render_functions_take_keyword_options(built: BuiltStory) -> None:
    by_keywords = legmap.render_html(built, tiles="none", lang="ar")
    assert by_keywords == legmap.render_html(built, options=RenderOptions(tiles="none", lang="ar"))
    assert 'dir="rtl"' in by_keywords
    png = legmap.render_static(built, fmt="png", width_px=600, dpi=100)
    assert png == legmap.render_static(
        built, fmt="png", options=RenderOptions(width_px=600, dpi=100)
    )


def test_an_unknown_option_names_the_right_one(built: BuiltStory) -> None:
    with pytest.raises(TypeError, match=r"unknown option 'tile' \(did you mean 'tiles'\?\)"):
        built.to_folium(tile="none")


# ------------------------------------------------------------------- static


def test_plot_draws_into_the_given_axes(built: BuiltStory) -> None:
    fig = Figure(figsize=(8, 4))
    left, right = fig.subplots(1, 2)
    assert built.plot(ax=left) is left
    assert built.plot(ax=right, extent=(131.7, 42.9, 132.1, 43.25)) is right
    assert len(left.lines) >= len(built.legs)  # every leg drawn
    # The close-up frames Vladivostok: a few tens of km across, in metres.
    (x0, x1) = right.get_xlim()
    assert 20_000 < x1 - x0 < 60_000


def test_nothing_off_the_frame_widens_a_tight_figure(built: BuiltStory) -> None:
    # Notebooks save figures with bbox_inches="tight": a close-up must not grow to
    # take in Moscow's label thousands of kilometres off its frame.
    fig = Figure(figsize=(6, 5), dpi=50)
    built.plot(ax=fig.subplots(), extent=(131.7, 42.9, 132.1, 43.25))
    box = fig.get_tightbbox()
    assert box.width <= 6.0
    assert box.height <= 5.0


def test_plot_without_axes_makes_a_pyplot_figure(built: BuiltStory) -> None:
    ax = built.plot()
    try:
        assert isinstance(ax, Axes)
        assert ax.figure in [plt.figure(n) for n in plt.get_fignums()]
    finally:
        plt.close("all")


def test_swapped_extent_is_a_clear_error(built: BuiltStory) -> None:
    with pytest.raises(RenderError, match=r"\(lat, lon\) given where \(lon, lat\) is expected"):
        built.plot(ax=Figure().subplots(), extent=(42.9, 131.7, 43.25, 132.1))


def test_to_figure_is_the_print_map_and_shows_in_a_notebook(built: BuiltStory) -> None:
    fig = built.to_figure(width_px=800, dpi=100)
    assert isinstance(fig, Figure)
    assert fig.get_size_inches()[0] == pytest.approx(8.0)
    assert fig._repr_png_()[:8] == b"\x89PNG\r\n\x1a\n"  # type: ignore[attr-defined]


# ------------------------------------------------------------------- output


def test_save_writes_every_format_named_after_the_story(built: BuiltStory, tmp_path: Path) -> None:
    written = built.save(tmp_path / "maps", formats="html,geojson,svg")
    assert [p.name for p in written] == [
        "kim-putin-2023.html", "kim-putin-2023.embed.html", "kim-putin-2023.geojson",
        "kim-putin-2023.svg", "kim-putin-2023.alt.txt",
    ]  # fmt: skip
    assert all(p.stat().st_size > 0 for p in written)
    from_dict = build(SHOIGU).save(tmp_path / "d", formats=["geojson"])
    assert [p.name for p in from_dict] == ["shoigu-in-pyongyang.geojson"]


def test_tables_are_geodataframes_for_geopandas(built: BuiltStory) -> None:
    for table in (built.legs, built.places, built.events):
        assert table.crs.to_epsg() == 4326
        assert all(isinstance(g, shapely.Geometry) for g in table.geometry)
    ax = built.legs.plot()  # geopandas' own plot
    assert isinstance(ax, Axes)


def test_tables_work_with_explore(built: BuiltStory) -> None:
    pytest.importorskip("mapclassify", reason="the notebook extra")
    for table in (built.legs, built.places, built.events):
        assert isinstance(table.explore(), folium.Map)


# ---------------------------------------------------------------- lightness


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys; print(' '.join(sys.modules))"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return set(out.stdout.split())


HEAVY = {"pydantic", "geopandas", "pandas", "shapely", "folium", "matplotlib", "scipy", "pyproj"}


def test_import_legmap_loads_no_heavy_library() -> None:
    assert _modules_after("import legmap") & HEAVY == set()


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["example", "--help"]])
def test_version_and_help_load_no_heavy_library(args: list[str]) -> None:
    code = f"from legmap.cli import main\ntry:\n    main({args!r})\nexcept SystemExit:\n    pass"
    assert _modules_after(code) & HEAVY == set()
