"""The page's state in the URL query: filters, map view, selected incident (pure, no streamlit).

A shared link must reopen the same view, and anything in a URL is typed by
whoever sent it, so :func:`decode` checks every value against what the store
holds (:class:`Choices`) and explains each value it drops; it never raises
on a value. Keys it does not know are left alone. Values are only ever
compared with the store's own values or parsed as numbers and dates: never
used as a path or as SQL text. :func:`encode` writes only what differs from
the defaults, in a fixed order, so an untouched page has a clean URL.

Keys: ``from``, ``to`` (ISO dates), ``type`` (event codes, comma-separated),
``country`` (ISO code; a name or alias is accepted too), ``admin1``,
``source``, ``q`` (text search), ``mentions=1``, ``undated=1`` (undated incidents beside
the dates), ``map=zoom/lat/lon`` (as on
openstreetmap.org), ``incident`` (an incident id) and ``store`` (a store's
name, when the operator set up several).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import urllib.parse
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field

from mapapp.ui.filters import FilterState, resolve_country

KEYS = (
    "store", "from", "to", "type", "country", "admin1", "source", "q", "mentions", "undated", "map", "incident",
)  # fmt: skip
MAX_VALUE = 300  # characters; a longer value is refused whole
MAX_ZOOM = 19
_INCIDENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")
_ON, _OFF = frozenset({"1", "true", "yes", "on"}), frozenset({"0", "false", "no", "off", ""})


@dataclass(frozen=True, slots=True)
class MapView:
    """Where the map looks: its centre and zoom level (Leaflet's, 0 = the world).

    >>> MapView(lat=39.0, lon=35.0, zoom=6).zoom
    6
    >>> MapView(lat=91.0, lon=0.0, zoom=3)
    Traceback (most recent call last):
    ...
    ValueError: latitude 91.0 is not between -90 and 90
    """

    lat: float
    lon: float
    zoom: int

    def __post_init__(self) -> None:
        if not (math.isfinite(self.lat) and -90 <= self.lat <= 90):
            raise ValueError(f"latitude {self.lat} is not between -90 and 90")
        if not (math.isfinite(self.lon) and -180 <= self.lon <= 180):
            raise ValueError(f"longitude {self.lon} is not between -180 and 180")
        if not 0 <= self.zoom <= MAX_ZOOM:
            raise ValueError(f"zoom {self.zoom} is not between 0 and {MAX_ZOOM}")

    def text(self) -> str:
        """``zoom/lat/lon`` with 4 decimals (about 10 m).

        >>> MapView(lat=39.123456, lon=-35.0, zoom=6).text()
        '6/39.1235/-35.0000'
        """
        return f"{self.zoom}/{self.lat:.4f}/{self.lon:.4f}"


@dataclass(frozen=True, slots=True)
class PageState:
    """What a link restores: the filters, the map view and the selected incident."""

    filters: FilterState = field(default_factory=FilterState)
    view: MapView | None = None
    incident: str | None = None
    store: str | None = None


@dataclass(frozen=True, slots=True)
class Choices:
    """What the store holds, so what a URL may pick.

    ``admin1`` maps each first-level division's name to the country codes
    it is stored under; ``country_codes`` resolves a country name or alias
    to codes (the gazetteer's :func:`~mapapp.gazetteer.countries.countries_named`).
    """

    span: tuple[dt.date, dt.date] | None = None
    event_types: Collection[str] = ()
    countries: Collection[str] = ()
    admin1: Mapping[str, Collection[str]] = field(default_factory=dict)
    sources: Collection[str] = ()
    stores: Collection[str] = ()
    country_codes: Callable[[str], Collection[str]] = lambda _text: ()


@dataclass(frozen=True, slots=True)
class Decoded:
    """A decoded query: the state and one notice per value that was dropped."""

    state: PageState
    notices: tuple[str, ...] = ()


def encode(state: PageState) -> dict[str, str]:
    """The query parameters of ``state`` (defaults left out), in :data:`KEYS` order.

    >>> f = FilterState(since=dt.date(2018, 9, 17), event_types=("airstrike", "shelling"), country="TR")
    >>> encode(PageState(filters=f, view=MapView(lat=39.0, lon=35.0, zoom=6), incident="ab12"))
    {'from': '2018-09-17', 'type': 'airstrike,shelling', 'country': 'TR', 'map': '6/39.0000/35.0000', 'incident': 'ab12'}
    >>> encode(PageState())
    {}
    """
    f = state.filters
    values = {
        "store": state.store,
        "from": f.since.isoformat() if f.since else None,
        "to": f.until.isoformat() if f.until else None,
        "type": ",".join(f.event_types) or None,
        "country": f.country,
        "admin1": f.admin1,
        "source": f.source,
        "q": (f.text or "").strip() or None,
        "mentions": "1" if f.show_mentions else None,
        "undated": "1" if f.undated == "include" else None,
        "map": state.view.text() if state.view else None,
        "incident": state.incident,
    }
    return {key: value for key in KEYS if (value := values[key])}


def _text(query: Mapping[str, str | Sequence[str]], key: str, notices: list[str]) -> str | None:
    """The (last) value of ``key``, stripped; ``None`` when absent, blank or too long."""
    raw = query.get(key)
    if raw is None:
        return None
    value = raw if isinstance(raw, str) else (raw[-1] if raw else "")
    if len(value) > MAX_VALUE:
        notices.append(f"{key}: the value is longer than {MAX_VALUE} characters; ignored")
        return None
    return value.strip() or None


def _date(
    value: str | None, key: str, span: tuple[dt.date, dt.date] | None, notices: list[str]
) -> dt.date | None:
    if value is None:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        notices.append(f"{key}={value!r} is not a date (YYYY-MM-DD); ignored")
        return None
    if span is None:
        notices.append(f"{key}={value}: no incident is dated; ignored")
        return None
    if (key == "from" and day > span[1]) or (key == "to" and day < span[0]):
        notices.append(f"{key}={value} is outside the stored dates ({span[0]} to {span[1]}); ignored")
        return None
    # A bound at or beyond the stored extreme filters nothing (and would hide undated incidents).
    if (key == "from" and day <= span[0]) or (key == "to" and day >= span[1]):
        return None
    return day


def _country(value: str | None, choices: Choices, notices: list[str]) -> str | None:
    if value is None:
        return None
    found = resolve_country(value, stored=choices.countries, named=choices.country_codes)
    if found is not None:
        return found
    notices.append(f"country={value!r}: no stored incident is in a country of that name or code; ignored")
    return None


def _picked(value: str | None, key: str, known: Collection[str], notices: list[str]) -> str | None:
    if value is None or value in known:
        return value
    notices.append(f"{key}={value!r}: not in this store; ignored")
    return None


def _types(value: str | None, known: Collection[str], notices: list[str]) -> tuple[str, ...]:
    codes = tuple(dict.fromkeys(code.strip() for code in (value or "").split(",") if code.strip()))
    unknown = [code for code in codes if code not in known]
    if unknown:
        notices.append(
            f"type: no stored incident has the event type {', '.join(map(repr, unknown))}; ignored"
        )
    return tuple(code for code in codes if code in known)


def _flag(value: str | None, key: str, notices: list[str]) -> bool:
    if value is None or value.lower() in _OFF:
        return False
    if value.lower() in _ON:
        return True
    notices.append(f"{key}={value!r} is not 1 or 0; ignored")
    return False


def parse_view(value: str | None, notices: list[str]) -> MapView | None:
    """A :class:`MapView` from ``zoom/lat/lon``; ``None`` (and a notice) when it is not one.

    >>> parse_view("6/39.5/35.25", [])
    MapView(lat=39.5, lon=35.25, zoom=6)
    >>> notes = []
    >>> parse_view("6/95/35", notes), notes
    (None, ['map=6/95/35: latitude 95.0 is not between -90 and 90; ignored'])
    """
    if value is None:
        return None
    parts = value.split("/")
    try:
        if len(parts) != 3:
            raise ValueError("expected zoom/latitude/longitude")
        return MapView(lat=float(parts[1]), lon=float(parts[2]), zoom=int(parts[0]))
    except ValueError as exc:
        notices.append(f"map={value}: {exc}; ignored")
        return None


def _incident(value: str | None, notices: list[str]) -> str | None:
    if value is None or _INCIDENT_ID.fullmatch(value):
        return value
    notices.append(f"incident={value!r} is not an incident id; ignored")
    return None


def decode(query: Mapping[str, str | Sequence[str]], *, choices: Choices) -> Decoded:
    """The page state a URL query asks for, keeping only what the store holds.

    Parameters
    ----------
    query
        The query parameters (a value may be a list: its last item counts).
    choices
        What the store holds.

    Returns
    -------
    Decoded
        The state and a notice per ignored value. The incident id is only
        checked for its form here: the caller looks it up in the store.

    Examples
    --------
    >>> choices = Choices(span=(dt.date(2018, 9, 1), dt.date(2018, 9, 30)), event_types={"airstrike"},
    ...                   countries={"SY", "TR"}, country_codes=lambda t: {"turkey": {"TR"}}.get(t.lower(), ()))
    >>> found = decode({"country": "Turkey", "type": "airstrike,nope", "from": "2018-09-17", "x": "1"},
    ...                choices=choices)
    >>> found.state.filters.country, found.state.filters.event_types, found.state.filters.since
    ('TR', ('airstrike',), datetime.date(2018, 9, 17))
    >>> found.notices
    ("type: no stored incident has the event type 'nope'; ignored",)
    """
    notices: list[str] = []
    values = {key: _text(query, key, notices) for key in KEYS}
    span = choices.span
    since = _date(values["from"], "from", span, notices)
    until = _date(values["to"], "to", span, notices)
    if since is not None and until is not None and until < since:
        since, until = until, since
    country = _country(values["country"], choices, notices)
    admin1 = _picked(values["admin1"], "admin1", choices.admin1, notices)
    if admin1 is not None and country is not None and country not in choices.admin1[admin1]:
        notices.append(f"admin1={admin1!r} is not in {country}; ignored")
        admin1 = None
    filters = FilterState(
        since=since,
        until=until,
        event_types=_types(values["type"], choices.event_types, notices),
        country=country,
        admin1=admin1,
        source=_picked(values["source"], "source", choices.sources, notices),
        text=values["q"],
        show_mentions=_flag(values["mentions"], "mentions", notices),
        undated="include" if _flag(values["undated"], "undated", notices) else "auto",
    )
    state = PageState(
        filters=filters,
        view=parse_view(values["map"], notices),
        incident=_incident(values["incident"], notices),
        store=_picked(values["store"], "store", choices.stores, notices) if choices.stores else None,
    )
    return Decoded(state=state, notices=tuple(notices))


def view_of(value: object) -> MapView | None:
    """The view st_folium reports (``center`` ``{lat, lng}`` and ``zoom``); ``None`` when it has none.

    Leaflet lets the map pan past the antimeridian: the longitude is wrapped.

    >>> view_of({"center": {"lat": 39.0, "lng": 395.0}, "zoom": 6})
    MapView(lat=39.0, lon=35.0, zoom=6)
    >>> view_of({"center": None, "zoom": 6}), view_of(None)
    (None, None)
    """
    if not isinstance(value, Mapping):
        return None
    center, zoom = value.get("center"), value.get("zoom")
    try:
        lat, lon = float(center["lat"]), float(center["lng"])  # type: ignore[index]
        lon = (lon + 180.0) % 360.0 - 180.0
        return MapView(lat=max(-90.0, min(90.0, lat)), lon=lon, zoom=int(zoom))  # type: ignore[arg-type]
    except (KeyError, TypeError, ValueError):
        return None


def permalink(base: str | None, incident_id: str, *, store: str | None = None) -> str:
    """The link that opens the app on one incident (relative when the page's URL is unknown).

    >>> permalink("http://127.0.0.1:8501", "ab12")
    'http://127.0.0.1:8501/?incident=ab12'
    >>> permalink(None, "ab 12", store="team")
    '?store=team&incident=ab+12'
    """
    query = urllib.parse.urlencode(encode(PageState(incident=incident_id, store=store)))
    if base and not urllib.parse.urlsplit(base).path:
        base += "/"
    return f"{base or ''}?{query}"
