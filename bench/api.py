"""Load benchmark of the JSON API: N concurrent clients against a store of 100,000 events.

    python bench/api.py                         # 100,000 synthetic events in a temporary SQLite file
    python bench/api.py --db postgresql://...   # or a PostgreSQL store (filled if it has fewer events)
    python bench/api.py --clients 50 --duration 20 --json-out bench-api.json

The server runs in its own process (`observatory.api.serve`, as `observatory serve` runs it),
so the clients (asyncio with a minimal keep-alive HTTP/1.1 client, in this process) do not
share its interpreter lock; on a small machine they do share its cores. Each client sends one request after another with no pause, cycling through a fixed set of
realistic queries, for a fixed time per scenario. Printed: requests/s, p50/p95/p99 latency,
errors; the target is p95 under 150 ms at 50 clients.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SCENARIOS: dict[str, list[str]] = {
    "events (filtered)": [
        "/api/events?country=Syria&limit=50",
        "/api/events?type=Battles&since=2024-01-01&until=2024-03-31&limit=50",
        "/api/events?actor=shabaab&limit=50",
        "/api/events?near=35.0,38.5,50&limit=50",
        "/api/events?country=Sudan&type=Attack&limit=50&offset=100",
        "/api/events?since=2024-06-01&until=2024-06-30&limit=50",
    ],
    "stats (filtered)": [
        "/api/stats?country=Syria",
        "/api/stats?since=2024-06-01&until=2024-06-30",
        "/api/stats?type=Battles&since=2024-01-01",
        "/api/stats?actor=rapid",
    ],
    "stats (everything)": [
        "/api/stats",
    ],
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ensure_store(url: str, n: int) -> float:
    """Fill the store up to N events; returns the seconds it took (0 when already full)."""
    from observatory.store import open_store
    from observatory.store.synth import fill

    store = open_store(url)
    have = store.count_events()
    if have >= n:
        return 0.0
    t0 = time.perf_counter()
    fill(store, n - have, seed=1 + have)
    return time.perf_counter() - t0


def start_server(url: str, port: int, log: Path, cache_seconds: float) -> subprocess.Popen:
    """The app under uvicorn in its own process, configured as `observatory serve` runs it."""
    code = ("import sys, uvicorn; from observatory.api.app import create_app; "
            "uvicorn.run(create_app(sys.argv[1], cache_seconds=float(sys.argv[3])), host='127.0.0.1', "
            "port=int(sys.argv[2]), log_level='warning', server_header=False)")
    proc = subprocess.Popen([sys.executable, "-c", code, url, str(port), str(cache_seconds)], stderr=log.open("w"))
    import httpx

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited: {log.read_text()[-2000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("the server did not answer within 60 s")


class Connection:
    """One keep-alive HTTP/1.1 connection: a few lines of asyncio instead of a full client.

    httpx costs about a millisecond of CPU per request; at several hundred requests a second on
    two cores the load generator would then measure itself. This reads exactly what the API
    sends (a status line, headers with Content-Length, the body) and nothing more.
    """

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}\r\nAccept: */*\r\n\r\n".encode())
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        length, close = 0, False
        for line in lines[1:]:
            name, _, value = line.partition(":")
            name = name.strip().lower()
            if name == "content-length":
                length = int(value)
            elif name == "connection" and value.strip().lower() == "close":
                close = True
        body = await self.reader.readexactly(length)
        if close:
            await self.close()
        return status, body

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None


async def run_scenario(base: str, paths: list[str], clients: int, duration: float) -> dict:
    host, port = base.removeprefix("http://").split(":")
    latencies: list[float] = []
    errors: dict[str, int] = {}
    warm = Connection(host, int(port))
    for p in paths:  # every query once, so the measured requests do not all pay for a cold store
        status, body = await warm.get(p)
        if status != 200:
            raise SystemExit(f"{p} answered {status}: {body[:300]!r}")
    await warm.close()
    stop = time.perf_counter() + duration

    async def one_client(k: int) -> None:
        conn = Connection(host, int(port))
        i = k
        while time.perf_counter() < stop:
            path = paths[i % len(paths)]
            i += 1
            t0 = time.perf_counter()
            try:
                status, _ = await conn.get(path)
            except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
                errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1
                await conn.close()
                continue
            if status != 200:
                errors[str(status)] = errors.get(str(status), 0) + 1
                continue
            latencies.append(time.perf_counter() - t0)
        await conn.close()

    t0 = time.perf_counter()
    await asyncio.gather(*(one_client(k) for k in range(clients)))
    elapsed = time.perf_counter() - t0
    latencies.sort()

    def pct(p: float) -> float:
        return 1000 * latencies[min(len(latencies) - 1, int(p * len(latencies)))] if latencies else float("nan")

    return {"requests": len(latencies), "errors": errors, "seconds": round(elapsed, 2),
            "rps": round(len(latencies) / elapsed, 1), "p50_ms": round(pct(0.50), 1), "p95_ms": round(pct(0.95), 1),
            "p99_ms": round(pct(0.99), 1), "max_ms": round(1000 * latencies[-1], 1) if latencies else None,
            "mean_ms": round(1000 * statistics.fmean(latencies), 1) if latencies else None}


def single_request_times(base: str, paths: list[str], repeat: int = 5) -> dict[str, dict[str, float]]:
    """Each query alone, no concurrency: the first answer (computed by the store) and the median
    of the next ones (from the app's cache when it has one)."""
    import httpx

    out = {}
    with httpx.Client(base_url=base, timeout=60) as c:
        for p in paths:
            times = []
            for _ in range(1 + repeat):
                t0 = time.perf_counter()
                c.get(p).raise_for_status()
                times.append(time.perf_counter() - t0)
            out[p] = {"first_ms": round(1000 * times[0], 1), "then_ms": round(1000 * statistics.median(times[1:]), 1)}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", help="store URL (default: a temporary SQLite file, deleted afterwards)")
    ap.add_argument("--events", type=int, default=100_000, help="events in the store (default 100,000)")
    ap.add_argument("--clients", type=int, default=50, help="concurrent clients (default 50)")
    ap.add_argument("--duration", type=float, default=20.0, help="seconds per scenario (default 20)")
    ap.add_argument("--scenario", action="append", choices=list(SCENARIOS), help="run only these scenarios")
    ap.add_argument("--cache-seconds", type=float, default=2.0,
                    help="the app's answer cache (default 2, as `observatory serve`; 0 measures the store alone)")
    ap.add_argument("--json-out", help="write the figures as JSON here")
    args = ap.parse_args(argv)

    tmp = tempfile.TemporaryDirectory(prefix="observatory-bench-")
    url = args.db or f"sqlite:///{Path(tmp.name) / 'bench.db'}"
    print(f"store: {url}", flush=True)
    fill_s = ensure_store(url, args.events)
    if fill_s:
        print(f"filled {args.events:,} synthetic events in {fill_s:.0f} s", flush=True)
    port = free_port()
    server = start_server(url, port, Path(tmp.name) / "server.log", args.cache_seconds)
    base = f"http://127.0.0.1:{port}"
    results: dict = {"store": url.split("://")[0], "events": args.events, "clients": args.clients,
                     "cache_seconds": args.cache_seconds,
                     "duration_s": args.duration, "cpus": os.cpu_count(), "scenarios": {}}
    try:
        chosen = args.scenario or list(SCENARIOS)
        results["single_request_ms"] = single_request_times(base, [p for s in chosen for p in SCENARIOS[s]])
        print("\none request at a time: the first, then the median of 5 more:")
        for path, t in results["single_request_ms"].items():
            print(f"  {t['first_ms']:8.1f} ms {t['then_ms']:8.1f} ms  {path}")
        print(f"\n{args.clients} clients, {args.duration:.0f} s per scenario:")
        print(f"  {'scenario':<20} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>8}")
        for name in chosen:
            r = asyncio.run(run_scenario(base, SCENARIOS[name], args.clients, args.duration))
            results["scenarios"][name] = r
            print(f"  {name:<20} {r['rps']:>8.1f} {r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f} {r['p99_ms']:>8.1f} "
                  f"{sum(r['errors'].values()):>8}", flush=True)
    finally:
        server.terminate()
        server.wait(10)
        tmp.cleanup()
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
