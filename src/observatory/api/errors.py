"""One JSON error shape for every error the API answers, and the request size cap.

    {"error": {"status": 422, "code": "bad_filter", "message": "...", "details": [...]}}

`code` is stable for programs, `message` is one line for people, `details` says where
(e.g. `{"loc": ["query", "near"], "message": "expected LAT,LON,KM"}`).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# ---- the error shape ------------------------------------------------------------------


class ApiError(Exception):
    """An error answered with the JSON error shape; `code` is stable, `message` is for people."""

    def __init__(self, status: int, code: str, message: str, details: list[Any] | None = None,
                 headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.details = details or []
        self.headers = headers


class ErrorInfo(BaseModel):
    status: int
    code: str
    message: str
    details: list[Any] = []


class ErrorBody(BaseModel):
    """The body of every error answer."""

    error: ErrorInfo


def _default(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (set, tuple)):
        return list(value)
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    raise TypeError(f"cannot serialise {type(value).__name__}")


def json_response(data: Any, status: int = 200, media_type: str = "application/json",
                  headers: dict[str, str] | None = None) -> Response:
    """JSON without FastAPI's per-field encoder: the store already returns plain data."""
    body = json.dumps(data, default=_default, ensure_ascii=False, separators=(",", ":"))
    return Response(body.encode("utf-8"), status_code=status, media_type=media_type, headers=headers)


def error_response(status: int, code: str, message: str, details: list[Any] | None = None,
                   headers: dict[str, str] | None = None) -> Response:
    body = {"error": {"status": status, "code": code, "message": message, "details": details or []}}
    return json_response(body, status, headers=headers)


_HTTP_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
               405: "method_not_allowed", 406: "not_acceptable", 413: "too_large",
               415: "unsupported_media_type"}


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> Response:
        return error_response(exc.status, exc.code, exc.message, exc.details, exc.headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        code = _HTTP_CODES.get(exc.status_code, "http_error")
        if exc.status_code == 404 and exc.detail == "Not Found":
            message = f"no such route: {request.method} {request.url.path}"
        elif exc.status_code == 405:
            message = f"{request.method} is not allowed on {request.url.path}"
        else:
            message = str(exc.detail)
        return error_response(exc.status_code, code, message, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
        details = [{"loc": [str(p) for p in e.get("loc", ())], "message": e.get("msg", ""),
                    "type": e.get("type", "")} for e in exc.errors()]
        first = details[0] if details else {"loc": [], "message": "invalid request"}
        where = ".".join(first["loc"][1:] or first["loc"]) or "request"
        code = "bad_json" if any(d["type"] == "json_invalid" for d in details) else "bad_parameter"
        return error_response(422, code, f"{where}: {first['message']}", details)

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Response:
        return error_response(500, "internal_error",
                              f"internal error ({type(exc).__name__}); the server log has the details")


# ---- request size cap -------------------------------------------------------------------


class BodyLimit:
    """Refuses request bodies over `max_bytes` with 413, before the app buffers them.

    A declared Content-Length over the cap is answered at once (after reading and dropping
    up to `drain_bytes` of it, so an ordinary client that is still sending reads the answer
    instead of a reset connection); a chunked body is counted as it arrives.
    """

    def __init__(self, app: ASGIApp, max_bytes: int, drain_bytes: int = 64 << 20):
        self.app, self.max_bytes, self.drain_bytes = app, max_bytes, drain_bytes

    def _too_large(self) -> str:
        return f"request body over the {self.max_bytes:,}-byte limit (OBSERVATORY_MAX_BYTES)"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = None
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = None
        if declared is not None and declared > self.max_bytes:
            if declared <= self.drain_bytes:
                more = True
                while more:
                    message = await receive()
                    more = message.get("more_body", False) and message["type"] == "http.request"
            response = error_response(413, "too_large", self._too_large())
            await response(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise StarletteHTTPException(413, self._too_large())
            return message

        await self.app(scope, counted, send)
