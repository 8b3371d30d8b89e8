"""Tests for mapapp.render.payload: the clustered layer's columnar, dictionary-encoded data."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest

from mapapp.incidents.fusion import reports
from mapapp.render.map import _cluster_layer
from mapapp.render.payload import columnar, decode_popup, dictionary_column
from mapapp.render.popup import PAYLOAD_FIELDS, incident_payload
from mapapp.render.samples import sample_incident, synthetic_incidents


def _rows(incidents: list[Any]) -> list[list[Any]]:
    return _cluster_layer(incidents, base_url="/v").rows


def test_dictionary_column_keeps_first_use_order() -> None:
    assert dictionary_column(["b", "a", "b", "c", "a"]) == [["b", "a", "c"], [0, 1, 0, 2, 1]]
    assert dictionary_column(["only"]) == [["only"], None]
    assert dictionary_column([]) == [[], None]
    # Lists are compared by value: equal source lists are one entry.
    links = [["site", "https://x.example/a", "", "a1"]]
    assert dictionary_column([links, [list(links[0])], []]) == [[links, []], [0, 0, 1]]


def test_every_payload_comes_back_exactly() -> None:
    (source,) = reports(sample_incident())
    source = dataclasses.replace(source, article_id="a2", title="Other title", url="https://other.example/a")
    fused = sample_incident(id="fused", sources=(source, dataclasses.replace(source, article_id="a3")))
    incidents = [fused, *synthetic_incidents(300, seed=3)]
    rows = _rows(incidents)
    data = columnar(rows)
    assert [decode_popup(data, k) for k in range(len(rows))] == [incident_payload(i) for i in incidents]
    assert data["lat"] == [row[0] for row in rows] and data["lon"] == [row[1] for row in rows]
    assert data["style"] == [row[2] for row in rows]
    assert len(data["popup"]) == len(PAYLOAD_FIELDS)


def test_shared_values_are_sent_once() -> None:
    incidents = synthetic_incidents(30, seed=1)  # 3 incidents per article, one snippet for all
    data = columnar(_rows(incidents))
    by_field = dict(zip(PAYLOAD_FIELDS, data["popup"], strict=True))
    ids, id_codes = by_field["id"]
    assert ids == [i.id for i in incidents] and id_codes is None  # every id its own: no codes
    titles, title_codes = by_field["title"]
    assert titles == [f"Synthetic article {k}" for k in range(10)]
    assert title_codes == [k // 3 for k in range(30)]
    assert by_field["before"][0] == [incident_payload(incidents[0])[PAYLOAD_FIELDS.index("before")]]
    assert by_field["before"][1] == [0] * 30


def test_data_literal_is_script_safe_and_decodes_to_the_columns() -> None:
    hostile = "</script><b>${x}</b> ` {{ 7*7 }} {% x %} 'q' \"q\" \\ é \u2028"
    incidents = [sample_incident(id="h1", title=hostile, snippet=hostile, place_start=0, place_end=3)]
    layer = _cluster_layer(incidents, base_url="/v")
    literal = layer.data_json
    for bad in ("<", ">", "&", "'", "`", "$", "{{", "{%", "\u2028", "é"):
        assert bad not in literal
    assert json.loads(json.loads(literal)) == columnar(layer.rows)
    assert decode_popup(json.loads(json.loads(literal)), 0)[PAYLOAD_FIELDS.index("title")] == hostile


def test_rows_of_other_shapes_are_refused() -> None:
    with pytest.raises(ValueError, match="lat, lon, style_index, payload"):
        columnar([[1.0, 2.0, 0, ["a", "b"]], [1.0, 2.0, 0, ["a"]]])
    with pytest.raises(ValueError, match="lat, lon, style_index, payload"):
        columnar([[1.0, 2.0, ["a"]]])
