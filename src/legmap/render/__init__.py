"""Renderers: a :class:`~legmap.legs.build.BuiltStory` drawn as maps and data.

Owns ``html/`` (the folium/Leaflet renderer and its static JS/CSS),
``static/`` (the matplotlib renderer for PNG and SVG), ``geojson.py``, and what
every renderer shares: ``style.py`` (the symbol language) and ``_basemap.py``
(the offline basemap, drawn by the static maps and by offline HTML).

May import: the foundation modules (``_i18n`` holds the interface strings),
``story`` (its vocabulary) and ``legs`` (the built story).  Never ``places``,
``rail``, ``publish`` or ``cli``.  Only ``render.html`` imports folium; only
``render.static`` imports matplotlib.
"""
