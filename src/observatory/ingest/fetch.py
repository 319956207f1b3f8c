"""Fetch one web page or feed safely: http(s) only, bounded in time and size.

A URL given to `observatory ingest` (or found in a feed or a URL list) is untrusted:
it may redirect to `file:///etc/passwd`, never answer, or stream gigabytes. So every
redirect hop is followed by hand and its scheme checked, the whole fetch runs under
one deadline (a server that drips a byte every few seconds cannot keep it alive), and
the body is read in chunks and refused as soon as it passes the size cap, before it
is held in memory. Every failure is a `FetchError` with one line that says why.

httpx is imported lazily: only runs that fetch something pay for it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from observatory import __version__, settings
from observatory.errors import ConfigError, InputError

if TYPE_CHECKING:
    import httpx

MAX_REDIRECTS = 5
ALLOWED_SCHEMES = ("http", "https")
DEFAULT_USER_AGENT = f"Observatory/{__version__} (+conflict event extraction; offline research tool)"
_REDIRECT_CODES = (301, 302, 303, 307, 308)


class FetchError(InputError):
    """A URL could not be fetched (bad scheme, HTTP error, timeout, too big): one line why."""


@dataclass(frozen=True)
class FetchResult:
    """What a successful fetch returns: the final URL after redirects and the body."""

    url: str
    status: int
    content_type: str  # the media type, lower case, without parameters ("text/html"); "" if none
    body: bytes
    charset: str | None = None  # the charset parameter of Content-Type, if the server sent one


def check_url(url: str) -> str:
    """URL itself if it is an http(s) URL with a host, else a FetchError saying why not."""
    try:
        parts = urlsplit(url)
        _ = parts.port  # raises ValueError for "host:abc" or a port over 65535
    except ValueError as exc:
        raise FetchError(f"{url!r} is not a valid URL ({exc})") from None
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        shown = f"{scheme}:" if scheme else "a URL without a scheme"
        raise FetchError(f"only http and https URLs are fetched, not {shown} ({_short(url)})")
    if not parts.hostname:
        raise FetchError(f"{_short(url)} has no host name")
    return url


def _short(url: str, limit: int = 120) -> str:
    return url if len(url) <= limit else url[: limit - 1] + "…"


def _mb(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1_000_000 else f"{n:,} bytes"


def _setting_float(name: str) -> float:
    value = settings.get(name)
    try:
        number = float(value)
    except ValueError:
        raise ConfigError(f"OBSERVATORY_{name.upper()} must be a number of seconds, not {value!r}") from None
    if number <= 0:
        raise ConfigError(f"OBSERVATORY_{name.upper()} must be more than 0 seconds, not {value!r}")
    return number


class Fetcher:
    """A reusable HTTP client with the project's safety rules (see the module docstring).

    `timeout` (seconds) bounds the whole fetch, redirects included; `max_bytes` caps the
    body; both default to their settings. Use it as a context manager or call `close()`
    to release its connections.
    """

    def __init__(self, timeout: float | None = None, max_bytes: int | None = None,
                 user_agent: str | None = None):
        self.timeout = float(timeout) if timeout is not None else _setting_float("fetch_timeout")
        self.max_bytes = int(max_bytes) if max_bytes is not None else settings.get_int("max_bytes")
        self.user_agent = user_agent or settings.get("user_agent") or DEFAULT_USER_AGENT
        self._client: httpx.Client | None = None

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def _http(self) -> httpx.Client:
        if self._client is None:
            import httpx  # lazy: only fetching pays for it

            self._client = httpx.Client(
                follow_redirects=False,  # every hop is checked in get()
                headers={"User-Agent": self.user_agent,
                         "Accept": "text/html,application/xhtml+xml,application/rss+xml,"
                                   "application/atom+xml,application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5"},
            )
        return self._client

    def get(self, url: str) -> FetchResult:
        """GET URL, following up to MAX_REDIRECTS http(s) redirects; the body in full or a FetchError."""
        import httpx

        check_url(url)
        deadline = time.monotonic() + self.timeout
        current = url
        for hop in range(MAX_REDIRECTS + 1):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise self._timed_out(url)
            try:
                with self._http().stream("GET", current, timeout=httpx.Timeout(remaining)) as response:
                    if response.status_code in _REDIRECT_CODES:
                        location = response.headers.get("location")
                        if not location:
                            raise FetchError(f"HTTP {response.status_code} from {_short(current)} "
                                             f"redirects nowhere (no Location header)")
                        target = urljoin(current, location.strip())
                        if urlsplit(target).scheme.lower() not in ALLOWED_SCHEMES:
                            raise FetchError(f"{_short(current)} redirects to {_short(target)}; "
                                             f"refused (only http and https URLs are fetched)")
                        check_url(target)
                        current = target
                        continue
                    if response.status_code >= 400:
                        raise FetchError(f"HTTP {response.status_code} from {_short(current)}")
                    body = self._read_capped(response, current, deadline)
                    media, charset = _content_type(response.headers.get("content-type", ""))
                    return FetchResult(url=str(response.url), status=response.status_code,
                                       content_type=media, body=body, charset=charset)
            except httpx.TimeoutException:
                raise self._timed_out(url) from None
            except httpx.InvalidURL as exc:
                raise FetchError(f"{_short(current)!r} is not a valid URL ({_one_line(exc)})") from None
            except httpx.HTTPError as exc:
                raise FetchError(f"cannot fetch {_short(current)}: {_one_line(exc)}") from None
        raise FetchError(f"{_short(url)} redirects more than {MAX_REDIRECTS} times; gave up")

    def _read_capped(self, response: httpx.Response, url: str, deadline: float) -> bytes:
        """The body, refused before reading if Content-Length is over the cap, else while streaming."""
        declared = response.headers.get("content-length")
        if declared is not None and declared.strip().isdigit() and int(declared) > self.max_bytes:
            raise FetchError(f"{_short(url)} is {_mb(int(declared))}, over the {_mb(self.max_bytes)} limit; "
                             f"not downloaded (set OBSERVATORY_MAX_BYTES to raise it)")
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():  # as they arrive, decoded: a gzip bomb hits the cap too
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchError(f"{_short(url)} sent more than {_mb(self.max_bytes)}; "
                                 f"refused (set OBSERVATORY_MAX_BYTES to raise it)")
            chunks.append(chunk)
            if time.monotonic() > deadline:
                raise self._timed_out(url)
        return b"".join(chunks)

    def _timed_out(self, url: str) -> FetchError:
        return FetchError(f"timed out after {self.timeout:g} s fetching {_short(url)} "
                          f"(set OBSERVATORY_FETCH_TIMEOUT to wait longer)")


def _content_type(header: str) -> tuple[str, str | None]:
    media, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip('"\'').lower()
    return media.strip().lower(), charset


def _one_line(exc: Exception) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:200]
