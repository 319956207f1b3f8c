"""A small real HTTP server on 127.0.0.1 for tests that fetch URLs.

Tests register routes (static bodies, status codes, delays, redirects, bodies sent in
chunks with no Content-Length) and fetch them through a real socket, so the code under
test meets what a user's network would give it, not a mock. Usage:

    from httpserver import TestServer

    with TestServer() as server:
        server.route("/page", b"<html>...</html>", content_type="text/html")
        server.redirect("/old", "/page")
        fetch(server.url("/page"))
        assert server.requests[0].headers["User-Agent"].startswith("Observatory/")

(tests/ is on sys.path under pytest because it has no __init__.py.)
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable
from urllib.parse import urlsplit


class _QuietServer(ThreadingHTTPServer):
    """A client that hangs up early (the timeout and size-cap tests do it on purpose) is normal here."""

    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        import sys

        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


@dataclass
class Route:
    """What the server answers on one path."""

    body: bytes = b""
    status: int = 200
    content_type: str | None = "text/plain; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before sending the status line
    chunked: bool = False  # Transfer-Encoding: chunked, no Content-Length
    chunk_size: int = 1024
    drip: float = 0.0  # seconds to wait between chunks (implies chunked)
    content_length: int | None = None  # override the Content-Length header (e.g. to claim a huge body)


@dataclass
class Request:
    """A request the server received, for assertions (method, path with query, headers, body)."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes


Handler = Callable[[Request], Route]


class TestServer:
    """Threaded http.server on 127.0.0.1, port chosen by the OS; a context manager."""

    __test__ = False  # not a pytest test class, although its name starts with "Test"

    def __init__(self) -> None:
        self._routes: dict[str, Route | Handler] = {}
        self.requests: list[Request] = []
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._httpd = _QuietServer(("127.0.0.1", 0), self._handler_class())
        self._httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    # ---- lifecycle ------------------------------------------------------------------

    def start(self) -> TestServer:
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # wakes handlers sleeping in a delay or drip
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> TestServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str = "/") -> str:
        return self.base_url + (path if path.startswith("/") else "/" + path)

    # ---- routes ---------------------------------------------------------------------

    def route(self, path: str, body: bytes | str = b"", *, status: int = 200,
              content_type: str | None = "text/plain; charset=utf-8", headers: dict[str, str] | None = None,
              delay: float = 0.0, chunked: bool = False, chunk_size: int = 1024, drip: float = 0.0,
              content_length: int | None = None) -> str:
        """Serve BODY on PATH (any method); returns the route's full URL."""
        if isinstance(body, str):
            body = body.encode("utf-8")
        self._routes[path] = Route(body=body, status=status, content_type=content_type,
                                   headers=dict(headers or {}), delay=delay, chunked=chunked or drip > 0,
                                   chunk_size=chunk_size, drip=drip, content_length=content_length)
        return self.url(path)

    def handle(self, path: str, handler: Handler) -> str:
        """Answer PATH with whatever HANDLER(request) returns (for answers that depend on the request)."""
        self._routes[path] = handler
        return self.url(path)

    def redirect(self, path: str, location: str, *, status: int = 302) -> str:
        """Redirect PATH to LOCATION (a path on this server or any URL, file:// included)."""
        return self.route(path, b"", status=status, content_type=None, headers={"Location": location})

    # ---- the handler ----------------------------------------------------------------

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
                pass

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                request = Request(self.command, self.path, dict(self.headers.items()), body)
                with server._lock:
                    server.requests.append(request)
                target = server._routes.get(self.path) or server._routes.get(urlsplit(self.path).path)
                if target is None:
                    route = Route(body=b"not found", status=404)
                elif isinstance(target, Route):
                    route = target
                else:
                    route = target(request)
                if route.delay and server._stopping.wait(route.delay):
                    return
                try:
                    self._respond(route)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout or a size cap): what the test wanted

            def _respond(self, route: Route) -> None:
                self.send_response(route.status)
                if route.content_type:
                    self.send_header("Content-Type", route.content_type)
                for key, value in route.headers.items():
                    self.send_header(key, value)
                send_body = self.command != "HEAD"
                if route.chunked:
                    self.send_header("Transfer-Encoding", "chunked")
                    self.end_headers()
                    if not send_body:
                        return
                    data = route.body
                    for start in range(0, len(data), route.chunk_size):
                        piece = data[start:start + route.chunk_size]
                        self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                        self.wfile.flush()
                        if route.drip and server._stopping.wait(route.drip):
                            return
                    self.wfile.write(b"0\r\n\r\n")
                else:
                    length = route.content_length if route.content_length is not None else len(route.body)
                    self.send_header("Content-Length", str(length))
                    self.end_headers()
                    if send_body:
                        self.wfile.write(route.body)
                self.wfile.flush()

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = _serve

        return _Handler
