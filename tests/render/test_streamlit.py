"""What streamlit-folium actually ships for our maps (AppTest, no browser).

st_folium re-renders folium elements itself and collects JS/CSS links by
walking the element tree, so the offline and escaping guarantees are checked
on its output too.
"""

from __future__ import annotations

import re
import sys
from typing import Any

import pytest

from tests.helpers import REPO_ROOT, st_folium_args

REPO = REPO_ROOT
HOSTILE = "<img src=x onerror=alert(1)> ${alert(3)} ` \\` {{ 6*7 }}"


def _app(repo: str, n: int, hostile: str) -> None:
    import sys

    sys.path.insert(0, repo)
    from streamlit_folium import st_folium

    from mapapp.render import build_map
    from mapapp.render.samples import sample_incident, synthetic_incidents

    incidents = [sample_incident(title=hostile, snippet=hostile, place_start=0, place_end=4)]
    incidents += synthetic_incidents(n - 1, seed=5)
    st_folium(
        build_map(incidents, cluster_threshold=50),
        height=400,
        returned_objects=["last_object_clicked_popup"],
        key="map",
    )


def _component_args(n: int) -> dict[str, Any]:
    testing = pytest.importorskip("streamlit.testing.v1")
    pytest.importorskip("streamlit_folium")
    at = testing.AppTest.from_function(_app, args=(str(REPO), n, HOSTILE), default_timeout=60)
    # AppTest leaves its script installed as sys.modules["__main__"]; restore
    # it, or later multiprocessing "spawn" children re-run that script and die.
    main = sys.modules["__main__"]
    try:
        at.run()
    finally:
        sys.modules["__main__"] = main
    assert not at.exception, at.exception
    return st_folium_args(at)


@pytest.mark.parametrize(("n", "clustered"), [(3, False), (120, True)])
def test_st_folium_payload_is_offline_and_escaped(n: int, clustered: bool) -> None:
    args = _component_args(n)
    links = [*args["js_links"], *args["css_links"]]
    assert links and all(u.startswith("/app/static/vendor/") for u in links), links
    assert any("supercluster" in u for u in links) is clustered
    script = args["script"]
    assert 'L.Icon.Default.imagePath = "/app/static/vendor/leaflet/images/"' in script
    assert "<img src=x onerror" not in script and "${alert(3)}" not in script
    # Jinja2 syntax stayed text (branca re-renders element output as a template).
    assert "{{ 6*7 }}" not in script
    assert ("\\u007b{ 6*7 }}" if clustered else "&#123;&#123; 6*7 &#125;&#125;") in script
    # Backticks only from folium's own popup/tooltip template literals (2 each per marker).
    assert script.count("`") == (0 if clustered else 4 * n)
    assert ("new Supercluster(" in script) is clustered
    assert "http://" not in args["header"] and "https://" not in args["header"]
    if clustered:
        # The dot CSS (header) and the divIcon class names (script) must agree.
        css_classes = set(re.findall(r"\.(mapapp-dot-[0-9a-f]+-)\d+ ", args["header"]))
        js_classes = set(re.findall(r"(mapapp-dot-[0-9a-f]+-)", script))
        assert len(css_classes) == 1 and css_classes == js_classes
