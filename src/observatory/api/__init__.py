"""The analyst's desk: a JSON API and an offline web dashboard over the event store.

`create_app()` builds the FastAPI application (the API under /api, the dashboard at /);
`serve()` runs it with uvicorn. FastAPI is imported only when one of them is used, so
`import observatory` stays light.

    app       the routes, the dashboard's static files        serve     uvicorn, tokens from settings
    params    query parameters, filters, ids, posted reports  access    bearer tokens, loopback writes
    errors    the one error shape, the request size cap        cache     short-lived answers, single flight
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = ["create_app", "serve"]


def create_app(*args: Any, **kwargs: Any) -> FastAPI:
    """See `observatory.api.app.create_app`."""
    from observatory.api.app import create_app as _create_app

    return _create_app(*args, **kwargs)


def serve(*args: Any, **kwargs: Any) -> None:
    """See `observatory.api.serve.serve`."""
    from observatory.api.serve import serve as _serve

    _serve(*args, **kwargs)
