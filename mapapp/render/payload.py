"""The clustered layer's data in a compact columnar form (pure, no folium).

The browser needs, to draw, only each incident's position and dot style;
the popup text is read when a popup opens. So the layer sends one object
of columns rather than one record per incident:

- ``lat``, ``lon`` and ``style``: one number per incident;
- ``popup``: one column per :data:`~mapapp.render.popup.PAYLOAD_FIELDS`
  field, each ``[values, codes]``: the field's distinct values once, in
  order of first use, and per incident the index of its value (``codes``
  is ``null`` when every incident has a value of its own, as ids do).

News repeats itself: the incidents of one article share their title,
sources and article id, and types, dates, places and regions recur across
articles, so each of those strings is sent once however many incidents use
it. :func:`decode_popup` is the browser's reading, in Python, for tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mapapp.render.popup import PAYLOAD_FIELDS


def _hashable(value: Any) -> Any:
    """A dictionary key for a JSON value (lists become tuples, recursively)."""
    if isinstance(value, list | tuple):
        return tuple(_hashable(item) for item in value)
    return value


def dictionary_column(values: Sequence[Any]) -> list[Any]:
    """``[distinct values, codes]`` of one field; ``codes`` is ``None`` when all values differ.

    >>> dictionary_column(["a", "b", "a", "a"])
    [['a', 'b'], [0, 1, 0, 0]]
    >>> dictionary_column(["x", "y"])
    [['x', 'y'], None]
    >>> dictionary_column([[["s", "u"]], [["s", "u"]]])
    [[[['s', 'u']]], [0, 0]]
    """
    index: dict[Any, int] = {}
    distinct: list[Any] = []
    codes: list[int] = []
    for value in values:
        key = _hashable(value)
        code = index.get(key)
        if code is None:
            code = index[key] = len(distinct)
            distinct.append(value)
        codes.append(code)
    return [distinct, None if len(distinct) == len(codes) else codes]


def columnar(rows: Sequence[Sequence[Any]]) -> dict[str, Any]:
    """The layer's rows ``[lat, lon, style_index, payload]`` as columns (see the module doc).

    >>> data = columnar([[1.5, 2.0, 0, ["i1", "T"]], [3.0, 4.0, 1, ["i2", "T"]]])
    >>> data["lat"], data["lon"], data["style"], data["popup"]
    ([1.5, 3.0], [2.0, 4.0], [0, 1], [[['i1', 'i2'], None], [['T'], [0, 0]]])
    """
    width = len(rows[0][3]) if rows and len(rows[0]) == 4 else len(PAYLOAD_FIELDS)
    if any(len(row) != 4 or len(row[3]) != width for row in rows):
        raise ValueError("every row must be [lat, lon, style_index, payload] with payloads of one length")
    return {
        "lat": [row[0] for row in rows],
        "lon": [row[1] for row in rows],
        "style": [row[2] for row in rows],
        "popup": [dictionary_column([row[3][k] for row in rows]) for k in range(width)],
    }


def decode_popup(data: dict[str, Any], row: int) -> list[Any]:
    """The payload of incident ``row`` back from :func:`columnar`'s output (what the browser reads).

    >>> decode_popup(columnar([[1.5, 2.0, 0, ["i1", "T"]], [3.0, 4.0, 1, ["i2", "T"]]]), 1)
    ['i2', 'T']
    """
    return [values[row if codes is None else codes[row]] for values, codes in data["popup"]]
