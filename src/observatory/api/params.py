"""Checking what a client sends: query parameters, filters, ids and posted reports.

Every check answers with the error shape and a message that says what was wrong and what
would be right; nothing unknown is silently ignored.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from dataclasses import dataclass
from typing import Any

from fastapi import Query, Request
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from observatory.api.errors import ApiError
from observatory.errors import InputError, LanguageError
from observatory.taxonomy import EVENT_TYPES, SUB_TO_TYPE

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$")

# ---- query parameters -----------------------------------------------------------------------


def _query_names(dependant: Any) -> set[str]:
    names = {p.alias for p in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


_ALLOWED: dict[int, frozenset[str]] = {}


async def known_parameters_only(request: Request) -> None:
    """Unknown or repeated query parameters are errors, not silently ignored filters.

    A typo such as `?contry=Syria` would otherwise return every event and look like an answer.
    """
    route = request.scope.get("route")
    if route is None:
        return
    allowed = _ALLOWED.get(id(route))
    if allowed is None:
        allowed = _ALLOWED[id(route)] = frozenset(_query_names(route.dependant))
    keys = [k for k, _ in request.query_params.multi_items()]
    unknown = sorted({k for k in keys if k not in allowed})
    if unknown:
        takes = ", ".join(sorted(allowed)) or "no query parameters"
        raise ApiError(422, "unknown_parameter",
                       f"unknown query parameter{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}; "
                       f"{request.url.path} takes: {takes}",
                       [{"loc": ["query", k], "message": "unknown parameter"} for k in unknown])
    repeated = sorted({k for k in keys if keys.count(k) > 1})
    if repeated:
        raise ApiError(422, "bad_parameter", f"query parameter {', '.join(repeated)} given more than once",
                       [{"loc": ["query", k], "message": "given more than once"} for k in repeated])


def _parse_date(name: str, value: str | None) -> dt.date | None:
    if value is None or value == "":
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ApiError(422, "bad_filter", f"{name}: '{value}' is not a date in YYYY-MM-DD form",
                       [{"loc": ["query", name], "message": "not a YYYY-MM-DD date"}]) from None


def _parse_near(value: str | None) -> tuple[float, float, float] | None:
    if value is None or value == "":
        return None
    parts = value.split(",")
    bad = ApiError(422, "bad_filter", f"near: '{value}' is not LAT,LON,KM (e.g. 36.2,37.16,25)",
                   [{"loc": ["query", "near"], "message": "expected LAT,LON,KM"}])
    if len(parts) != 3:
        raise bad
    try:
        lat, lon, km = (float(p) for p in parts)
    except ValueError:
        raise bad from None
    if not all(math.isfinite(x) for x in (lat, lon, km)):
        raise bad
    if not -90 <= lat <= 90 or not -180 <= lon <= 180:
        raise ApiError(422, "bad_filter", f"near: latitude {lat} / longitude {lon} is off the globe "
                       "(latitude -90..90, longitude -180..180)", [{"loc": ["query", "near"], "message": "off the globe"}])
    if not 0 < km <= 20_100:
        raise ApiError(422, "bad_filter", f"near: radius {km} km must be above 0 and at most 20,100",
                       [{"loc": ["query", "near"], "message": "radius out of range"}])
    return lat, lon, km


def _check_type(value: str | None) -> str | None:
    if value is None or value == "":
        return None
    if value in EVENT_TYPES or value in SUB_TO_TYPE:
        return value
    lowered = {name.lower(): name for name in (*EVENT_TYPES, *SUB_TO_TYPE)}
    if value.lower() in lowered:
        return lowered[value.lower()]
    raise ApiError(422, "bad_filter", f"type: '{value}' is not an ACLED event type or sub-event type "
                   f"(e.g. 'Battles', 'Air/drone strike'; GET /api/meta lists them)",
                   [{"loc": ["query", "type"], "message": "unknown event type"}])


@dataclass(frozen=True)
class Filters:
    """The filters of `observatory events`, checked; `to_store()` makes the store's EventFilter."""

    country: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    type: str | None = None
    actor: str | None = None
    near: tuple[float, float, float] | None = None

    def to_store(self) -> Any:
        from observatory.store import EventFilter

        try:
            return EventFilter(country=self.country, since=self.since, until=self.until, type=self.type,
                               actor=self.actor, near=self.near)
        except ValidationError as exc:  # the store's own checks, should they be stricter than ours
            first = exc.errors()[0]
            raise ApiError(422, "bad_filter", str(first.get("msg", "bad filter")).removeprefix("Value error, "),
                           [{"loc": ["query", *map(str, first.get("loc", ()))], "message": first.get("msg", "")}]) from None


async def event_filters(
    country: str | None = Query(None, max_length=100, description="Country name or ISO3 code, e.g. `Syria`."),
    since: str | None = Query(None, max_length=10, description="First event date, `YYYY-MM-DD`."),
    until: str | None = Query(None, max_length=10, description="Last event date, `YYYY-MM-DD`."),
    type: str | None = Query(None, max_length=100,
                             description="ACLED event type or sub-event type, e.g. `Battles` or `Air/drone strike`."),
    actor: str | None = Query(None, max_length=200,
                              description="Part of an actor's name (actor 1, actor 2 or associated), any case."),
    near: str | None = Query(None, max_length=80, description="`LAT,LON,KM`: events within KM km of the point."),
) -> Filters:
    start, end = _parse_date("since", since), _parse_date("until", until)
    if start and end and start > end:
        raise ApiError(422, "bad_filter", f"since {start} is after until {end}",
                       [{"loc": ["query", "since"], "message": "after until"}])
    return Filters(country=(country or "").strip() or None, since=start, until=end, type=_check_type(type),
                   actor=(actor or "").strip() or None, near=_parse_near(near))


def check_id(kind: str, value: str) -> str:
    if not _ID.match(value):
        raise ApiError(422, "bad_id", f"'{value[:60]}' is not a valid {kind} id (letters, digits, . _ : -; at most 128)",
                       [{"loc": ["path", f"{kind}_id"], "message": "malformed id"}])
    return value


# ---- the report a client posts ----------------------------------------------------------------


class ArticleIn(BaseModel):
    """One report to ingest: its text and what is known about it."""

    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, description="The report's text (plain text or HTML).")
    title: str | None = Field(None, max_length=500)
    url: str | None = Field(None, max_length=2000, pattern=r"^https?://\S+$")
    outlet: str | None = Field(None, max_length=200, description="Who published it, e.g. `Reuters`.")
    published: dt.date | None = Field(None, description="Publication date `YYYY-MM-DD`: relative dates "
                                      "('on Wednesday') are read from it.")


_UPLOAD_FIELDS = frozenset({"file", "text", "title", "url", "outlet", "published"})

ARTICLE_BODY_DOC = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": ArticleIn.model_json_schema()},
            "multipart/form-data": {"schema": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary",
                                        "description": "the report as a text or HTML file"},
                               "text": {"type": "string"}, "title": {"type": "string"}, "url": {"type": "string"},
                               "outlet": {"type": "string"}, "published": {"type": "string", "format": "date"}},
            }},
        },
    }
}


def _validation_details(exc: ValidationError) -> list[dict[str, Any]]:
    return [{"loc": ["body", *map(str, e["loc"])], "message": e["msg"], "type": e["type"]} for e in exc.errors()]


def _body_error(exc: ValidationError) -> ApiError:
    details = _validation_details(exc)
    first = details[0]
    return ApiError(422, "bad_body", f"{'.'.join(first['loc'][1:]) or 'body'}: {first['message']}", details)


async def read_article(request: Request, max_bytes: int) -> tuple[Any, list[Any]]:
    """The posted report as an `Article` (JSON body or multipart upload), or an ApiError."""
    from observatory.ingest.text import article_from_bytes, article_from_text

    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    try:
        if ctype == "application/json":
            raw = await request.body()
            try:
                data = json.loads(raw)
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise ApiError(422, "bad_json", f"the body is not valid JSON ({exc})") from None
            if not isinstance(data, dict):
                raise ApiError(422, "bad_body", "the body must be a JSON object with 'text'")
            try:
                item = ArticleIn.model_validate(data)
            except ValidationError as exc:
                raise _body_error(exc) from None
            if len(item.text.encode("utf-8")) > max_bytes:
                raise ApiError(413, "too_large", f"the text is over the {max_bytes:,}-byte limit (OBSERVATORY_MAX_BYTES)")
            return article_from_text(item.text, name="the posted text", published=item.published,
                                     outlet=item.outlet, title=item.title, url=item.url)
        if ctype in ("multipart/form-data", "application/x-www-form-urlencoded"):
            form = await request.form(max_files=1, max_fields=10, max_part_size=max_bytes)
            unknown = sorted(set(form.keys()) - _UPLOAD_FIELDS)
            if unknown:
                raise ApiError(422, "bad_body", f"unknown form field {', '.join(unknown)}; the form takes: "
                               f"{', '.join(sorted(_UPLOAD_FIELDS))}")
            upload = form.get("file")
            fields = {k: v for k, v in form.items() if k != "file" and isinstance(v, str)}
            if upload is not None and not isinstance(upload, str):
                fields.setdefault("text", "-")  # validated below; the file's bytes replace it
                try:
                    item = ArticleIn.model_validate(fields)
                except ValidationError as exc:
                    raise _body_error(exc) from None
                if fields["text"] != "-":
                    raise ApiError(422, "bad_body", "send the report as 'file' or as 'text', not both")
                data = await upload.read()
                if len(data) > max_bytes:
                    raise ApiError(413, "too_large", f"the file is over the {max_bytes:,}-byte limit (OBSERVATORY_MAX_BYTES)")
                return article_from_bytes(data, name=upload.filename or "the uploaded file", published=item.published,
                                          outlet=item.outlet, title=item.title, url=item.url)
            try:
                item = ArticleIn.model_validate(fields)
            except ValidationError as exc:
                raise _body_error(exc) from None
            return article_from_text(item.text, name="the posted text", published=item.published,
                                     outlet=item.outlet, title=item.title, url=item.url)
    except LanguageError as exc:
        raise ApiError(422, "not_english", str(exc), [{"language": exc.language}]) from None
    except InputError as exc:  # empty, binary, HTML without text...
        raise ApiError(422, "bad_input", str(exc)) from None
    raise ApiError(415, "unsupported_media_type",
                   f"send the report as application/json or multipart/form-data (or a urlencoded form), "
                   f"not '{ctype or 'nothing'}'")
