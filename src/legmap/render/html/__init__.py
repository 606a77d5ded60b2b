"""The HTML renderer: a static Leaflet map written through folium.

``renderer.py`` builds the :class:`folium.Map` and the page (the public entry
points and the orchestration); ``_page.py`` the document, its assets, the
``legmap.<fn>`` calls and the numbered element ids, ``_layers.py`` the layers
of journeys, places and events and gauge changes, ``_basemap_layer.py`` the
basemap (tiles or vector) and the credit lines; ``_specs.py`` turns legs,
places and events into drawing specs, ``_parts.py`` the HTML of tooltips,
popups and symbols, ``_controls.py`` the title box and the legend (the layer
switcher), ``_inset.py`` the locator inset, ``_tiles.py`` tile providers and
their dark twins, ``_geom.py`` the geometry in Leaflet's (lat, lon) order,
``_theme.py`` a theme's stylesheet (fonts, title), credit and logo,
``_assets.py`` escaping and inlined assets, and ``web/`` legmap's small
JavaScript and CSS (layout of the furniture, the dark variant).
The only package of legmap that imports folium.

May import: what ``legmap.render`` may, plus ``render.style``, ``render.theme``,
``render._basemap``, ``render._framing`` and ``render.alt``.  Never ``render.static``.
"""
