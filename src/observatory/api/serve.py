"""`observatory serve`: the API and dashboard under uvicorn.

Tokens come from the arguments, else from the settings OBSERVATORY_API_TOKEN (write) and
OBSERVATORY_READ_TOKEN (read). With no write token, new reports are accepted from this
machine only; serving on a public interface without one says so on start-up.
"""

from __future__ import annotations

import sys

from observatory import settings
from observatory.api.access import is_loopback
from observatory.api.app import create_app


def resolve_tokens(write_token: str | None, read_token: str | None) -> tuple[str | None, str | None]:
    """The explicit tokens, else the settings; empty strings mean 'not set'."""
    write = write_token or settings.get("api_token") or None
    read = read_token or settings.get("read_token") or None
    return write, read


def serve(db_url: str | None = None, host: str = "127.0.0.1", port: int = 8000,
          write_token: str | None = None, read_token: str | None = None, *, log_level: str = "info") -> None:
    """Run the app until interrupted. `db_url` None uses the default SQLite store."""
    import uvicorn

    write, read = resolve_tokens(write_token, read_token)
    app = create_app(db_url, write_token=write, read_token=read)
    where = f"http://{'[' + host + ']' if ':' in host else host}:{port}"
    print(f"Observatory dashboard on {where}/  (API docs: {where}/docs)", file=sys.stderr)
    if not write and not is_loopback(host):
        print("note: no OBSERVATORY_API_TOKEN set: new reports are accepted from this machine only",
              file=sys.stderr)
    if not read and not is_loopback(host):
        print("note: reading is open to anyone who can reach this address (set OBSERVATORY_READ_TOKEN to close it)",
              file=sys.stderr)
    uvicorn.run(app, host=host, port=port, log_level=log_level, server_header=False)
