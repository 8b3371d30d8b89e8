"""Ingest on a Dask LocalCluster (``ingest_paths(dask="local:2")``): the same store as a local ingest.

Skips without Dask distributed (the ``mapapp[dask]`` extra; requirements-test.txt pins it).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from mapapp.cli import main
from mapapp.errors import ClusterError
from mapapp.io.articles import read_article
from mapapp.models import Article, ParsedArticle
from mapapp.pipeline import ingest_paths
from mapapp.pipeline.cluster import check_address, map_on_cluster
from mapapp.pipeline.pool import ParseFailure
from mapapp.store import IncidentStore, StoreTarget
from tests.helpers import SEEDS_DIR
from tests.pipeline.test_ingest import FakeParser, expected_ids, stored_ids, write_corpus

pytest.importorskip("distributed")


class RecordingParser(FakeParser):
    """FakeParser that leaves one file per call in ``folder`` (calls happen in the workers),
    crashes on ``EXPLODE-PARSER`` and kills its worker process on ``KILL-WORKER``."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder

    def __call__(self, article: Article) -> ParsedArticle:
        (self.folder / f"{article.id}.{os.getpid()}").touch()
        if "KILL-WORKER" in article.text:
            os._exit(3)  # as a worker lost to the OOM killer
        return super().__call__(article)


def calls(folder: Path) -> list[str]:
    return sorted(p.name.split(".")[0] for p in folder.iterdir())


def test_same_store_as_a_local_ingest_and_a_rerun_parses_nothing(
    tmp_path: Path, new_target: Callable[[], StoreTarget]
) -> None:
    corpus = write_corpus(tmp_path / "in", range(40))
    (tmp_path / "calls").mkdir()
    local = ingest_paths([corpus], db_path=tmp_path / "local.db", parser=FakeParser())
    target = new_target()  # SQLite or PostGIS: one writer either way
    on_dask = ingest_paths(
        [corpus], db_path=target, parser=RecordingParser(tmp_path / "calls"), dask="local:2"
    )
    assert (
        (on_dask.stored, on_dask.incidents, on_dask.ok)
        == (local.stored, local.incidents, True)
        == (40, 94, True)
    )
    with IncidentStore.open(tmp_path / "local.db") as a, IncidentStore.open(target) as b:
        assert b.query() == a.query()
        assert b.query(fused=False) == a.query(fused=False)
    assert stored_ids(target) == expected_ids([corpus])
    assert len(calls(tmp_path / "calls")) == 40
    # resumable: what is stored is skipped before parsing, only the new article goes to the cluster
    write_corpus(corpus, [40])
    again = ingest_paths([corpus], db_path=target, parser=RecordingParser(tmp_path / "calls"), dask="local:1")
    assert (again.stored, again.unchanged) == (1, 40)
    assert calls(tmp_path / "calls").count(read_article(corpus / "a0040.txt").id) == 1
    assert len(calls(tmp_path / "calls")) == 41


def test_a_crash_or_a_lost_worker_fails_that_article_and_the_rest_is_stored(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "in", range(12))
    (corpus / "a0003.txt").write_text("date 2024-01-01 EXPLODE-PARSER in Aleppo.\n", encoding="utf-8")
    (corpus / "a0007.txt").write_text("date 2024-01-01 KILL-WORKER in Kano.\n", encoding="utf-8")
    (tmp_path / "calls").mkdir()
    target = tmp_path / "s.db"
    report = ingest_paths(
        [corpus], db_path=target, parser=RecordingParser(tmp_path / "calls"), dask="local:2"
    )
    assert report.stored == 10
    reasons = {Path(f.file).name: f.reason for f in report.failures}
    assert sorted(reasons) == ["a0003.txt", "a0007.txt"]
    crashed, killed = (read_article(corpus / name).id for name in ("a0003.txt", "a0007.txt"))
    assert reasons["a0003.txt"] == f"cannot parse article {crashed}: RuntimeError: parser crashed"
    assert reasons["a0007.txt"].startswith(f"cannot parse article {killed}: KilledWorker on the Dask cluster")
    with IncidentStore.open(target) as store:
        assert store.articles_count() == 10 and store.integrity_ok()


def _no_models() -> Callable[[Article], object]:
    raise OSError("model en_core_web_sm not found")


def test_a_processor_that_cannot_load_fails_each_article_with_its_reason() -> None:
    articles = [Article(id=f"a{n}", title="", date=None, url="", text=f"text {n}") for n in range(6)]
    results = list(map_on_cluster(articles, factory=_no_models, address="local:1"))
    reason = (
        "RuntimeError on the Dask cluster: cannot load the article processor: model en_core_web_sm not found"
    )
    assert [(r.article.id, r.reason) for r in results if isinstance(r, ParseFailure)] == [
        (a.id, reason) for a in articles
    ]


def test_seeds_and_a_corpus_slice_with_the_real_geoparser(tmp_path: Path, shared_dir: Path) -> None:
    from bench.ingest import write_jsonl

    corpus = tmp_path / "corpus.jsonl"
    write_jsonl(corpus, limit=16)
    inputs = [SEEDS_DIR, corpus]
    local = ingest_paths(inputs, db_path=tmp_path / "local.db")
    on_dask = ingest_paths(inputs, db_path=tmp_path / "dask.db", dask="local:2")
    assert (on_dask.stored, on_dask.incidents, on_dask.failures) == (local.stored, local.incidents, ())
    assert local.stored == 17 and local.incidents > 0
    with IncidentStore.open(tmp_path / "local.db") as a, IncidentStore.open(tmp_path / "dask.db") as b:
        assert b.query() == a.query()


@pytest.mark.parametrize(
    "address", ["local:1", "local:64", "tcp://10.0.0.5:8786", "tcp://scheduler", "tls://h:1"]
)
def test_cluster_addresses(address: str) -> None:
    assert check_address(address) == address


@pytest.mark.parametrize(
    "address", ["local:0", "local:65", "local:", "scheduler:8786", "http://h:1", "tcp://"]
)
def test_bad_cluster_addresses_are_refused(address: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["ingest", str(SEEDS_DIR), "--dask", address])
    assert info.value.code == 2
    assert f"argument --dask: {address!r} is not a Dask cluster" in capsys.readouterr().err


def test_without_dask_the_error_says_which_extra_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if not installed
    with pytest.raises(ClusterError, match=r"pip install 'mapapp\[dask\]'"):
        ingest_paths([SEEDS_DIR], db_path=tmp_path / "s.db", parser=FakeParser(), dask="local:1")


def test_an_unreachable_scheduler_is_one_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "s.db"
    assert main(["ingest", str(SEEDS_DIR), "--db", str(db), "--dask", "tcp://127.0.0.1:9"]) == 2
    err = capsys.readouterr().err
    assert "mapapp ingest: error: cannot reach the Dask cluster tcp://127.0.0.1:9" in err
