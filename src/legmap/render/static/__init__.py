"""The static renderer: PNG and SVG maps through matplotlib.

``renderer.py`` draws the map in a projection fitted to the story; ``_geom.py``
owns the frame and projected geometry, ``_labels.py`` label placement,
``_marks.py`` badges and distance marks, ``_legend.py`` the legend and
``_text.py`` text shaping (Arabic, Korean, fonts).  The only package of legmap
that imports matplotlib.

May import: what ``legmap.render`` may, plus ``render.style`` and
``render._basemap``.  Never ``render.html``.
"""
