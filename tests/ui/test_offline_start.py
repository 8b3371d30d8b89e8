"""No request leaves the machine when the app starts or a page loads.

The app runs with a ``sitecustomize`` that records every address its process
connects a socket to; loading the page in Chromium runs the script once.
"""

from __future__ import annotations

import ipaddress
import os
import tomllib
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import REPO_ROOT, running_app
from tests.ui.test_app_browser import HAS_JS, _wait_map, browser  # noqa: F401

RECORDER = """
import os, socket
_log = os.environ["MAPAPP_CONNECT_LOG"]
with open(_log, "a", encoding="utf-8") as fp:
    fp.write("recording\\n")
_connect = socket.socket.connect
def connect(self, address):
    with open(_log, "a", encoding="utf-8") as fp:
        fp.write(repr(address) + "\\n")
    return _connect(self, address)
socket.socket.connect = connect
"""


def test_streamlit_settings_ask_no_outside_host() -> None:
    config = tomllib.loads((REPO_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["browser"]["gatherUsageStats"] is False
    assert config["browser"]["serverAddress"] == "localhost"  # no external-IP check at start
    assert config["server"]["enableStaticServing"] is True


def _local(address: str) -> bool:
    host = address.strip("()").split(",")[0].strip("'\" ")
    if not host or host.startswith("/"):
        return True  # a unix socket
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


@pytest.mark.browser
def test_no_connection_leaves_the_machine_at_start_and_page_load(
    tmp_path: Path,
    browser: Any,  # noqa: F811
) -> None:
    pytest.importorskip("streamlit_folium")
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(RECORDER, encoding="utf-8")
    log = tmp_path / "connect.log"
    env = {
        "MAPAPP_CONNECT_LOG": str(log),
        "PYTHONPATH": os.pathsep.join([str(hooks), os.environ.get("PYTHONPATH", "")]),
    }
    hosts: set[str] = set()
    with running_app(tmp_path, env=env) as url:
        page = browser.new_page()
        page.on("request", lambda r: hosts.add(r.url.split("/", 3)[2]))
        try:
            page.goto(url, wait_until="load")
            _wait_map(page, HAS_JS, "22 miles off Latakia", timeout_s=180)  # the seed was ingested
        finally:
            page.close()
    assert hosts == {url.split("/", 3)[2]}
    recorded = log.read_text(encoding="utf-8").splitlines()
    assert "recording" in recorded  # the recorder ran in the server (and its workers)
    assert [c for c in recorded if c != "recording" and not _local(c)] == []
