"""The HTML renderer: a static Leaflet map written through folium.

``renderer.py`` builds the :class:`folium.Map` and the page; ``_specs.py``
turns legs, places and events into drawing specs, ``_parts.py`` the HTML of
legends and popups, ``_geom.py`` the geometry in Leaflet's (lat, lon) order,
``_assets.py`` escaping and inlined assets, and ``web/`` legmap's small
JavaScript and CSS.  The only package of legmap that imports folium.

May import: what ``legmap.render`` may, plus ``render.style`` and
``render._basemap``.  Never ``render.static``.
"""
