"""Rail: networks, their files, and shortest paths on them.

Owns the network model :class:`~legmap.rail.network.RailNetwork` and
:class:`~legmap.rail.network.RailRoute` (``network.py``), reading and writing
networks as TOML and GeoPackage (``_io.py``), OpenStreetMap import and graph
building (``_osm.py``, ``_osm_graph.py``), and the routers: scipy Dijkstra
(``_router.py``) and the contraction hierarchy (``_fastrouter.py``).

May import: the foundation modules (``errors``, ``config``, ``_data``,
``_geodesic``) and ``places`` (imported stations become places).  Never
``story``, ``legs``, ``render``, ``publish`` or ``cli``.
"""
