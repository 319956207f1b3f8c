"""`observatory ingest` sources: files, directories, JSONL, feeds, URL lists and URLs.

Every URL is served by a real HTTP server on 127.0.0.1 (tests/httpserver.py); every file
is written by the test itself. The reports are short invented English wire texts.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from httpserver import TestServer

from observatory.errors import InputError
from observatory.ingest.fetch import FetchError, Fetcher
from observatory.ingest.sources import ARTICLE_MIN_CHARS, SourceItem, html_to_text, iter_sources

CLASH = ("Fighters of an armed group attacked an army checkpoint near the town of Afgooye on Tuesday, "
         "killing four soldiers, a military official said. The group claimed the attack in a statement.")
STRIKE = ("A drone strike hit a residential building in the city on Wednesday morning, killing three "
          "civilians and injuring twelve others, the regional governor said on the messaging app.")
PROTEST = ("Police fired tear gas at hundreds of protesters who marched to parliament on Thursday. "
           "Witnesses said at least two people were injured and dozens were arrested by the police.")
# Long enough to count as a feed entry's full article (ARTICLE_MIN_CHARS of text).
LONG = " ".join([CLASH, STRIKE, PROTEST, "Residents said the fighting went on for several hours and that the "
                 "road to the capital was closed for the rest of the day while troops searched the area."])
FRENCH = ("Des combattants ont attaqué un poste de l'armée près de la ville mardi, tuant quatre soldats, "
          "a déclaré un responsable militaire. Le groupe a revendiqué l'attaque dans un communiqué.")
DAY = dt.date(2024, 11, 28)


def page(text: str, title: str = "Report", published: str | None = None) -> bytes:
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    paragraphs = "".join(f"<p>{s.strip()}.</p>" for s in text.split(".") if s.strip())
    return (f"<!doctype html><html><head><title>{title}</title>{meta}</head><body>"
            f"<nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{paragraphs}</article>"
            f"</body></html>").encode()


def items(specs, **kwargs) -> list[SourceItem]:
    return list(iter_sources([str(s) for s in specs], **kwargs))


def only(result: list[SourceItem]) -> SourceItem:
    assert len(result) == 1, [(i.origin, i.error) for i in result]
    return result[0]


@pytest.fixture
def server():
    with TestServer() as srv:
        yield srv


# ---- URLs and the fetcher -------------------------------------------------------------------


def test_page_fetch_gives_one_article_with_title_date_and_final_url(server):
    url = server.route("/news/clash", page(CLASH, "Checkpoint attacked", "2024-11-27T08:00:00Z"),
                       content_type="text/html; charset=utf-8")
    item = only(items([url]))
    assert item.error is None and item.origin == url
    article = item.article
    assert "killing four soldiers" in article.text and "Home" not in article.text
    assert article.title == "Checkpoint attacked"
    assert article.published == dt.date(2024, 11, 27)  # the page's own date, not the default
    assert article.url == url and article.language == "en"
    agent = server.requests[0].headers["User-Agent"]
    assert agent.startswith("Observatory/") and "research" in agent


def test_plain_text_url_and_declared_charset(server):
    text = CLASH.replace("Afgooye", "Afgooyé") + " It was the third attack this week."
    url = server.route("/wire.txt", text.encode("iso-8859-1"), content_type="text/plain; charset=ISO-8859-1")
    article = only(items([url], published_default=DAY)).article
    assert "Afgooyé" in article.text and article.published == DAY


def test_fetch_errors_are_one_line_items_and_iteration_goes_on(server):
    good = server.route("/ok", page(STRIKE), content_type="text/html")
    gone = server.url("/gone")
    boom = server.route("/boom", b"oops", status=500)
    picture = server.route("/photo", b"\x89PNG\r\n\x1a\n" + bytes(200), content_type="image/png")
    result = items([gone, boom, picture, good])
    assert [i.origin for i in result] == [gone, boom, picture, good]
    assert result[0].error == f"HTTP 404 from {gone}"
    assert result[1].error == f"HTTP 500 from {boom}"
    assert "image/png, not a text or HTML page" in result[2].error
    assert result[3].article is not None and result[3].error is None
    assert all("\n" not in i.error for i in result[:3])


def test_fetcher_raises_fetch_error_an_input_error(server):
    with Fetcher(timeout=2) as fetcher:
        result = fetcher.get(server.route("/x", b"hello", content_type="text/plain; charset=utf-8"))
        assert (result.status, result.content_type, result.charset, result.body) == (200, "text/plain", "utf-8", b"hello")
        with pytest.raises(FetchError, match=r"^HTTP 404 from http://127\.0\.0\.1:\d+/nothing$") as caught:
            fetcher.get(server.url("/nothing"))
        assert isinstance(caught.value, InputError)


def test_connection_refused_is_an_error_item():
    with TestServer() as srv:
        url = srv.url("/page")
    item = only(items([url], fetcher=Fetcher(timeout=2)))
    assert item.article is None and item.error.startswith(f"cannot fetch {url}")


def test_slow_endpoint_times_out_within_the_timeout(server):
    url = server.route("/slow", page(CLASH), content_type="text/html", delay=5)
    start = time.monotonic()
    item = only(items([url], fetcher=Fetcher(timeout=0.4)))
    elapsed = time.monotonic() - start
    assert item.error == (f"timed out after 0.4 s fetching {url} (set OBSERVATORY_FETCH_TIMEOUT to wait longer)")
    assert elapsed < 1.5


def test_a_dripping_body_cannot_outlast_the_timeout(server):
    """A server that sends a little every 0.2 s never trips a per-read timeout; the deadline stops it."""
    url = server.route("/drip", b"x" * 40_000, content_type="text/plain", chunk_size=1000, drip=0.2)
    start = time.monotonic()
    with pytest.raises(FetchError, match="timed out after 0.5 s"):
        Fetcher(timeout=0.5).get(url)
    assert time.monotonic() - start < 1.5


def test_content_length_over_the_cap_is_refused_before_reading(server):
    url = server.route("/huge", b"y" * 5000, content_length=2_000_000_000)  # claims 2 GB, sends 5 kB
    with pytest.raises(FetchError, match=r"is 2000\.0 MB, over the 1,000 bytes limit; not downloaded"):
        Fetcher(timeout=2, max_bytes=1000).get(url)
    real = server.route("/big", b"y" * 5000)
    with pytest.raises(FetchError, match="is 5,000 bytes, over the 1,000 bytes limit"):
        Fetcher(timeout=2, max_bytes=1000).get(real)


def test_body_without_content_length_is_cut_off_at_the_cap(server):
    url = server.route("/stream", b"z" * 5_000_000, chunked=True, chunk_size=65536)
    start = time.monotonic()
    item = only(items([url], fetcher=Fetcher(timeout=5, max_bytes=100_000)))
    assert item.article is None
    assert item.error == f"{url} sent more than 100,000 bytes; refused (set OBSERVATORY_MAX_BYTES to raise it)"
    assert time.monotonic() - start < 2
    # under the cap, the same chunked transfer is read whole
    small = server.route("/small", CLASH.encode(), chunked=True, chunk_size=50)
    assert Fetcher(timeout=2, max_bytes=100_000).get(small).body == CLASH.encode()


def test_max_bytes_setting_is_the_default_cap(server, monkeypatch):
    monkeypatch.setenv("OBSERVATORY_MAX_BYTES", "2000")
    monkeypatch.setenv("OBSERVATORY_FETCH_TIMEOUT", "3")
    fetcher = Fetcher()
    assert (fetcher.max_bytes, fetcher.timeout) == (2000, 3.0)
    with pytest.raises(FetchError, match="sent more than 2,000 bytes"):
        fetcher.get(server.route("/s", b"a" * 10_000, chunked=True))


def test_redirect_to_file_url_is_refused(server):
    url = server.redirect("/leak", "file:///etc/passwd")
    item = only(items([url]))
    assert item.article is None
    assert item.error == f"{url} redirects to file:///etc/passwd; refused (only http and https URLs are fetched)"
    assert [r.path for r in server.requests] == ["/leak"]


def test_redirect_chain_is_followed_to_the_final_url(server):
    final = server.route("/story", page(STRIKE, "Strike on a building"), content_type="text/html")
    server.redirect("/c", final, status=301)  # absolute
    server.redirect("/b", "/c", status=307)  # relative to the server
    server.redirect("/a", "b", status=302)  # relative to the path
    item = only(items([server.url("/a")]))
    assert item.error is None and item.article.url == final
    assert [r.path for r in server.requests] == ["/a", "/b", "/c", "/story"]


def test_more_than_five_redirects_is_an_error(server):
    for hop in range(7):
        server.redirect(f"/r{hop}", f"/r{hop + 1}")
    server.route("/r7", page(CLASH), content_type="text/html")
    with pytest.raises(FetchError, match="redirects more than 5 times"):
        Fetcher(timeout=2).get(server.url("/r0"))
    server.redirect("/five", "/r3")  # /five -> r3 -> r4 -> r5 -> r6 -> r7: five redirects, allowed
    assert Fetcher(timeout=2).get(server.url("/five")).url == server.url("/r7")


@pytest.mark.parametrize("spec, reason", [
    ("ftp://example.org/report.txt", "only http and https URLs are fetched, not ftp:"),
    ("javascript:alert(1)", "only http and https URLs are fetched, not javascript:"),
    ("file:///etc/passwd", "file: URLs are not read (file:///etc/passwd); give the path itself"),
    ("http:///no-host", "has no host name"),
    ("no/such/report.txt", "no/such/report.txt: no such file or directory"),
    ("http://127.0.0.1:99999/", "is not a valid URL (Port out of range"),
    ("http://127.0.0.1:abc/", "is not a valid URL"),
])
def test_unusable_specs_are_error_items(spec, reason):
    item = only(items([spec]))
    assert item.article is None and item.origin == spec and reason in item.error


def test_fetcher_refuses_non_http_schemes_itself():
    with pytest.raises(FetchError, match="not file:"):
        Fetcher(timeout=1).get("file:///etc/passwd")


# ---- feeds ----------------------------------------------------------------------------------


def rss(server: TestServer) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Frontline Wire</title><link>{server.base_url}/</link><description>news</description>
<item><title>Checkpoint attacked</title><link>{server.url('/full-story')}</link><guid>clash-1</guid>
  <pubDate>Tue, 26 Nov 2024 18:00:00 GMT</pubDate><description>Four soldiers killed.</description>
  <content:encoded><![CDATA[<p>{LONG}</p><p>More details will follow.</p>]]></content:encoded></item>
<item><title>Drone strike</title><link>{server.url('/strike')}</link><guid>strike-2</guid>
  <pubDate>Wed, 27 Nov 2024 09:30:00 GMT</pubDate><description>Three civilians killed.</description></item>
<item><title>Deleted story</title><link>{server.url('/deleted')}</link><guid>gone-3</guid>
  <description>This story was removed.</description></item>
</channel></rss>"""


def test_rss_feed_entries_full_content_linked_page_and_dead_link(server):
    server.route("/strike", page(STRIKE, "Strike page"), content_type="text/html")
    feed = server.route("/feed.rss", rss(server), content_type="application/rss+xml")
    result = items([feed], published_default=DAY)
    assert [i.origin for i in result] == [f"{feed}#clash-1", f"{feed}#strike-2", f"{feed}#gone-3"]
    full, linked, dead = result
    # 1: the entry's own content is article-length: used as is, its link never fetched
    assert len(full.article.text) >= ARTICLE_MIN_CHARS and "road to the capital" in full.article.text
    assert "<p>" not in full.article.text
    assert (full.article.title, full.article.outlet, full.article.published, full.article.url) == (
        "Checkpoint attacked", "Frontline Wire", dt.date(2024, 11, 26), server.url("/full-story"))
    # 2: a teaser only: the link is fetched
    assert "twelve others" in linked.article.text and linked.article.published == dt.date(2024, 11, 27)
    assert linked.article.outlet == "Frontline Wire" and linked.article.title == "Drone strike"
    # 3: the link is dead: one error item, the others are fine
    assert dead.article is None and dead.error == f"HTTP 404 from {server.url('/deleted')}"
    assert [r.path for r in server.requests] == ["/feed.rss", "/strike", "/deleted"]


def test_rss_feed_file_uses_published_default_for_undated_entries(server, tmp_path):
    server.route("/deleted", page(PROTEST), content_type="text/html")
    server.route("/strike", page(STRIKE), content_type="text/html")
    path = tmp_path / "wire.rss"
    path.write_text(rss(server), "utf-8")
    result = items([path], published_default=DAY)
    assert [i.origin for i in result] == [f"{path}#clash-1", f"{path}#strike-2", f"{path}#gone-3"]
    assert all(i.error is None for i in result)
    assert result[2].article.published == DAY  # no pubDate in the entry
    assert "tear gas" in result[2].article.text


def test_atom_feed(server):
    atom = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Monitor</title><id>urn:monitor</id>
<updated>2024-11-28T00:00:00Z</updated>
<entry><title>Full entry</title><id>urn:monitor:1</id><link href="{server.url('/never')}"/>
  <updated>2024-11-25T12:00:00Z</updated><content type="html">&lt;p&gt;{LONG}&lt;/p&gt;</content></entry>
<entry><title>Summary entry</title><id>urn:monitor:2</id><link href="{server.url('/protest')}"/>
  <published>2024-11-24T07:00:00Z</published><summary>Protest in the capital.</summary></entry>
</feed>"""
    server.route("/protest", page(PROTEST, "Protest"), content_type="text/html")
    feed = server.route("/atom", atom, content_type="application/atom+xml")
    first, second = items([feed])
    assert first.origin == f"{feed}#urn:monitor:1" and "drone strike" in first.article.text
    assert (first.article.outlet, first.article.published) == ("Atom Monitor", dt.date(2024, 11, 25))
    assert second.origin == f"{feed}#urn:monitor:2" and "tear gas" in second.article.text
    assert second.article.published == dt.date(2024, 11, 24) and second.article.url == server.url("/protest")
    assert "/never" not in [r.path for r in server.requests]


def test_feed_sniffed_from_a_generic_xml_content_type(server):
    body = rss(server).replace("<guid>strike-2</guid>", "").split("<item><title>Drone")[0] + "</channel></rss>"
    feed = server.route("/export", body, content_type="text/xml")
    assert [i.origin for i in items([feed])] == [f"{feed}#clash-1"]


def test_garbage_feed_is_one_error_item(server, tmp_path):
    url = server.route("/broken.rss", b"<rss><channel><item><title>unclosed & broken <<<",
                       content_type="application/rss+xml")
    item = only(items([url]))
    assert item.article is None and item.error.startswith(f"{url} is not a valid RSS or Atom feed (")
    path = tmp_path / "broken.xml"
    path.write_bytes(b"this is not XML at all \x00\x01")
    item = only(items([path]))
    assert item.error.startswith(f"{path} is not a valid RSS or Atom feed")


def test_html_to_text_keeps_paragraphs_and_drops_scripts():
    html = "<p>One &amp; two.</p><script>var x = 1;</script><p>Three<br>four</p>"
    assert html_to_text(html) == "One & two.\n\nThree\n\nfour"


# ---- JSONL ----------------------------------------------------------------------------------


def jsonl_lines() -> list[str]:
    return [
        json.dumps({"text": CLASH, "url": "https://example.org/a", "title": "Checkpoint", "outlet": "Wire",
                    "published": "2024-11-26"}),
        "{not json at all",
        json.dumps({"text": FRENCH, "published": "2024-11-26"}),
        "",
        json.dumps({"title": "no text here"}),
        json.dumps({"html": f"<p>{STRIKE}</p>", "date": "2024-11-27T09:30:00+03:00"}),
        json.dumps(["a", "list"]),
        json.dumps({"text": PROTEST}),
    ]


def check_jsonl(result: list[SourceItem], path: Path) -> None:
    assert [i.origin for i in result] == [f"{path}:{n}" for n in (1, 2, 3, 5, 6, 7, 8)]
    good, bad_json, french, no_text, html, not_object, undated = result
    assert good.article.title == "Checkpoint" and good.article.outlet == "Wire"
    assert good.article.url == "https://example.org/a" and good.article.published == dt.date(2024, 11, 26)
    assert bad_json.error == "not valid JSON on line 2"
    assert french.article is None and "looks like 'fr', not English" in french.error
    assert no_text.error == "line 5 has no 'text' or 'html' field with a report in it"
    assert "three civilians" in html.article.text and "<p>" not in html.article.text
    assert html.article.published == dt.date(2024, 11, 27)
    assert not_object.error == "line 7 is not a JSON object"
    assert undated.article.published == DAY


def test_jsonl_bad_lines_are_error_items_and_the_rest_goes_on(tmp_path):
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(jsonl_lines()) + "\n", "utf-8")
    check_jsonl(items([path], published_default=DAY), path)


def test_gzipped_ndjson(tmp_path):
    path = tmp_path / "corpus.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write("\n".join(jsonl_lines()))
    check_jsonl(items([path], published_default=DAY), path)


def test_jsonl_line_over_the_cap_is_skipped_without_stopping(tmp_path, monkeypatch):
    monkeypatch.setenv("OBSERVATORY_MAX_BYTES", "3000")
    path = tmp_path / "big.ndjson"
    path.write_text(json.dumps({"text": CLASH * 40}) + "\n" + json.dumps({"text": STRIKE}) + "\n", "utf-8")
    first, second = items([path])
    assert first.origin == f"{path}:1" and "line 1 is over the" in first.error
    assert second.origin == f"{path}:2" and "drone strike" in second.article.text


def test_jsonl_is_streamed_not_read_whole(tmp_path):
    """Items come before the file is read to its end: the iterator yields line 1 at once."""
    path = tmp_path / "stream.jsonl"
    path.write_text(json.dumps({"text": CLASH}) + "\n", "utf-8")
    it = iter_sources([str(path)])
    first = next(it)
    with path.open("a", encoding="utf-8") as handle:  # appended after the first item was read
        handle.write(json.dumps({"text": STRIKE}) + "\n")
    second = next(it)
    assert "Afgooye" in first.article.text and "drone strike" in second.article.text


# ---- files, directories, URL lists ----------------------------------------------------------


def test_directory_recursion_with_sidecars_and_skipped_files(tmp_path, server):
    server.route("/listed", page(PROTEST, "Listed"), content_type="text/html")
    root = tmp_path / "reports"
    (root / "b_sub" / "deeper").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "a_clash.txt").write_text(CLASH, "utf-8")
    (root / "a_clash.meta.json").write_text(json.dumps(
        {"published": "2024-11-26", "outlet": "Wire report", "title": "Checkpoint attack", "url": None}), "utf-8")
    (root / "a_clash.expected.json").write_text('{"events": []}', "utf-8")
    (root / "b_sub" / "strike.html").write_bytes(page(STRIKE, "Strike"))
    (root / "b_sub" / "deeper" / "notes.md").write_text(PROTEST, "utf-8")
    (root / "b_sub" / "deeper" / "more.jsonl").write_text(json.dumps({"text": CLASH + " Update."}), "utf-8")
    (root / "b_sub" / "links.urls").write_text(f"# one page\n{server.url('/listed')}\n", "utf-8")
    (root / "c_french.txt").write_text(FRENCH, "utf-8")
    (root / ".hidden.txt").write_text(STRIKE, "utf-8")
    (root / ".git" / "config.txt").write_text(STRIKE, "utf-8")
    (root / "script.py").write_text("print('not a report')\n", "utf-8")
    (root / "map.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (root / "README.md").write_text("These are the reports of the test.", "utf-8")
    result = items([root], published_default=DAY)
    assert [i.origin for i in result] == [
        str(root / "a_clash.txt"),
        f"{root / 'b_sub' / 'deeper' / 'more.jsonl'}:1",
        str(root / "b_sub" / "deeper" / "notes.md"),
        server.url("/listed"),
        str(root / "b_sub" / "strike.html"),
        str(root / "c_french.txt"),
    ]
    clash = result[0].article
    assert (clash.published, clash.outlet, clash.title, clash.url) == (
        dt.date(2024, 11, 26), "Wire report", "Checkpoint attack", None)
    assert result[2].article.published == DAY and result[4].article.title == "Strike"
    assert "looks like 'fr'" in result[5].error and result[5].article is None


def test_a_symlink_loop_is_walked_once(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "r.txt").write_text(CLASH, "utf-8")
    (tmp_path / "sub" / "up").symlink_to(tmp_path, target_is_directory=True)
    assert [i.origin for i in items([tmp_path])] == [str(tmp_path / "sub" / "r.txt")]


def test_bad_sidecar_is_a_warning_not_an_error(tmp_path):
    (tmp_path / "r.txt").write_text(CLASH, "utf-8")
    (tmp_path / "r.meta.json").write_text("{broken", "utf-8")
    item = only(items([tmp_path / "r.txt"], published_default=DAY))
    assert item.article.published == DAY
    assert [w.kind for w in item.warnings] == ["metadata"] and "ignored" in item.warnings[0].message


def test_unreadable_files_in_a_directory_do_not_stop_it(tmp_path):
    (tmp_path / "a_empty.txt").write_text("   \n", "utf-8")
    (tmp_path / "b_binary.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "c_good.txt").write_text(CLASH, "utf-8")
    empty, binary, good = items([tmp_path])
    assert "is empty" in empty.error and "binary" in binary.error and good.article is not None


def test_url_list_files(tmp_path, server):
    one = server.route("/one", page(CLASH, "One"), content_type="text/html")
    two = server.route("/two", page(STRIKE, "Two"), content_type="text/html")
    listing = tmp_path / "sources.urls"
    listing.write_text(f"# morning sources\n\n{one}\nnot a url\n{server.url('/missing')}\n", "utf-8")
    result = items([listing])
    assert [i.origin for i in result] == [one, f"{listing}:4", server.url("/missing")]
    assert result[0].article.title == "One"
    assert result[1].error == f"line 4 of {listing} is not an http(s) URL: 'not a url'"
    assert result[2].error.startswith("HTTP 404")
    # a .txt whose lines are all URLs is a URL list too; one with prose is a report
    txt = tmp_path / "links.txt"
    txt.write_text(f"{one}\n# comment\n{two}\n", "utf-8")
    assert [i.article.title for i in items([txt])] == ["One", "Two"]
    prose = tmp_path / "prose.txt"
    prose.write_text(f"{CLASH}\nSource: {one}\n", "utf-8")
    assert only(items([prose])).article.text.startswith("Fighters")


def test_published_default_applies_only_to_undated_articles(tmp_path, server):
    (tmp_path / "undated.txt").write_text(CLASH, "utf-8")
    dated = server.route("/dated", page(STRIKE, published="2024-11-20T10:00:00+00:00"), content_type="text/html")
    undated = server.route("/undated", page(PROTEST), content_type="text/html")
    result = items([tmp_path / "undated.txt", dated, undated], published_default=DAY)
    assert [i.article.published for i in result] == [DAY, dt.date(2024, 11, 20), DAY]
    assert [i.article.published for i in items([tmp_path / "undated.txt", undated])] == [None, None]


def test_sniffed_kinds_for_files_without_a_known_extension(tmp_path, server):
    server.route("/strike", page(STRIKE), content_type="text/html")
    server.route("/deleted", page(PROTEST), content_type="text/html")
    (tmp_path / "feed.data").write_text(rss(server), "utf-8")
    (tmp_path / "dump.json").write_text(json.dumps({"text": CLASH}) + "\n" + json.dumps({"text": STRIKE}), "utf-8")
    (tmp_path / "REPORT").write_text(PROTEST, "utf-8")
    assert len(items([tmp_path / "feed.data"])) == 3
    assert [i.origin for i in items([tmp_path / "dump.json"])] == [f"{tmp_path / 'dump.json'}:{n}" for n in (1, 2)]
    assert "tear gas" in only(items([tmp_path / "REPORT"])).article.text
    # a sidecar given on its own is not a report
    (tmp_path / "x.meta.json").write_text("{}", "utf-8")
    assert "sidecar metadata file" in only(items([tmp_path / "x.meta.json"])).error


def test_iterating_sources_loads_neither_spacy_nor_the_gazetteer(tmp_path):
    (tmp_path / "r.txt").write_text(CLASH, "utf-8")
    (tmp_path / "c.jsonl").write_text(json.dumps({"text": STRIKE}), "utf-8")
    code = ("import sys; from observatory.ingest.sources import iter_sources; "
            f"assert all(i.article for i in iter_sources([{str(tmp_path)!r}])); "
            "heavy = [m for m in ('spacy', 'observatory.places', 'observatory.nlp', 'observatory.pipeline', "
            "'httpx', 'feedparser', 'trafilatura') if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_standard_input_is_a_source_of_any_kind(monkeypatch):
    import io
    import sys

    lines = [json.dumps({"text": f"Report {i}: police said two men were arrested in Kano on Monday.",
                         "published": "2024-05-06"}) for i in range(3)]
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(("\n".join(lines) + "\n").encode())))
    items = list(iter_sources(["-"]))
    assert [i.origin for i in items] == ["stdin:1", "stdin:2", "stdin:3"] and all(i.article for i in items)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    (empty,) = list(iter_sources(["-"]))
    assert empty.article is None and "standard input is empty" in empty.error
