"""HTML of the web map's furniture: title box, legend with layer switches (no folium here).

The legend is also the map's layer switcher: a checkbox per journey (and for
places and gauge changes) shows or hides its layer, and a button beside each
journey zooms to it.  Keyboard users reach all of it with Tab; the legend
itself is a ``<details>`` whose ``<summary>`` opens with Enter, Space or a tap.
Story text passes through :func:`~legmap.render.html._assets.esc` only.

Examples
--------
>>> html = legend_html(journeys=[("Trip", "#0072B2", "j0")], modes=["train"],
...                    certainties=["confirmed"], events=[], lang="en")
>>> 'data-layer="j0"' in html, 'aria-label="Zoom to Trip"' in html
(True, True)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from legmap._i18n import t
from legmap.render.html._assets import esc, safe_url
from legmap.render.html._parts import (
    SAMPLE_COLOUR,
    card_attrs,
    date_html,
    event_badge,
    gauge_break_svg,
    legend_sample,
)
from legmap.render.theme import DEFAULT_THEME, Theme

if TYPE_CHECKING:
    from legmap.legs.build import BuiltStory

__all__ = ["ZOOM_ICON", "legend_html", "story_subtitle", "title_html"]

#: A magnifier with a plus: "zoom to" (decorative; the button carries the words).
ZOOM_ICON = (
    '<svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">'
    '<circle cx="6.5" cy="6.5" r="4.5" fill="none" stroke="currentColor" stroke-width="1.6"/>'
    '<path d="M10 10l4.5 4.5M4.5 6.5h4M6.5 4.5v4" stroke="currentColor" stroke-width="1.6" '
    'stroke-linecap="round"/></svg>'
)


def _journey_item(title: str, colour: str, key: str, lang: str) -> str:
    label = esc(t("zoom_to", lang, name=title))
    return (
        f'<li class="lm-j"><label><input type="checkbox" checked data-layer="{esc(key)}">'
        f'<span class="lm-sw" style="background:{colour}"></span>'
        f"<span>{esc(title)}</span></label>"
        f'<button type="button" class="lm-zoom" data-zoom="{esc(key)}" title="{label}" '
        f'aria-label="{label}">{ZOOM_ICON}</button></li>'
    )


def legend_html(
    *,
    journeys: Sequence[tuple[str, str, str]],
    modes: Sequence[str],
    certainties: Sequence[str],
    events: Sequence[tuple[int, Mapping[str, Any]]],
    lang: str,
    gauge_breaks: bool = False,
    toggles: Sequence[tuple[str, str]] = (),
    whole: bool = False,
    theme: Theme = DEFAULT_THEME,
) -> str:
    """The legend: journeys (colour, switch, zoom), modes and certainty present, events.

    Parameters
    ----------
    journeys : sequence of (title, colour, layer key)
        One entry per journey drawn in its own colour.
    modes, certainties : sequence of str
        Those the map uses (one level of certainty is not explained).
    events : sequence of (number, event record)
        Numbered as on the map.
    lang : str
        Interface language.
    gauge_breaks : bool
        Explain the gauge-change marker.
    toggles : sequence of (layer key, label)
        More layers to switch on and off (places, gauge changes).
    whole : bool
        Add a "show the whole story" button (the opening view shows part of it).
    theme : Theme
        Mode and certainty samples in its leg styles (widths, mode colours), as on the map.

    Only symbols the map uses are explained; a collapsible ``<details>`` keeps
    the legend out of the way on small screens.
    """
    items = "".join(_journey_item(title, colour, key, lang) for title, colour, key in journeys)
    if items and whole:
        items += (
            f'<li class="lm-all"><button type="button" class="lm-whole" data-zoom="*">'
            f"{ZOOM_ICON}<span>{esc(t('whole_story', lang))}</span></button></li>"
        )
    sections = [
        (t("journeys", lang), items),
        (
            t("modes", lang),
            "".join(
                f"<li>{legend_sample(theme.leg_style(m, 'confirmed'), SAMPLE_COLOUR)}"
                f"<span>{esc(t('mode.' + m, lang))}</span></li>"
                for m in modes
            )
            + (
                f"<li>{gauge_break_svg(40, 16)}<span>{esc(t('gauge_change', lang))}</span></li>"
                if gauge_breaks
                else ""
            ),
        ),
    ]
    if len(certainties) > 1:  # one level of certainty needs no explaining
        sections.append(
            (
                t("certainty", lang),
                "".join(
                    f"<li>{legend_sample(theme.leg_style('road', c), SAMPLE_COLOUR)}"
                    f"<span>{esc(t('certainty.' + c, lang))}</span></li>"
                    for c in certainties
                ),
            )
        )
    if events:
        rows = []
        for number, ev in events:
            date = f"{date_html(ev.get('date'), lang)} · " if ev.get("date") else ""
            rows.append(
                f"<li>{event_badge(number)}<span>{date}{esc(ev.get('label') or '')} "
                f'<span class="lm-muted">(<bdi>{esc(ev["place_name"])}</bdi>)</span></span></li>'
            )
        sections.append((t("events", lang), "".join(rows)))
    if toggles:
        sections.append(
            (
                t("show", lang),
                "".join(
                    f'<li><label><input type="checkbox" checked data-layer="{esc(key)}">'
                    f"<span>{esc(label)}</span></label></li>"
                    for key, label in toggles
                ),
            )
        )
    body = "".join(f"<h2>{esc(head)}</h2><ul>{rows}</ul>" for head, rows in sections if rows)
    return (
        f"<details open {card_attrs(lang)}><summary>{esc(t('legend', lang))}</summary>"
        f'<div class="lm-legend-body">{body}</div></details>'
    )


def title_html(title: str, lang: str, subtitle: str | None = None) -> str:
    """The title box: the title as the page's one ``<h1>``, the source under it."""
    sub = f"<p>{esc(subtitle)}</p>" if subtitle else ""
    return f"<div {card_attrs(lang)}><h1>{esc(title)}</h1>{sub}</div>"


def story_subtitle(built: BuiltStory, lang: str) -> str | None:
    """The title box's second line: the story's source, unless it is a bare URL."""
    story = built.story
    if story is None or not getattr(story, "source", None):
        return None
    src = story.text(story.source)
    return f"{t('field.source', lang)}: {src}" if src and not safe_url(src) else None
