"""Turn the SOURCE arguments of `observatory ingest` into articles, one `SourceItem` each.

A source is a report file, a directory of them, a JSONL file (one article per line), an
RSS/Atom feed (file or URL), a list of URLs, or one http(s) URL. Ingesting thousands of
reports must not stop at the first bad one, so nothing a source contains raises out of
`iter_sources`: a missing file, a malformed JSONL line, a dead feed link or a French
article each becomes an item with `error` set, and iteration goes on. Only a programming
error (or a broken setting, `ConfigError`) raises.

Everything streams: JSONL is read line by line (a line over the size cap is skipped
without being held), directories are walked lazily, and URLs are fetched only when the
caller asks for the next item. Nothing here loads spaCy or the gazetteer.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import gzip
import json
import os
import re
import zlib
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Iterator, Sequence

from observatory import settings
from observatory.errors import InputError
from observatory.ingest.fetch import Fetcher, FetchError, FetchResult, check_url
from observatory.ingest.text import article_from_bytes, article_from_text
from observatory.records import Article, Warning

# An entry's own content counts as the full article from this many characters of text on;
# shorter content is a teaser, and the entry's link is fetched instead.
ARTICLE_MIN_CHARS = 400

REPORT_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm", ".xhtml")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
FEED_SUFFIXES = (".xml", ".rss", ".atom")
URL_LIST_SUFFIXES = (".urls",)
SIDECAR_SUFFIXES = (".meta.json", ".expected.json")
_MARKUP_SUFFIXES = (".html", ".htm", ".xhtml", ".md")  # never read as URL lists
# Files in a directory that document the folder rather than report anything.
_NOT_REPORTS = re.compile(r"^(readme|license|licence|changelog|contributing|notice|authors)(\.|$)", re.I)

_URL_LINE = re.compile(r"^https?://\S+$", re.I)
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_FEED_ROOT = re.compile(rb"<(?:[a-zA-Z0-9_-]+:)?(rss|feed|rdf:RDF|RDF)[\s>/]")
_HTML_ROOT = re.compile(rb"<(!doctype html|html)[\s>]", re.I)
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json")
_XML_TYPES = ("application/xml", "text/xml")
_TEXT_TYPES = ("text/", "application/xhtml+xml", "application/xml", "application/json")
_CHUNK = 64 * 1024


@dataclass
class SourceItem:
    """One article read from a source, or the one-line reason it could not be read."""

    origin: str  # a path, "path:LINE" for JSONL, a URL, "FEED#entry-id"
    article: Article | None  # None when it could not be read
    warnings: list[Warning] = field(default_factory=list)
    error: str | None = None  # one-line reason when article is None

    @property
    def ok(self) -> bool:
        return self.article is not None


def _failed(origin: str, reason: str) -> SourceItem:
    return SourceItem(origin=origin, article=None, warnings=[], error=reason)


def iter_sources(specs: Sequence[str], *, published_default: dt.date | None = None,
                 fetcher: Fetcher | None = None) -> Iterator[SourceItem]:
    """Every article in SPECS, in order, as SourceItems (see the module docstring).

    `published_default` is the publication date of every article that brings none of its
    own (no sidecar, JSONL field, feed date or page metadata). `fetcher` fetches URLs; one
    with the settings' timeout and size cap is made (and closed) when none is given.
    """
    reader = _Reader(published_default, fetcher)
    try:
        for spec in specs:
            yield from reader.spec(str(spec))
    finally:
        reader.close()


class _Reader:
    """The state one `iter_sources` call shares across its specs: the default date and the fetcher."""

    def __init__(self, published_default: dt.date | None, fetcher: Fetcher | None):
        self.published_default = published_default
        self._fetcher = fetcher
        self._own_fetcher = False

    @property
    def fetcher(self) -> Fetcher:
        if self._fetcher is None:
            self._fetcher = Fetcher()
            self._own_fetcher = True
        return self._fetcher

    def close(self) -> None:
        if self._own_fetcher and self._fetcher is not None:
            self._fetcher.close()

    # ---- dispatch -------------------------------------------------------------------

    def spec(self, spec: str) -> Iterator[SourceItem]:
        spec = spec.strip()
        if not spec:
            yield _failed(spec, "empty source: give a path or an http(s) URL")
            return
        if spec == "-":
            yield from self.stdin()
            return
        scheme = _SCHEME.match(spec)
        # "C:\reports" is a Windows path, not a URL with scheme "c"
        if scheme and len(scheme.group(1)) > 1 and not Path(spec).exists():
            yield from self.url(spec)
            return
        path = Path(spec)
        try:
            if path.is_dir():
                yield from self.directory(path)
            elif path.exists():
                yield from self.file(path)
            else:
                yield _failed(spec, f"{spec}: no such file or directory")
        except OSError as exc:  # a permission error on stat, a path too long, ...
            yield _failed(spec, f"{spec}: cannot read ({exc.strerror or exc})")

    def stdin(self) -> Iterator[SourceItem]:
        """Standard input as one source of any kind (a report, JSONL, a feed, a URL list),
        spooled to a temporary file so a JSONL stream is still read line by line."""
        import shutil
        import sys
        import tempfile

        with tempfile.TemporaryDirectory(prefix="observatory-stdin-") as tmp:
            path = Path(tmp) / "stdin"
            with path.open("wb") as out:
                shutil.copyfileobj(sys.stdin.buffer, out, _CHUNK)
            for item in self.file(path):
                item.origin = item.origin.replace(str(path), "stdin")
                if item.error:
                    item.error = item.error.replace(str(path), "standard input")
                yield item

    def directory(self, root: Path, seen: set[str] | None = None) -> Iterator[SourceItem]:
        """Every report file under ROOT, depth first in sorted order; hidden and other files skipped."""
        seen = set() if seen is None else seen
        real = os.path.realpath(root)
        if real in seen:  # a symbolic link back up the tree: each folder is read once
            return
        seen.add(real)
        try:
            entries = sorted(os.scandir(root), key=lambda e: e.name)
        except OSError as exc:
            yield _failed(str(root), f"{root}: cannot list the directory ({exc.strerror or exc})")
            return
        for entry in entries:
            if entry.name.startswith(".") or entry.name.endswith("~") or entry.name == "__pycache__":
                continue
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                yield from self.directory(path, seen)
            elif _kind_by_name(path.name) not in (None, "sidecar") and not _NOT_REPORTS.match(path.name):
                yield from self.file(path)

    def file(self, path: Path) -> Iterator[SourceItem]:
        kind = _kind_by_name(path.name)
        if kind == "sidecar":
            yield _failed(str(path), f"{path} is a sidecar metadata file, not a report; give the report beside it")
            return
        if kind is None:
            try:
                with path.open("rb") as handle:
                    kind = _sniff(handle.read(4096))
            except OSError as exc:
                yield _failed(str(path), f"{path}: cannot read ({exc.strerror or exc})")
                return
        if kind == "jsonl":  # streamed: a JSONL corpus may be far bigger than the size cap
            yield from self.jsonl(path)
            return
        try:
            data = _read_capped(path)
        except InputError as exc:
            yield _failed(str(path), str(exc))
            return
        may_be_list = kind == "urls" or (kind == "report" and not path.name.lower().endswith(_MARKUP_SUFFIXES))
        if kind == "feed":
            yield from self.feed(data, str(path))
        elif may_be_list and _is_url_list(data, strict=kind == "urls"):
            yield from self.url_list(data, path)
        elif kind == "urls":
            yield _failed(str(path), f"{path} lists no http(s) URLs")
        else:
            yield self.report(data, path)

    # ---- kinds ----------------------------------------------------------------------

    def report(self, data: bytes, path: Path) -> SourceItem:
        """One text or HTML report, with the fields of its `NAME.meta.json` sidecar if there is one."""
        origin = str(path)
        meta, warnings = _sidecar(path)
        published = meta.get("published") or _html_published(data) or self.published_default
        try:
            article, more = article_from_bytes(data, name=origin, published=published,
                                               outlet=meta.get("outlet"), title=meta.get("title"),
                                               url=meta.get("url"))
        except InputError as exc:
            return _failed(origin, str(exc))
        return SourceItem(origin=origin, article=article, warnings=warnings + more)

    def jsonl(self, path: Path) -> Iterator[SourceItem]:
        """One article per line; a bad line is an error item with its number, the rest goes on."""
        limit = settings.get_int("max_bytes")
        opener = gzip.open if path.name.lower().endswith(".gz") else open
        lineno = 0
        try:
            with opener(path, "rb") as handle:
                while True:
                    line = handle.readline(limit + 1)
                    if not line:
                        break
                    lineno += 1
                    origin = f"{path}:{lineno}"
                    if len(line) > limit and not line.endswith(b"\n"):
                        while (rest := handle.readline(_CHUNK)) and not rest.endswith(b"\n"):
                            pass  # skip the rest of the line without holding it
                        yield _failed(origin, f"line {lineno} is over the {limit / 1e6:.0f} MB limit "
                                              f"(set OBSERVATORY_MAX_BYTES to raise it)")
                        continue
                    if line.strip():
                        yield self._jsonl_record(line, lineno, origin)
        except (OSError, EOFError, zlib.error) as exc:  # gzip.BadGzipFile is an OSError
            where = f" after line {lineno}" if lineno else ""
            yield _failed(f"{path}:{lineno + 1}" if lineno else str(path),
                          f"{path}: cannot read{where} ({getattr(exc, 'strerror', None) or exc})")

    def _jsonl_record(self, line: bytes, lineno: int, origin: str) -> SourceItem:
        try:
            record = json.loads(line)
        except ValueError:  # JSONDecodeError and UnicodeDecodeError
            return _failed(origin, f"not valid JSON on line {lineno}")
        if not isinstance(record, dict):
            return _failed(origin, f"line {lineno} is not a JSON object")
        warnings: list[Warning] = []
        published = _record_date(record, lineno, warnings) or self.published_default
        fields = {key: _str_or_none(record.get(key)) for key in ("url", "title", "outlet")}
        text, html = record.get("text"), record.get("html")
        try:
            if isinstance(text, str) and text.strip():
                article, more = article_from_text(text, name=origin, published=published, **fields)
            elif isinstance(html, str) and html.strip():
                article, more = article_from_bytes(_as_html(html), name=origin, published=published, **fields)
            else:
                return _failed(origin, f"line {lineno} has no 'text' or 'html' field with a report in it")
        except InputError as exc:
            return _failed(origin, str(exc))
        return SourceItem(origin=origin, article=article, warnings=warnings + more)

    def feed(self, data: bytes, origin: str) -> Iterator[SourceItem]:
        """Each entry of an RSS/Atom feed: its own content when article-length, else its link fetched."""
        import feedparser  # lazy: only feeds pay for it

        parsed = feedparser.parse(data)  # bytes, never a URL: feedparser fetches nothing
        usable = [e for e in parsed.entries if e.get("link") or _entry_text(e)]
        if parsed.get("bozo") and not usable:  # broken XML that yielded nothing worth reading
            reason = _one_line(parsed.get("bozo_exception")) or "unreadable"
            yield _failed(origin, f"{origin} is not a valid RSS or Atom feed ({reason})")
            return
        if not parsed.entries:
            return  # a valid feed with nothing in it today
        outlet = _str_or_none(parsed.feed.get("title"))
        for number, entry in enumerate(parsed.entries, 1):
            entry_id = entry.get("id") or entry.get("link") or str(number)
            yield self._feed_entry(entry, f"{origin}#{entry_id}", outlet)

    def _feed_entry(self, entry: Any, origin: str, outlet: str | None) -> SourceItem:
        published = _struct_date(entry.get("published_parsed") or entry.get("updated_parsed")
                                 or entry.get("created_parsed")) or self.published_default
        title = _str_or_none(entry.get("title"))
        link = _str_or_none(entry.get("link"))
        text = _entry_text(entry)
        try:
            if len(text) >= ARTICLE_MIN_CHARS:
                article, warnings = article_from_text(text, name=origin, published=published,
                                                      outlet=outlet, title=title, url=link)
            elif link:
                page = self.fetcher.get(link)
                article, warnings = _page_article(page, name=origin, published=published,
                                                  outlet=outlet, title=title, url=link)
            elif text:
                article, warnings = article_from_text(text, name=origin, published=published,
                                                      outlet=outlet, title=title)
                warnings.append(Warning(kind="short", message=(
                    f"feed entry {origin} has only {len(text)} characters of text and no link "
                    f"to the full article")))
            else:
                return _failed(origin, "feed entry has no text and no link")
        except InputError as exc:
            return _failed(origin, str(exc))
        return SourceItem(origin=origin, article=article, warnings=warnings)

    def url_list(self, data: bytes, path: Path) -> Iterator[SourceItem]:
        """Each http(s) URL on its own line (blank lines and # comments skipped), fetched in turn."""
        for lineno, raw in enumerate(data.decode("utf-8", errors="replace").splitlines(), 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if not _URL_LINE.match(line):
                yield _failed(f"{path}:{lineno}", f"line {lineno} of {path} is not an http(s) URL: {line[:80]!r}")
                continue
            yield from self.url(line)

    def url(self, url: str) -> Iterator[SourceItem]:
        """An http(s) URL: a feed becomes its entries, a page or text one article."""
        if url[:5].lower() == "file:":
            yield _failed(url, f"file: URLs are not read ({url[:120]}); give the path itself")
            return
        try:
            check_url(url)
            page = self.fetcher.get(url)
        except FetchError as exc:
            yield _failed(url, str(exc))
            return
        if _is_feed(page):
            yield from self.feed(page.body, url)
            return
        try:
            article, warnings = _page_article(page, name=url, published=None, url=page.url,
                                              fallback_published=self.published_default)
        except InputError as exc:
            yield _failed(url, str(exc))
            return
        yield SourceItem(origin=url, article=article, warnings=warnings)


# ---- kinds of files -----------------------------------------------------------------------


def _kind_by_name(name: str) -> str | None:
    """'report', 'jsonl', 'feed', 'urls' or 'sidecar' from the file name; None to sniff the bytes."""
    lower = name.lower()
    if lower.endswith(SIDECAR_SUFFIXES):
        return "sidecar"
    if lower.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if lower.endswith(FEED_SUFFIXES):
        return "feed"
    if lower.endswith(URL_LIST_SUFFIXES):
        return "urls"
    if lower.endswith(REPORT_SUFFIXES):
        return "report"
    return None


def _sniff(data: bytes) -> str:
    """The kind of a file whose name does not tell: a feed, JSONL or (by default) a report."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if _looks_like_feed(head):
        return "feed"
    if head.startswith(b"{"):
        first = head.split(b"\n", 1)[0].strip()
        try:
            if isinstance(json.loads(first), dict):
                return "jsonl"
        except ValueError:
            pass
    return "report"


def _looks_like_feed(head: bytes) -> bool:
    match = _FEED_ROOT.search(head)
    if match is None:
        return False
    html = _HTML_ROOT.search(head)
    return html is None or html.start() > match.start()


def _is_feed(page: FetchResult) -> bool:
    if page.content_type in _FEED_TYPES:
        return True
    if page.content_type in ("text/html", "text/plain", "application/xhtml+xml"):
        return False
    return _looks_like_feed(page.body[:4096])


def _is_url_list(data: bytes, *, strict: bool) -> bool:
    """True if every non-empty, non-# line is an http(s) URL (a `.urls` file needs only one URL)."""
    lines = [ln.strip() for ln in data.decode("utf-8", errors="replace").splitlines()]
    lines = [ln for ln in lines if ln and not ln.startswith("#")]
    if strict:
        return any(_URL_LINE.match(ln) for ln in lines)
    return bool(lines) and all(_URL_LINE.match(ln) for ln in lines)


def _read_capped(path: Path) -> bytes:
    limit = settings.get_int("max_bytes")
    try:
        size = path.stat().st_size
        if size > limit:
            raise InputError(f"{path} is {size / 1e6:.1f} MB, over the {limit / 1e6:.0f} MB limit "
                             f"(set OBSERVATORY_MAX_BYTES to raise it)")
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None


# ---- metadata -----------------------------------------------------------------------------


def _sidecar(path: Path) -> tuple[dict[str, Any], list[Warning]]:
    """The fields of NAME.meta.json beside NAME.txt (published as a date), and warnings about it."""
    meta_path = path.with_name(path.name.rsplit(".", 1)[0] + ".meta.json")
    if meta_path == path or not meta_path.is_file():
        return {}, []
    try:
        raw = json.loads(meta_path.read_bytes())
    except (OSError, ValueError) as exc:
        return {}, [Warning(kind="metadata", message=f"{meta_path} ignored: not readable JSON ({_one_line(exc)})")]
    if not isinstance(raw, dict):
        return {}, [Warning(kind="metadata", message=f"{meta_path} ignored: not a JSON object")]
    meta = {key: _str_or_none(raw.get(key)) for key in ("outlet", "title", "url")}
    warnings: list[Warning] = []
    if raw.get("published"):
        meta["published"] = parse_date(raw["published"])
        if meta["published"] is None:
            warnings.append(Warning(kind="metadata", message=(
                f"{meta_path}: published {raw['published']!r} is not a date; ignored")))
    return meta, warnings


def parse_date(value: Any) -> dt.date | None:
    """A date from an ISO date or datetime ("2024-11-28", "2024-11-28T10:00:00Z") or an RFC 2822
    date ("Thu, 28 Nov 2024 10:00:00 GMT"); None if VALUE is none of these."""
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(value).date()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        return None


def _record_date(record: dict[str, Any], lineno: int, warnings: list[Warning]) -> dt.date | None:
    for key in ("published", "date"):
        value = record.get(key)
        if value in (None, ""):
            continue
        date = parse_date(value)
        if date is None:
            warnings.append(Warning(kind="metadata", message=f"line {lineno}: {key} {value!r} is not a date; ignored"))
        return date
    return None


def _struct_date(value: Any) -> dt.date | None:
    try:
        return dt.date(value.tm_year, value.tm_mon, value.tm_mday) if value else None
    except (AttributeError, ValueError):
        return None


_META_DATE = re.compile(
    rb"""<meta\s[^>]*(?:property|name|itemprop)\s*=\s*["']?(?:article:published_time|og:published_time|"""
    rb"""datePublished|date|pubdate|publishdate|dc\.date|dc\.date\.issued|dcterms\.created)["'\s>][^>]*>""",
    re.I)
_META_CONTENT = re.compile(rb"""content\s*=\s*["']([^"']+)["']""", re.I)
_JSONLD_DATE = re.compile(rb""""datePublished"\s*:\s*"([^"]+)\"""")


def _html_published(data: bytes) -> dt.date | None:
    """The publication date an HTML page declares in its markup (meta tags, JSON-LD), if any.

    Only explicit markup counts: guessing from dates in the text would shift every
    relative date ("on Tuesday") in the report by the guess's error.
    """
    head = data[:65536]
    if not _HTML_ROOT.search(head[:4096]) and b"<meta" not in head[:4096].lower():
        return None
    for tag in _META_DATE.finditer(head):
        content = _META_CONTENT.search(tag.group(0))
        if content and (date := parse_date(content.group(1).decode("ascii", "replace"))):
            return date
    found = _JSONLD_DATE.search(head)
    if found:
        return parse_date(found.group(1).decode("ascii", "replace"))
    return None


# ---- pages and feed entries -----------------------------------------------------------------


def _page_article(page: FetchResult, *, name: str, published: dt.date | None, url: str | None,
                  outlet: str | None = None, title: str | None = None,
                  fallback_published: dt.date | None = None) -> tuple[Article, list[Warning]]:
    """A fetched page (HTML or plain text) as an Article; other media types are refused."""
    media = page.content_type
    if media and not media.startswith(_TEXT_TYPES) and not media.endswith(("+xml", "+json")):
        raise InputError(f"{page.url} is {media}, not a text or HTML page")
    body = page.body
    if page.charset and page.charset.replace("-", "").replace("_", "") not in ("utf8", "usascii", "ascii"):
        try:
            body = body.decode(page.charset, errors="replace").encode("utf-8")
        except LookupError:
            pass  # an unknown charset: let the decoder guess
    published = published or _html_published(body) or fallback_published
    return article_from_bytes(body, name=name, published=published, outlet=outlet, title=title, url=url)


def _entry_text(entry: Any) -> str:
    """The longest text a feed entry carries (content:encoded, Atom content or the summary), as plain text."""
    candidates: list[tuple[str, str]] = [(c.get("value") or "", c.get("type") or "") for c in entry.get("content", [])]
    summary = entry.get("summary_detail") or {}
    if entry.get("summary"):
        candidates.append((entry.get("summary"), summary.get("type") or "text/html"))
    best = ""
    for value, media in candidates:
        text = html_to_text(value) if ("html" in media or "<" in value) else value.strip()
        if len(text) > len(best):
            best = text
    return best


class _TextOnly(HTMLParser):
    _BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
              "tr", "table", "section", "article", "header", "footer", "figure", "figcaption", "pre", "hr"}
    _SKIP = {"script", "style", "noscript", "template"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed entry's content), paragraphs on their own lines.

    trafilatura looks for a page's main content and drops short fragments; a feed entry
    is already just the content, so tags are simply stripped.
    """
    parser = _TextOnly()
    parser.feed(fragment)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n\n".join(line for line in lines if line)


def _as_html(html: str) -> bytes:
    """HTML from a JSONL `html` field as bytes that `article_from_bytes` recognises as HTML."""
    data = html.encode("utf-8")
    if not re.search(rb"<(!doctype html|html|body)[\s>]", data[:4096], re.I):
        data = b"<html><body>" + data + b"</body></html>"  # trafilatura finds no tree in a bare fragment
    return data


def _str_or_none(value: Any) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def _one_line(value: Any) -> str:
    return " ".join(str(value or "").split())[:200]


__all__ = ["ARTICLE_MIN_CHARS", "SourceItem", "html_to_text", "iter_sources", "parse_date"]
