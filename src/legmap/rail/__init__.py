"""Rail: networks, their files, and shortest paths on them.

Owns the network model :class:`~legmap.rail.network.RailNetwork`, with
:class:`~legmap.rail.network.RailRoute` and the other public names
(``network.py``), and its internals: the frames as arrays (``_arrays.py``),
snapping stops to stations (``_snap.py``), access stretches and limits
(``_access.py``), routes through stops and their answers (``_routing.py``),
the query methods ``RailNetwork`` inherits (``_queries.py``), the lines table
(``_lines.py``), stations as places (``_stations.py``), track gauge
(``_gauge.py``), layered networks (``_combine.py``), reading and writing
networks as TOML and GeoPackage (``_io.py``), OpenStreetMap import and graph
building (``_osm.py``, ``_osm_graph.py``), Geofabrik downloads (``_fetch.py``),
and the routers: a pure-Python Dijkstra (``_router.py``, the core install has
no scipy) and the contraction hierarchy for big imported networks
(``_fastrouter.py``, the ``osm`` extra).

May import: the foundation modules (``errors``, ``config``, ``_data``,
``_geodesic``) and ``places`` (imported stations become places).  Never
``story``, ``legs``, ``render``, ``publish`` or ``cli``.
"""
