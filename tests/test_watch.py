"""`observatory ingest` of a live feed and `observatory watch` polling it, over real HTTP on 127.0.0.1."""

from __future__ import annotations

import subprocess
import sys
from xml.sax.saxutils import escape

from httpserver import Route, TestServer

from observatory.store import open_store

import pytest

pytestmark = pytest.mark.slow

REPORTS = [
    ("Drone strike kills four in Sumy",
     "A Russian drone struck a minibus on the outskirts of Sumy in northeastern Ukraine on Monday, killing four "
     "civilians and wounding six others, the regional military administration said on Tuesday. The minibus was "
     "carrying passengers from the village of Bilopillia to the city when it was hit shortly after 8 a.m., officials "
     "said. Emergency services said two of the wounded were in a serious condition. Russia did not comment on the "
     "strike, which came a day after another drone attack damaged power lines in the region."),
    ("Gunmen kill five villagers in Zamfara",
     "Gunmen on motorcycles attacked the village of Kware in Zamfara state in northwestern Nigeria on Sunday night, "
     "killing five villagers and abducting at least twelve others, police said on Monday. The attackers fired "
     "sporadically as they moved from house to house and looted shops before fleeing into the nearby forest, "
     "residents said. A police spokesman said officers had been deployed to the area and that efforts were under "
     "way to rescue those taken. Armed gangs known locally as bandits have carried out repeated raids in the state."),
]


def rss(items) -> bytes:
    entries = "".join(
        f"<item><title>{escape(t)}</title><link>https://wire.test/{i}</link><guid>wire-{i}</guid>"
        f"<pubDate>Tue, 0{4 + i} Mar 2025 09:00:00 GMT</pubDate><description>{escape(x)}</description></item>"
        for i, (t, x) in enumerate(items))
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Test Wire</title>{entries}</channel></rss>'
            ).encode()


def run(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "observatory", *args], capture_output=True, text=True, timeout=timeout)


def test_ingest_a_feed_url(tmp_path):
    db = f"sqlite:///{tmp_path / 'feed.db'}"
    with TestServer() as server:
        server.route("/rss", rss(REPORTS), content_type="application/rss+xml")
        out = run("ingest", server.url("/rss"), "--db", db)
    assert out.returncode == 0, out.stderr
    assert "2 new, 0 already known, 0 failed" in out.stdout
    store = open_store(db)
    total, items = store.query_events()
    assert {e["country"] for e in items} == {"Ukraine", "Nigeria"}
    assert {a["outlet"] for e in items for a in e["articles"]} == {"Test Wire"}


def test_watch_survives_a_failed_poll_and_loses_nothing(tmp_path):
    db = f"sqlite:///{tmp_path / 'watch.db'}"
    calls = {"n": 0}

    def feed(_request) -> Route:
        calls["n"] += 1
        if calls["n"] == 1:
            return Route(body=b"upstream down", status=503)
        if calls["n"] == 2:
            return Route(body=rss(REPORTS[:1]), content_type="application/rss+xml")
        return Route(body=rss(REPORTS), content_type="application/rss+xml")

    with TestServer() as server:
        server.handle("/rss", feed)
        feeds = tmp_path / "feeds.txt"
        feeds.write_text(f"# the test wire\n{server.url('/rss')}\n", encoding="utf-8")
        out = run("watch", str(feeds), "--every", "0.2s", "--polls", "4", "--db", db)
    assert out.returncode == 0, out.stderr
    polls = [line for line in out.stdout.splitlines() if " poll " in line]
    assert len(polls) == 4
    assert "0 new, 0 known, 1 failed" in polls[0]
    assert "1 new, 0 known, 0 failed" in polls[1]
    assert "1 new, 1 known, 0 failed" in polls[2]
    assert "0 new, 2 known, 0 failed" in polls[3]
    store = open_store(db)
    assert store.summary()["articles"] == 2
    assert any("503" in f["reason"] for f in store.failures())


def test_watch_rejects_a_bad_interval(tmp_path):
    out = run("watch", str(tmp_path / "feeds.txt"), "--every", "soon")
    assert out.returncode == 2 and "interval" in out.stderr
