"""A short-lived cache of read answers with single-flight computation."""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable

from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

class ResponseCache:
    """Recent read answers, as bytes, for a few seconds; one computation per key at a time.

    A dashboard asks the same questions again and again (every open page reloads the same
    filters), and most of a request's cost is the store's query and the JSON. Answers are
    fresh for `ttl` seconds; for another `ttl` an old answer is still served while one
    refresh runs in the background (so nobody waits when an entry expires). Everything is
    dropped when this app ingests a report, so a client sees its own writes at once; writes
    by another process (`observatory ingest` on the same database) show within 2 x `ttl`
    seconds. Concurrent requests for a missing key wait for the one computation in flight
    instead of each running it ("single flight"). Runs on the event loop only: no locks.
    """

    def __init__(self, ttl: float, max_entries: int = 512, max_bytes: int = 64 << 20):
        self.ttl, self.max_entries, self.max_bytes = ttl, max_entries, max_bytes
        self.entries: OrderedDict[Hashable, tuple[float, int, Response]] = OrderedDict()  # fresh until, size, answer
        self.in_flight: dict[Hashable, asyncio.Future] = {}
        self.generation = 0
        self.size = 0
        self.hits = self.misses = 0

    def clear(self) -> None:
        self.generation += 1
        self.entries.clear()
        self.size = 0

    async def get(self, key: Hashable, compute: Callable[[], Response]) -> Response:
        """The cached answer for KEY, or COMPUTE() run in the thread pool (errors are not kept)."""
        if self.ttl <= 0:
            return await run_in_threadpool(compute)
        now = time.monotonic()
        hit = self.entries.get(key)
        if hit is not None and now < hit[0] + self.ttl:
            self.hits += 1
            self.entries.move_to_end(key)
            if now >= hit[0] and key not in self.in_flight:  # stale: refresh it for the next ones
                task = asyncio.ensure_future(self._compute(key, compute))
                task.add_done_callback(lambda t: t.cancelled() or t.exception())
            return _copy(hit[2])
        waiting = self.in_flight.get(key)
        if waiting is not None:
            return _copy(await asyncio.shield(waiting))
        return _copy(await self._compute(key, compute))

    async def _compute(self, key: Hashable, compute: Callable[[], Response]) -> Response:
        self.misses += 1
        future: asyncio.Future = asyncio.get_running_loop().create_future()
        self.in_flight[key] = future
        generation = self.generation
        try:
            response = await run_in_threadpool(compute)
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # retrieved: waiters re-raise it, nobody logs it twice
            raise
        finally:
            self.in_flight.pop(key, None)
        future.set_result(response)
        if generation == self.generation and response.status_code == 200:
            self._put(key, response)
        return response

    def _put(self, key: Hashable, response: Response) -> None:
        old = self.entries.pop(key, None)
        if old is not None:
            self.size -= len(old[2].body)
        self.entries[key] = (time.monotonic() + self.ttl, len(response.body), response)
        self.size += len(response.body)
        while self.entries and (len(self.entries) > self.max_entries or self.size > self.max_bytes):
            _, (_, n, _) = self.entries.popitem(last=False)
            self.size -= n


def _copy(response: Response) -> Response:
    """A fresh Response over the same body bytes (a Response object is sent once)."""
    return Response(response.body, status_code=response.status_code, media_type=None,
                    headers={k: v for k, v in response.headers.items() if k != "content-length"})
