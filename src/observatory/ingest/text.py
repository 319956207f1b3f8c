"""Turn a file, standard input or a string into an `Article`, or a clear `InputError`.

Bytes are checked before anything heavy runs: a missing path, a directory, an empty or
whitespace-only file, a binary file and a file over the size limit are refused with one
line that says why. Text that is not UTF-8 is decoded as UTF-16 (with a BOM) or
Windows-1252 with a warning. HTML is reduced to its main text with trafilatura.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import sys
import unicodedata
from pathlib import Path

from observatory import settings
from observatory.errors import InputError, LanguageError
from observatory.ingest.language import guess_language
from observatory.records import Article, Warning

_HTML_HINT = re.compile(rb"<(!doctype html|html|body|article|p|div)[\s>]", re.IGNORECASE)
_WS = re.compile(r"\s+")


def content_id(text: str) -> str:
    """Deterministic article id: a hash of the normalised text (so re-reading changes nothing)."""
    norm = _WS.sub(" ", unicodedata.normalize("NFC", text)).strip().lower()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]


def _decode(data: bytes, warnings: list[Warning], name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        text = data.decode("cp1252", errors="replace")
        warnings.append(Warning(kind="encoding", message=(
            f"{name} is not valid UTF-8 (byte {exc.start}); decoded as Windows-1252")))
        return text


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    control = sum(1 for b in head if b < 9 or 13 < b < 32)
    return bool(head) and control / len(head) > 0.05


def _html_to_text(html: str) -> tuple[str, str | None]:
    import trafilatura  # lazy: only HTML input pays for it

    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_recall=True)
    meta = trafilatura.extract_metadata(html)
    title = meta.title if meta is not None else None
    return text or "", title


def article_from_bytes(
    data: bytes,
    *,
    name: str = "input",
    published: dt.date | None = None,
    outlet: str | None = None,
    title: str | None = None,
    url: str | None = None,
    check_language: bool = True,
) -> tuple[Article, list[Warning]]:
    """Decode, clean and check one report's bytes."""
    warnings: list[Warning] = []
    limit = settings.get_int("max_bytes")
    if len(data) > limit:
        raise InputError(f"{name} is {len(data) / 1e6:.1f} MB, over the {limit / 1e6:.0f} MB limit "
                         f"(set OBSERVATORY_MAX_BYTES to raise it)")
    if not data.strip():
        raise InputError(f"{name} is empty: there is no report to read")
    if _looks_binary(data):
        raise InputError(f"{name} looks like a binary file, not a text or HTML report")
    text = _decode(data, warnings, name)
    if _HTML_HINT.search(data[:4096]):
        text, html_title = _html_to_text(text)
        title = title or html_title
        if not text.strip():
            raise InputError(f"{name} is HTML with no article text in it")
    return article_from_text(text, name=name, published=published, outlet=outlet, title=title,
                             url=url, warnings=warnings, check_language=check_language)


def article_from_text(
    text: str,
    *,
    name: str = "input",
    published: dt.date | None = None,
    outlet: str | None = None,
    title: str | None = None,
    url: str | None = None,
    warnings: list[Warning] | None = None,
    check_language: bool = True,
) -> tuple[Article, list[Warning]]:
    """Check and wrap already-decoded text."""
    warnings = [] if warnings is None else warnings
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    if not text.strip():
        raise InputError(f"{name} is empty: there is no report to read")
    max_chars = settings.get_int("max_chars")
    if len(text) > max_chars:
        warnings.append(Warning(kind="truncated", message=(
            f"{name} has {len(text):,} characters; only the first {max_chars:,} were read")))
        text = text[:max_chars]
    language = guess_language(text)
    if check_language and language not in ("en", "und"):
        raise LanguageError(f"{name} looks like '{language}', not English; the extractor reads "
                            f"English reports only (translate it first)", language)
    if language == "und":
        warnings.append(Warning(kind="language", message=f"could not tell the language of {name}"))
    article = Article(id=content_id(text), title=title, url=url, outlet=outlet,
                      published=published, language=language if language != "und" else "en", text=text)
    return article, warnings


def read_article(
    path: str | Path,
    *,
    published: dt.date | None = None,
    outlet: str | None = None,
    title: str | None = None,
    url: str | None = None,
) -> tuple[Article, list[Warning]]:
    """Read PATH (or '-' for standard input) into an Article."""
    if str(path) == "-":
        data = sys.stdin.buffer.read()
        name = "standard input"
    else:
        p = Path(path)
        if not p.exists():
            raise InputError(f"{p}: no such file")
        if p.is_dir():
            raise InputError(f"{p} is a directory; give one report file (ingest reads directories)")
        limit = settings.get_int("max_bytes")
        size = p.stat().st_size
        if size > limit:
            raise InputError(f"{p} is {size / 1e6:.1f} MB, over the {limit / 1e6:.0f} MB limit "
                             f"(set OBSERVATORY_MAX_BYTES to raise it)")
        try:
            data = p.read_bytes()
        except OSError as exc:
            raise InputError(f"{p}: cannot read ({exc.strerror})") from exc
        name = str(p)
    return article_from_bytes(data, name=name, published=published, outlet=outlet, title=title, url=url)
