"""The JSON API over real HTTP: a uvicorn server on a free 127.0.0.1 port, on SQLite and PostgreSQL.

Reports go in through `POST /api/articles` as a client would send them, and every error
answer is checked for the one error shape and the right status.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

from observatory.api.access import is_loopback
from observatory.api.app import create_app

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "syria_aleppo_hts_offensive.txt"
SEED_META = {"published": "2024-11-28", "outlet": "Wire report", "title": "HTS offensive in northern Aleppo"}
ALEPPO = (36.20124, 37.16117)


# ---- a real server in a thread ---------------------------------------------------------------


@contextlib.contextmanager
def running(app, **config) -> Iterator[str]:
    """Serve APP with uvicorn on a free loopback port; yields the base URL."""
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off", **config))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


@contextlib.contextmanager
def client_for(store_url: str, **tokens) -> Iterator[httpx.Client]:
    with running(create_app(store_url, **tokens)) as base, httpx.Client(base_url=base, timeout=60) as client:
        yield client


def post_seed(client: httpx.Client, **headers) -> httpx.Response:
    return client.post("/api/articles", json={"text": SEED.read_text("utf-8"), **SEED_META}, headers=headers)


def assert_error(resp: httpx.Response, status: int, code: str) -> dict:
    """The one error shape: {"error": {status, code, message, details}}, status matching HTTP's."""
    assert resp.status_code == status, resp.text
    assert resp.headers["content-type"].startswith("application/json")
    body = resp.json()
    assert set(body) == {"error"}
    err = body["error"]
    assert set(err) == {"status", "code", "message", "details"}
    assert err["status"] == status and err["code"] == code, err
    assert err["message"] and "\n" not in err["message"]
    assert isinstance(err["details"], list)
    return err


# ---- reading what was ingested ----------------------------------------------------------------


def test_ingest_then_read_every_endpoint(store_url):
    with client_for(store_url) as c:
        assert c.get("/api/events").json()["total"] == 0  # cached for a while...
        assert c.get("/api/stats").json()["events"] == 0
        first = post_seed(c)  # ...but a report ingested here shows at once
        assert first.status_code == 201, first.text
        posted = first.json()
        assert posted["status"] == "new" and len(posted["event_ids"]) == 3
        assert first.headers["location"] == f"/api/articles/{posted['article_id']}"
        battle = next(e for e in posted["events"] if e["sub_event_type"] == "Non-state actor overtakes territory")
        assert (battle["fatalities"], battle["location"], battle["actor1"]) == (97, "Aleppo", "Hayat Tahrir al-Sham")
        assert any("fighter jets" in w["message"] for w in posted["warnings"])
        again = post_seed(c)
        assert again.status_code == 200 and again.json()["status"] == "known"
        assert sorted(again.json()["event_ids"]) == sorted(posted["event_ids"])

        page = c.get("/api/events").json()
        assert page["total"] == 3 and len(page["items"]) == 3 and (page["limit"], page["offset"]) == (100, 0)
        assert {e["event_id"] for e in page["items"]} == set(posted["event_ids"])
        assert all(e["articles"][0]["outlet"] == "Wire report" for e in page["items"])

        def total(**params) -> int:
            resp = c.get("/api/events", params=params)
            assert resp.status_code == 200, resp.text
            return resp.json()["total"]

        assert total(country="Syria") == total(country="SYR") == 3
        assert total(country="Kenya") == 0
        assert total(type="Battles") == 2 and total(type="shelling/artillery/missile attack") == 1
        assert total(actor="tahrir") == 3 and total(actor="Rapid Support") == 0
        assert total(since="2024-11-27", until="2024-11-27") == 3 and total(since="2024-11-28") == 0
        assert total(near=f"{ALEPPO[0]},{ALEPPO[1]},3") == 2  # Aleppo itself; Nayrab is ~6 km out
        assert total(near=f"{ALEPPO[0]},{ALEPPO[1]},10") == 3
        two = c.get("/api/events", params={"limit": 2, "offset": 2}).json()
        assert two["total"] == 3 and len(two["items"]) == 1

        geo = c.get("/api/events", params={"format": "geojson", "type": "Battles"})
        assert geo.headers["content-type"].startswith("application/geo+json")
        fc = geo.json()
        assert fc["type"] == "FeatureCollection" and fc["total"] == 2 and len(fc["features"]) == 2
        assert all(f["geometry"]["type"] == "Point" for f in fc["features"])

        event = c.get(f"/api/events/{battle['event_id']}").json()
        figures = {c_["evidence"]["text"]: c_ for c_ in event["casualties"]}
        for text, best in (("44 HTS members", 44), ("16 members of allied armed groups", 16), ("37 members", 37)):
            assert figures[text]["best"] == best and figures[text]["source"] == "Syrian Observatory for Human Rights"
            assert figures[text]["article_id"] == posted["article_id"]
        assert event["reports"][0]["article_id"] == posted["article_id"] and event["history"]

        article = c.get(f"/api/articles/{posted['article_id']}").json()
        assert article["published"] == "2024-11-28" and article["title"] == SEED_META["title"]
        marked = {article["text"][s["start"]:s["end"]] for s in article["spans"] if s["kind"] == "casualty"}
        assert {"44 HTS members", "16 members of allied armed groups", "37 members"} <= marked

        actors = c.get("/api/actors", params={"q": "tahrir"}).json()["items"]
        assert [a["name"] for a in actors] == ["Hayat Tahrir al-Sham"] and actors[0]["events"] == 3

        stats = c.get("/api/stats", params={"country": "Syria"}).json()
        assert (stats["events"], stats["fatalities"]) == (3, 100)
        assert stats["by_day"] == [{"date": "2024-11-27", "events": 3, "fatalities": 100}]
        assert {t["event_type"]: t["fatalities"] for t in stats["by_type"]} == {
            "Battles": 97, "Explosions/Remote violence": 3}

        acled = c.get("/api/export", params={"format": "acled-csv", "type": "Battles"})
        assert acled.headers["content-type"].startswith("text/csv")
        assert "attachment" in acled.headers["content-disposition"]
        rows = list(csv.DictReader(io.StringIO(acled.text)))
        assert sorted(int(r["fatalities"]) for r in rows) == [0, 97]
        ucdp = list(csv.DictReader(io.StringIO(c.get("/api/export", params={"format": "ucdp-csv"}).text)))
        assert len(ucdp) == 3
        exported = c.get("/api/export", params={"format": "geojson"}).json()
        assert len(exported["features"]) == 3

        docs = c.get("/docs").text
        assert "/vendor/swagger-ui/swagger-ui-bundle.js" in docs and "cdn" not in docs.lower()
        paths = c.get("/openapi.json").json()["paths"]
        assert {"/api/events", "/api/events/{event_id}", "/api/articles", "/api/stats", "/api/export"} <= set(paths)
        assert {"application/json", "multipart/form-data"} <= set(paths["/api/articles"]["post"]["requestBody"]["content"])


def test_upload_a_file_with_metadata(store_url):
    report = ROOT / "examples" / "ukraine_kharkiv_drone_strike.txt"
    meta = json.loads((ROOT / "examples" / "ukraine_kharkiv_drone_strike.meta.json").read_text("utf-8"))
    with client_for(store_url) as c:
        resp = c.post("/api/articles", files={"file": (report.name, report.read_bytes(), "text/plain")},
                      data={"published": meta["published"], "outlet": "Kyiv desk", "url": "https://example.test/kharkiv"})
        assert resp.status_code == 201, resp.text
        body = resp.json()
        assert body["events"] and body["events"][0]["country"] == "Ukraine"
        article = c.get(f"/api/articles/{body['article_id']}").json()
        assert (article["outlet"], article["url"], article["published"]) == (
            "Kyiv desk", "https://example.test/kharkiv", meta["published"])
        event = c.get(f"/api/events/{body['event_ids'][0]}").json()
        assert event["articles"][0]["outlet"] == "Kyiv desk"


# ---- bad input ---------------------------------------------------------------------------------


BAD_QUERIES = [
    ("/api/events", {"contry": "Syria"}, 422, "unknown_parameter"),
    ("/api/stats", {"page": "2"}, 422, "unknown_parameter"),
    ("/api/actors", {"country": "Syria"}, 422, "unknown_parameter"),
    ("/api/events/abc", {"limit": "5"}, 422, "unknown_parameter"),
    ("/api/events", {"since": "2024-13-01"}, 422, "bad_filter"),
    ("/api/events", {"until": "yesterday"}, 422, "bad_filter"),
    ("/api/stats", {"since": "2024-12-01", "until": "2024-11-01"}, 422, "bad_filter"),
    ("/api/events", {"near": "36.2,37.1"}, 422, "bad_filter"),
    ("/api/events", {"near": "north,of,aleppo"}, 422, "bad_filter"),
    ("/api/events", {"near": "95,37,10"}, 422, "bad_filter"),
    ("/api/events", {"near": "36.2,37.1,0"}, 422, "bad_filter"),
    ("/api/events", {"near": "nan,37.1,5"}, 422, "bad_filter"),
    ("/api/events", {"type": "Skirmish"}, 422, "bad_filter"),
    ("/api/events", {"limit": "0"}, 422, "bad_parameter"),
    ("/api/events", {"limit": "100000"}, 422, "bad_parameter"),
    ("/api/events", {"offset": "-1"}, 422, "bad_parameter"),
    ("/api/events", {"limit": "ten"}, 422, "bad_parameter"),
    ("/api/events", {"format": "xml"}, 422, "bad_parameter"),
    ("/api/export", {}, 422, "bad_parameter"),
    ("/api/export", {"format": "xlsx"}, 422, "bad_parameter"),
    ("/api/events", {"country": "x" * 500}, 422, "bad_parameter"),
    ("/api/events/ev-0000", {}, 404, "not_found"),
    ("/api/articles/0123456789abcdef", {}, 404, "not_found"),
    ("/api/events/bad id with spaces", {}, 422, "bad_id"),
    ("/api/articles/" + "a" * 300, {}, 422, "bad_id"),
    ("/api/events/%3Cscript%3E", {}, 422, "bad_id"),
    ("/api/nothing-here", {}, 404, "not_found"),
    ("/no/such/page", {}, 404, "not_found"),
    ("/static/package.json", {}, 404, "not_found"),
]


def test_bad_requests_get_the_error_shape(store_url):
    with client_for(store_url) as c:
        for path, params, status, code in BAD_QUERIES:
            assert_error(c.get(path, params=params), status, code)
        err = assert_error(c.get("/api/events", params={"contry": "Syria"}), 422, "unknown_parameter")
        assert "contry" in err["message"] and "country" in err["message"]
        assert_error(c.get("/api/events?country=Syria&country=Iraq"), 422, "bad_parameter")
        resp = c.delete("/api/events")
        assert_error(resp, 405, "method_not_allowed")
        assert resp.headers["allow"] == "GET"
        assert_error(c.put("/api/articles", json={"text": "x"}), 405, "method_not_allowed")

        def post(**kwargs) -> httpx.Response:
            return c.post("/api/articles", **kwargs)

        json_ct = {"Content-Type": "application/json"}
        assert_error(post(content=b'{"text": "unterminated', headers=json_ct), 422, "bad_json")
        assert_error(post(content=b"\xff\xfe\x00garbage", headers=json_ct), 422, "bad_json")
        assert_error(post(json=["a", "list"]), 422, "bad_body")
        assert_error(post(json={"title": "no text"}), 422, "bad_body")
        assert_error(post(json={"text": "Gunmen killed two.", "colour": "red"}), 422, "bad_body")
        assert_error(post(json={"text": "Gunmen killed two.", "published": "28/11/2024"}), 422, "bad_body")
        assert_error(post(json={"text": "Gunmen killed two.", "url": "javascript:alert(1)"}), 422, "bad_body")
        assert_error(post(json={"text": "   \n  "}), 422, "bad_input")
        french = "Des hommes armés ont tué trois civils dans le village mardi, selon les habitants de la région."
        assert_error(post(json={"text": french}), 422, "not_english")
        assert_error(post(content=b"Gunmen killed two.", headers={"Content-Type": "text/plain"}), 415,
                     "unsupported_media_type")
        assert_error(post(files={"file": ("x.bin", bytes(range(256)) * 40, "application/octet-stream")}), 422, "bad_input")
        assert_error(post(files={"file": ("a.txt", b"Gunmen killed two.")}, data={"text": "also text"}), 422, "bad_body")
        assert_error(post(data={"text": "Gunmen killed two.", "votes": "3"}), 422, "bad_body")
        assert c.get("/api/events").json()["total"] == 0  # nothing above was stored


def test_huge_bodies_are_refused_with_413(store_url, monkeypatch):
    monkeypatch.setenv("OBSERVATORY_MAX_BYTES", str(1_000_000))
    with client_for(store_url) as c:
        big = "Gunmen killed two villagers. " * 80_000  # 2.3 MB, over the 1 MB cap and its slack
        assert_error(c.post("/api/articles", json={"text": big}), 413, "too_large")

        def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
            yield b'{"text": "'
            for _ in range(300):
                yield b"x" * 10_000
            yield b'"}'

        assert_error(c.post("/api/articles", content=chunks(), headers={"Content-Type": "application/json"}),
                     413, "too_large")
        # under the transport cap but over the text limit: refused by the reader, same status
        assert_error(c.post("/api/articles", json={"text": "Gunmen killed two. " * 55_000}), 413, "too_large")
        assert_error(c.post("/api/articles", files={"file": ("big.txt", b"Gunmen killed two. " * 55_000)}),
                     413, "too_large")
        # a client that announces 10 GB gets its answer without the server reading the body
        host, port = c.base_url.host, c.base_url.port
        with socket.create_connection((host, port), timeout=10) as raw:
            raw.sendall(b"POST /api/articles HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        b"Content-Length: 10000000000\r\n\r\n{\"text\": \"")
            answer = b""
            while chunk := raw.recv(65536):  # the server answers and closes: read to the end
                answer += chunk
        head, _, body = answer.decode("latin-1").partition("\r\n\r\n")
        assert " 413 " in head.splitlines()[0]
        assert json.loads(body)["error"]["code"] == "too_large"
        assert c.get("/api/health").json()["status"] == "ok"  # and the server is still there


# ---- tokens ------------------------------------------------------------------------------------------


def test_tokens_guard_reads_and_writes(store_url):
    with client_for(store_url, write_token="w-secret", read_token="r-secret") as c:
        err = assert_error(c.get("/api/events"), 401, "unauthorized")
        assert "Bearer" in err["message"]
        assert c.get("/api/events").headers["www-authenticate"] == "Bearer"
        assert_error(c.get("/api/events", headers={"Authorization": "Bearer wrong"}), 403, "forbidden")
        assert_error(c.get("/api/stats", headers={"Authorization": "Basic dXNlcjpwdw=="}), 401, "unauthorized")
        assert c.get("/api/events", headers={"Authorization": "Bearer r-secret"}).status_code == 200
        assert c.get("/api/stats", headers={"Authorization": "Bearer w-secret"}).status_code == 200
        assert c.get("/").status_code == 200  # the dashboard page itself holds no data

        assert_error(post_seed(c), 401, "unauthorized")
        assert_error(post_seed(c, Authorization="Bearer r-secret"), 403, "forbidden")
        assert_error(post_seed(c, Authorization="Bearer w-secret-but-longer"), 403, "forbidden")
        assert c.get("/api/events", headers={"Authorization": "Bearer r-secret"}).json()["total"] == 0
        created = post_seed(c, Authorization="Bearer w-secret")
        assert created.status_code == 201, created.text
        meta = c.get("/api/meta", headers={"Authorization": "Bearer r-secret"}).json()
        assert (meta["write"], meta["read_token"]) == ("token", True)


def test_without_a_write_token_only_this_machine_may_write(store_url):
    # Behind a proxy (uvicorn trusts X-Forwarded-For from 127.0.0.1, as `observatory serve` does),
    # the client is the remote address: it may read but not write.
    app = create_app(store_url)
    with running(app, proxy_headers=True, forwarded_allow_ips="127.0.0.1") as base, \
            httpx.Client(base_url=base, timeout=60) as c:
        remote = {"X-Forwarded-For": "203.0.113.7"}
        assert c.get("/api/events", headers=remote).status_code == 200
        err = assert_error(post_seed(c, **remote), 403, "writes_disabled")
        assert "OBSERVATORY_API_TOKEN" in err["message"]
        assert c.get("/api/meta").json()["write"] == "local"
        assert post_seed(c).status_code == 201  # from 127.0.0.1 itself


def test_loopback_addresses():
    assert all(is_loopback(h) for h in ("127.0.0.1", "127.8.9.10", "::1", "[::1]", "localhost"))
    assert not any(is_loopback(h) for h in ("0.0.0.0", "10.0.0.1", "203.0.113.7", "::", "example.test", "", None))


# ---- crashes --------------------------------------------------------------------------------------


def test_a_broken_store_answers_500_with_the_error_shape(tmp_path):
    db = tmp_path / "broken.db"
    with client_for(f"sqlite:///{db}") as c:
        assert c.get("/api/events").status_code == 200
        with sqlite3.connect(db) as other:  # someone damages the store under the running server
            other.execute("DROP TABLE events")
        err = assert_error(c.get("/api/events", params={"country": "Syria"}), 500, "internal_error")
        assert "Traceback" not in err["message"]


def test_serve_reads_tokens_from_the_settings(monkeypatch):
    from observatory.api.serve import resolve_tokens

    monkeypatch.setenv("OBSERVATORY_API_TOKEN", "from-env-w")
    monkeypatch.setenv("OBSERVATORY_READ_TOKEN", "from-env-r")
    assert resolve_tokens(None, None) == ("from-env-w", "from-env-r")
    assert resolve_tokens("given", None) == ("given", "from-env-r")
    monkeypatch.setenv("OBSERVATORY_API_TOKEN", "")
    monkeypatch.delenv("OBSERVATORY_READ_TOKEN")
    assert resolve_tokens(None, None) == (None, None)
