"""The dashboard in a real browser: Debian's chromium driven by Playwright, headless, offline.

A uvicorn server on a loopback port serves the app over a fresh SQLite store; reports go in
over HTTP. Every test saves a screenshot (the folder is printed; set OBSERVATORY_SCREENSHOTS
to keep them somewhere) and fails on any JavaScript error or any request that leaves 127.0.0.1.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from observatory.api.app import create_app
from test_api import ROOT, SEED, SEED_META, running

pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
KENYA = "kenya_protest_police_fire"
SCRIPT_REPORT = (
    "Gunmen killed three villagers in Kidal, Mali on Monday, residents said. "
    "<script>window.__pwned = 1</script><img src=x onerror=\"window.__pwned = 2\"> "
    "The attackers fled on motorbikes before soldiers arrived."
)
SCRIPT_TITLE = "<img src=x onerror=\"window.__pwned = 3\">Kidal attack"


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("OBSERVATORY_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots: {folder}")
    return folder


@pytest.fixture(scope="module")
def desk(tmp_path_factory) -> Iterator[str]:
    """A running server with the seed and one Kenyan report ingested over HTTP."""
    if not (ROOT / "src/observatory/web/node_modules/leaflet/dist/leaflet.js").exists():
        pytest.fail("the dashboard's map assets are missing: run scripts/web-assets (make does)")
    url = f"sqlite:///{tmp_path_factory.mktemp('desk') / 'store.db'}"
    with running(create_app(url)) as base:
        with httpx.Client(base_url=base, timeout=120) as c:
            assert c.post("/api/articles", json={"text": SEED.read_text("utf-8"), **SEED_META}).status_code == 201
            meta = json.loads((ROOT / "examples" / f"{KENYA}.meta.json").read_text("utf-8"))
            kenya = c.post("/api/articles", json={"text": (ROOT / "examples" / f"{KENYA}.txt").read_text("utf-8"),
                                                  "published": meta["published"], "outlet": meta.get("outlet")})
            assert kenya.status_code == 201, kenya.text
        yield base


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, desk):
    """A fresh page that records JavaScript errors and refuses every request off this machine."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    problems: list[str] = []
    pg.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    pg.on("console", lambda msg: problems.append(f"console: {msg.text}") if msg.type == "error" else None)
    outside: list[str] = []

    def guard(route):
        if route.request.url.startswith(desk) or route.request.url.startswith("data:"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    pg.route("**/*", guard)
    pg.set_default_timeout(20_000)
    pg.desk = desk
    yield pg
    context.close()
    assert not outside, f"the dashboard asked for something off this machine: {outside}"
    assert not problems, problems


def api(desk: str, path: str, **params):
    return httpx.get(desk + path, params=params, timeout=30).json()


def test_the_seed_is_on_the_map_and_in_the_table(page, shots):
    expected = api(page.desk, "/api/events", limit=1000)["items"]
    located = [e for e in expected if e["latitude"] is not None]
    page.goto(page.desk + "/#/")
    page.wait_for_selector(f'#map[data-markers="{len(located)}"]')
    page.wait_for_selector('#map[data-basemap="loaded"]')
    assert page.locator("path.event-marker").count() == len(located) >= 5
    aleppo = [e for e in located if e["location"] == "Aleppo"]
    for e in aleppo:
        assert page.locator(f'path.event-marker[data-event-id="{e["event_id"]}"]').count() == 1
    battle = next(e for e in aleppo if e["fatalities"] == 97)
    big = page.locator(f'path.event-marker[data-event-id="{battle["event_id"]}"]')
    assert big.get_attribute("fill") == "#d62728"  # Battles are red in the legend
    assert page.locator(".legend").inner_text().count("Battles") == 1

    rows = page.locator("#events-table tbody tr")
    assert rows.count() == len(expected)
    table = page.locator("#events-table").inner_text()
    for place in ("Aleppo", "Nayrab", "Nairobi"):
        assert place in table
    assert page.locator("svg.timeline rect.bar").count() >= 2
    bars = page.locator("svg.timeline rect.bar").evaluate_all("els => els.map(e => ({...e.dataset}))")
    on_the_day = [b for b in bars if b["from"] <= "2024-11-27" <= b["to"]]
    assert sum(int(b["deaths"]) for b in on_the_day) == 100  # 97 in battles + 3 by shelling, stacked
    assert {b["type"] for b in on_the_day} == {"Battles", "Explosions/Remote violence"}

    page.locator("th[data-sort=fatalities]").click()
    assert page.locator("#events-table tbody tr").first.locator("td.num").first.inner_text() == "97"
    assert page.locator("th[data-sort=fatalities]").get_attribute("aria-sort") == "descending"

    page.screenshot(path=str(shots / "overview.png"), full_page=True)
    big.dispatch_event("click")  # the small Nayrab marker sits on top of its centre
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "97 deaths" in popup.inner_text()
    page.wait_for_timeout(400)  # the map pans to show the popup
    page.locator("#map").screenshot(path=str(shots / "map_popup.png"))


def test_the_aleppo_battle_shows_every_span_by_source(page, shots):
    page.goto(page.desk + "/#/")
    page.get_by_role("link", name="Non-state actor overtakes territory").first.click()
    page.wait_for_selector("mark.casualty")
    assert page.locator("#event h1").inner_text().strip() == "Non-state actor overtakes territory"
    marks = page.locator("#event .article-text mark.casualty")
    by_text = {m["text"]: m for m in marks.evaluate_all(
        "els => els.map(e => ({text: e.textContent, source: e.dataset.source, bg: getComputedStyle(e).backgroundColor}))")}
    sohr = "Syrian Observatory for Human Rights"
    for text in ("44 HTS members", "16 members of allied armed groups", "37 members"):
        assert text in by_text, sorted(by_text)
        assert by_text[text]["source"] == sohr
    colours = {m["bg"] for m in by_text.values() if m["source"] == sohr}
    assert len(colours) == 1  # one colour per source...
    others = {m["bg"] for m in by_text.values() if m["source"] != sohr}
    assert others and not (others & colours)  # ...and another for every other source
    # the claims table says what each source claimed, with the quoted words
    claims = page.locator("#claims-table tbody tr").evaluate_all(
        "rows => rows.map(r => Array.from(r.cells).map(c => c.textContent.trim()))")
    said = {(row[0], row[1], row[3], row[5]) for row in claims}
    assert (sohr, "Hayat Tahrir al-Sham", "44", "“44 HTS members”") in said
    assert (sohr, "Hayat Tahrir al-Sham", "16", "“16 members of allied armed groups”") in said
    assert (sohr, "Military Forces of Syria (2000-2024)", "37", "“37 members”") in said
    # the supporting sentences are underlined in the text too
    assert page.locator("#event .article-text .claim").count() >= 5
    assert "null" not in page.locator("#event").inner_text() and "undefined" not in page.locator("#event").inner_text()
    page.locator("#event").get_by_text("“44 HTS members”").click()
    page.wait_for_selector("mark.casualty.flash")
    page.screenshot(path=str(shots / "aleppo_battle.png"), full_page=True)


def test_filter_by_country(page, shots):
    page.goto(page.desk + "/#/")
    page.wait_for_selector("#events-table tbody tr[data-event-id]")
    page.fill("#filters input[name=country]", "Kenya")
    page.click("#filters button[type=submit]")
    page.wait_for_function("location.hash.includes('country=Kenya')")
    kenya = api(page.desk, "/api/events", country="Kenya")["total"]
    page.wait_for_selector(f"#summary:has-text('{kenya} events')")
    rows = page.locator("#events-table tbody tr[data-event-id]")
    assert rows.count() == kenya >= 1
    assert set(rows.locator("td:nth-child(6)").all_inner_texts()) == {"Kenya"}
    assert "Syria" not in page.locator("#events-table").inner_text()
    page.wait_for_selector(f'#map[data-markers="{kenya}"]')
    page.screenshot(path=str(shots / "filter_kenya.png"), full_page=True)
    page.fill("#filters input[name=country]", "Syria")
    page.select_option("#filters select[name=type]", "Battles")
    page.click("#filters button[type=submit]")
    page.wait_for_selector("#summary:has-text('2 events')")
    assert page.locator("#events-table tbody tr[data-event-id]").count() == 2


def test_paste_a_report_and_see_its_event(page, shots):
    text = (ROOT / "examples" / "somalia_afgooye_ied.txt").read_text("utf-8")
    published = json.loads((ROOT / "examples" / "somalia_afgooye_ied.meta.json").read_text("utf-8"))["published"]
    page.goto(page.desk + "/#/add")
    page.fill("#add-form textarea[name=text]", text)
    page.fill("#add-form input[name=outlet]", "Mogadishu desk")
    page.fill("#add-form input[name=published]", published)
    page.click("#add-form button[type=submit]")
    page.wait_for_selector("#add-status:has-text('Stored')", timeout=60_000)
    new = page.locator(".new-events li")
    assert new.count() >= 1 and "Somalia" in new.first.inner_text()
    page.screenshot(path=str(shots / "added_report.png"), full_page=True)
    new.first.get_by_role("link").click()
    page.wait_for_selector("#event .article-text")
    assert "Mogadishu desk" in page.locator("#event .byline").first.inner_text()
    page.goto(page.desk + "/#/?country=Somalia")
    page.wait_for_selector("#events-table tbody tr[data-event-id]")
    assert "Afgooye" in page.locator("#events-table").inner_text()


def test_a_report_with_script_tags_shows_as_text(page, shots):
    page.goto(page.desk + "/#/add")
    page.fill("#add-form textarea[name=text]", SCRIPT_REPORT)
    page.fill("#add-form input[name=title]", SCRIPT_TITLE)
    page.fill("#add-form input[name=published]", "2025-01-08")
    page.click("#add-form button[type=submit]")
    page.wait_for_selector("#add-status:has-text('Stored')", timeout=60_000)
    page.locator(".new-events li a").first.click()
    page.wait_for_selector("#event .article-text")
    shown = page.locator("#event .article-text").inner_text()
    assert "<script>window.__pwned = 1</script>" in shown
    assert '<img src=x onerror="window.__pwned = 2">' in shown
    assert page.locator("#event h3").first.inner_text() == SCRIPT_TITLE
    assert page.locator("#event script, #event img").count() == 0
    page.goto(page.desk + "/#/")
    page.wait_for_selector("#events-table tbody tr[data-event-id]")
    assert page.evaluate("window.__pwned") is None
    page.goto(page.desk + "/#/event/" + page.evaluate(
        "fetch('/api/events?country=Mali').then(r => r.json()).then(d => d.items[0].event_id)"))
    page.wait_for_selector("#event .article-text")
    assert page.evaluate("window.__pwned") is None
    page.screenshot(path=str(shots / "script_as_text.png"), full_page=True)


def test_the_api_docs_work_offline(page, shots):
    page.goto(page.desk + "/docs")
    page.get_by_text("/api/events/{event_id}").first.wait_for()
    assert page.locator(".opblock").count() >= 8
    page.screenshot(path=str(shots / "api_docs.png"))
