"""Places: finding a named point on the map.

Owns the :class:`~legmap.places.place.Place` value type (``place.py``), the
:class:`~legmap.places.gazetteer.Gazetteer` that resolves names in any
language (``gazetteer.py``; how it reads a query's country or region hint in
``_hints.py``), the curated and open-data layers (``_opendata.py``, which
builds the open-data index; its queries in ``_openindex.py``), the online
geocoder (``geocoder.py``; its cache file in ``_geocache.py``, its geopy
client and urllib transport in ``_transport.py``, the only module that imports
geopy, and its checks of Nominatim's answers in ``_geoanswer.py``) and name
normalisation (``_text.py``).

May import: the foundation modules (``errors``, ``config``, ``_data``) and
``story`` (the vocabulary of place kinds).  Never ``rail``, ``legs``,
``render``, ``publish`` or ``cli``.  Inside, ``place.py`` imports nothing of
the package, so the gazetteer, open data and geocoder all depend on it and
never on each other in a circle.
"""
