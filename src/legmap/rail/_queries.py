"""What a rail network answers about places: nearest station, route, trip, distance.

:class:`RouteQueries` holds the query methods of
:class:`legmap.rail.network.RailNetwork` (which inherits them; use them from
there): :meth:`~RouteQueries.nearest_station`, :meth:`~RouteQueries.route`
through stops, :meth:`~RouteQueries.trip` through places (a route, or why there
is none) and :meth:`~RouteQueries.distance_km`.  They snap
(:mod:`legmap.rail._snap`) and route (:mod:`legmap.rail._routing`) on the
network's arrays (:mod:`legmap.rail._arrays`) with its router.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from legmap.errors import NoRailConnectionError
from legmap.rail._access import ACCESS_KM, access_limit_km
from legmap.rail._arrays import NetworkArrays
from legmap.rail._router import Router
from legmap.rail._routing import RailGap, RailRoute, missing_station, route_snapped, stop_limits
from legmap.rail._snap import nearest, no_station, snap

if TYPE_CHECKING:
    from legmap.places.place import Place

__all__ = ["RouteQueries"]


class RouteQueries:
    """The query methods of :class:`legmap.rail.network.RailNetwork`, which inherits them."""

    name: str
    _arrays: NetworkArrays

    @property
    def _router(self) -> Router:  # the network's router, built on first use
        raise NotImplementedError

    def nearest_station(self, lon: float, lat: float, *, max_km: float) -> tuple[str, float]:
        """The station nearest to (lon, lat) and its distance in km.

        Raises
        ------
        NoRailConnectionError
            When no station is within `max_km`.

        Examples
        --------
        >>> from legmap.rail.network import RailNetwork
        >>> RailNetwork.load().nearest_station(130.65, 42.43, max_km=5)[0]
        'khasan'
        """
        idx, dist = nearest(self._arrays, lon, lat)
        if idx < 0 or dist > max_km:
            raise no_station(max_km, lon, lat, network=self.name)
        return self._arrays.ids[idx], dist

    def route(
        self,
        stops: Sequence[tuple[float, float]],
        *,
        stop_ids: Sequence[str | None] | None = None,
        snap_km: float = 50.0,
        access_km: float | Sequence[float] = ACCESS_KM,
        gauge: Sequence[int] = (),
    ) -> RailRoute:
        """The shortest rail route through `stops`, in order.

        Parameters
        ----------
        stops : sequence of (lon, lat)
            Start, vias, end.
        stop_ids : sequence of str or None, optional
            Place ids of the stops; a stop whose id is a node id, or a node's
            ``place_id``, snaps to that node whatever the distance.
        snap_km : float
            Other stops snap to the nearest station within this distance.
        access_km : float or sequence of float
            Access limit, for all stops or per stop: a first or last stop snapped
            farther than this from its station gets an access stretch (drawn,
            and counted in ``length_km``); see :mod:`legmap.rail.network`.
        gauge : sequence of int
            The gauge (mm) the train arrives on, from its previous leg
            (:attr:`RailRoute.end_gauge`): a change at the first station is a
            gauge break of this route.  Empty: whatever the first track is.

        Raises
        ------
        NoRailConnectionError
            A stop has no station within `snap_km`, or two consecutive stops
            are in parts of the network that are not connected.

        Examples
        --------
        >>> from legmap.rail.network import RailNetwork
        >>> net = RailNetwork.load()
        >>> r = net.route([(37.657, 55.777), (131.882, 43.111)])
        >>> r.station_ids[0], r.station_ids[-1], 9000 < r.length_km < 9400  # 9,289 km published
        ('moscow-yaroslavsky-station', 'vladivostok-station', True)
        """
        ids, limits = stop_limits(stops, stop_ids, access_km)
        snapped = [
            snap(self._arrays, float(lon), float(lat), sid, snap_km, network=self.name)
            for (lon, lat), sid in zip(stops, ids, strict=True)
        ]
        return route_snapped(
            self._arrays,
            self._router,
            stops,
            snapped,
            ids=ids,
            limits=limits,
            gauge=gauge,
            network=self.name,
        )

    def trip(
        self,
        places: Sequence[Place],
        *,
        snap_km: float = 50.0,
        access_km: float = ACCESS_KM,
        gauge: Sequence[int] = (),
    ) -> RailRoute | RailGap:
        """The rail route through `places` (start, vias, end), or why there is none.

        Each place's access limit is :func:`access_limit_km` with `access_km` as
        the base; `gauge` is that of :meth:`route`.  Unlike :meth:`route`, a
        missing route is an answer (:class:`RailGap`), not an error.

        Examples
        --------
        >>> from legmap.places.gazetteer import Gazetteer
        >>> from legmap.rail.network import RailNetwork
        >>> gaz, net = Gazetteer.default(), RailNetwork.load()
        >>> r = net.trip([gaz.resolve("Vnukovo"), gaz.resolve("Moscow")])  # the airport: 29 km out
        >>> r.access_km[0] > 20, r.access_km[1], r.length_km > r.access_km[0]
        (True, 0.0, True)
        >>> net.trip([gaz.resolve("Tokyo"), gaz.resolve("Vladivostok")]).reason
        'no_station'
        """
        gap = missing_station(self._arrays, places, snap_km, network=self.name)
        if gap is not None:
            return gap
        try:
            return self.route(
                [p.lonlat for p in places],
                stop_ids=[p.id for p in places],
                snap_km=snap_km,
                access_km=[access_limit_km(p, base_km=access_km) for p in places],
                gauge=gauge,
            )
        except NoRailConnectionError as err:
            return RailGap(reason="no_connection", message=str(err))

    def distance_km(
        self,
        a: tuple[float, float],
        b: tuple[float, float],
        *,
        a_id: str | None = None,
        b_id: str | None = None,
        snap_km: float = 50.0,
    ) -> float | None:
        """Rail distance between two places, or None when there is none.

        Examples
        --------
        >>> from legmap.rail.network import RailNetwork
        >>> net = RailNetwork.load()
        >>> round(net.distance_km((131.9, 43.1), (135.07, 48.5)))
        766
        >>> net.distance_km((139.77, 35.68), (131.9, 43.1)) is None  # Tokyo: no station near
        True
        """
        try:
            return self.route([a, b], stop_ids=[a_id, b_id], snap_km=snap_km).length_km
        except NoRailConnectionError:
            return None
