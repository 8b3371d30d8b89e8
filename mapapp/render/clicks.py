"""Map a streamlit-folium click result back to an incident id (pure).

``st_folium(...)`` returns a dict; after a marker click it holds
``last_object_clicked_popup`` (the popup's ``innerText``),
``last_object_clicked_tooltip`` (the tooltip's text) and
``last_object_clicked`` (``{"lat": ..., "lng": ...}``). Every popup and
tooltip this package makes ends with ``Incident ID: <id>``, so the id is
read from the *last* such line (article text shown above it cannot forge
it). Call ``st_folium(m, returned_objects=["last_object_clicked_popup",
"last_object_clicked_tooltip", "last_object_clicked"])`` to avoid reruns on
pan and zoom.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

from mapapp.models import Incident
from mapapp.render.popup import ID_LABEL

_ID_RE = re.compile(re.escape(ID_LABEL.strip()) + r"[ \t\u00a0]*(\S+)")


def _id_from_text(text: Any) -> str | None:
    if not isinstance(text, str):
        return None
    found = _ID_RE.findall(text)
    return found[-1] if found else None


def _nearest_id(click: Any, incidents: Sequence[Incident], tolerance_deg: float) -> str | None:
    if not isinstance(click, Mapping):
        return None
    try:
        lat, lng = float(click["lat"]), float(click["lng"])
    except (KeyError, TypeError, ValueError):
        return None
    best: tuple[float, str] | None = None
    for inc in incidents:
        if inc.lat is None or inc.lon is None:
            continue
        # Clicks may come back wrapped to another world copy: compare modulo 360.
        dlon = (lng - inc.lon + 180.0) % 360.0 - 180.0
        dist = math.hypot(lat - inc.lat, dlon)
        if dist <= tolerance_deg and (best is None or dist < best[0]):
            best = (dist, inc.id)
    return best[1] if best else None


def incident_id_from_click(
    click: Mapping[str, Any] | None,
    *,
    incidents: Sequence[Incident] = (),
    tolerance_deg: float = 0.01,
) -> str | None:
    """The id of the incident a map click refers to, or None.

    Parameters
    ----------
    click : mapping or None
        The value ``st_folium`` returned.
    incidents : sequence of Incident, optional
        The incidents on the map. When given, an id read from the popup or
        tooltip is only accepted if it is one of theirs, and a click without
        popup/tooltip text falls back to the nearest incident within
        ``tolerance_deg`` of ``last_object_clicked``.
    tolerance_deg : float
        The fallback's search radius (a CircleMarker click reports the
        pointer position, not the marker's).

    Returns
    -------
    str or None

    Examples
    --------
    >>> incident_id_from_click({"last_object_clicked_popup": "Title\\nIncident ID: inc-7"})
    'inc-7'
    >>> incident_id_from_click({"last_object_clicked": {"lat": 1.0, "lng": 2.0}}) is None
    True
    """
    if not click:
        return None
    known = {inc.id for inc in incidents}
    for key in ("last_object_clicked_popup", "last_object_clicked_tooltip"):
        found = _id_from_text(click.get(key))
        if found is not None and (not known or found in known):
            return found
    if incidents:
        return _nearest_id(click.get("last_object_clicked"), incidents, tolerance_deg)
    return None
