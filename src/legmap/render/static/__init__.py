"""The static renderer: PNG and SVG maps through matplotlib.

``renderer.py`` holds the entry points and the drawing order of a map in a
projection fitted to the story; ``_map.py`` the state of the map being drawn,
``_page.py`` the page layout (figure, bands, furniture), ``_basemap_layer.py``,
``_legs_layer.py`` and ``_places_layer.py`` the map's layers; ``_geom.py`` owns
the frame and projected geometry, ``_offsets.py`` and ``_bulk.py`` legs side by
side and big stories, ``_labels.py`` label placement, ``_marks.py`` badges and
distance marks, ``_legend.py`` the legend, ``_furniture.py`` title, credits and
logo that wrap to the page, ``_inset.py`` the locator inset, ``_countries.py``
country names and ``_text.py`` text shaping (Arabic, Korean, fonts).  The only
package of legmap that imports matplotlib.

May import: what ``legmap.render`` may, plus ``render.style``, ``render.theme``,
``render._basemap``, ``render._frame`` and ``render._framing``.  Never ``render.html``.
"""
