"""Renderers: a :class:`~legmap.legs.build.BuiltStory` drawn as maps and data.

Owns ``html/`` (the folium/Leaflet renderer and its static JS/CSS),
``static/`` (the matplotlib renderer for PNG, SVG and PDF), ``geojson.py``, and
what every renderer shares: ``style.py`` (the symbol language), ``theme.py`` (a
newsroom's colours, fonts and widths over it), ``_basemap.py`` (the offline
basemap, drawn by the static maps and by offline HTML), ``_frame.py`` (the
story's one longitude frame, so journeys across the antimeridian stay
continuous), ``_framing.py`` (the main frame and the locator inset) and
``_numbers.py`` (the distance shown for a leg).

May import: the foundation modules (``_i18n`` holds the interface strings),
``story`` (its vocabulary) and ``legs`` (the built story).  Never ``places``,
``rail``, ``publish`` or ``cli``.  Only ``render.html`` imports folium; only
``render.static`` imports matplotlib.
"""
