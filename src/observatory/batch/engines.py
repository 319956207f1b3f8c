"""Where partitions run: local worker processes, or a Dask cluster.

Both engines have one interface: `submit(key, partition)`, then `results()` yields
`(key, partition, output)` as partitions finish, in any order, with `output` None for a
partition that kept killing its worker. Both survive a worker that dies:

  - local: a dead process breaks Python's process pool; the pool is rebuilt and every
    unfinished partition is submitted again (the one that was running when it broke
    counts an attempt; after MAX_ATTEMPTS it is given up);
  - dask: the scheduler moves a dead worker's tasks to another worker by itself; a task
    that kills workers again and again ends in KilledWorker and is given up.

The runner splits a given-up partition into single reports to find the one to blame.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator

from observatory.batch.work import Task, extract_partition, warm

MAX_ATTEMPTS = 3
# One process per core, one thread per process: BLAS thread pools inside each worker would
# only fight over the same cores.
ONE_THREAD = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


class LocalEngine:
    """N worker processes on this machine (spawned: each loads the models once)."""

    name = "local"

    def __init__(self, workers: int, task: Task = extract_partition):
        self.workers = workers
        self.task = task
        self._pool = None
        self._pending: dict = {}  # future -> (key, partition, attempt)

    def start(self) -> None:
        from concurrent.futures import ProcessPoolExecutor

        for key, value in ONE_THREAD.items():  # spawned workers inherit the environment
            os.environ.setdefault(key, value)
        self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"),
                                         initializer=warm)

    def submit(self, key, partition: list[dict], attempt: int = 1) -> None:
        self._pending[self._pool.submit(self.task, partition)] = (key, partition, attempt)

    def in_flight(self) -> int:
        return len(self._pending)

    def results(self) -> Iterator[tuple[object, list[dict], list[dict] | None]]:
        from concurrent.futures import FIRST_COMPLETED, wait
        from concurrent.futures.process import BrokenProcessPool

        while self._pending:
            done, _ = wait(list(self._pending), return_when=FIRST_COMPLETED)
            retry: list[tuple] = []
            for fut in done:
                key, partition, attempt = self._pending.pop(fut)
                try:
                    output = fut.result()
                except BrokenProcessPool:
                    retry.append((key, partition, attempt + 1))
                    continue
                yield key, partition, output
            if not retry:
                continue
            # a worker died: every other unfinished partition is lost with the pool too
            lost = [(k, p, a) for k, p, a in self._pending.values()]
            self._pending.clear()
            self._pool.shutdown(wait=False, cancel_futures=True)
            self.start()
            for key, partition, attempt in lost:
                self.submit(key, partition, attempt)
            for key, partition, attempt in retry:
                if attempt > MAX_ATTEMPTS:
                    yield key, partition, None
                else:
                    self.submit(key, partition, attempt)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)


class DaskEngine:
    """A Dask cluster: a LocalCluster of N single-threaded worker processes, or SCHEDULER."""

    name = "dask"

    def __init__(self, workers: int, scheduler: str | None = None, task: Task = extract_partition):
        self.workers = workers
        self.scheduler = scheduler
        self.task = task
        self.client = None
        self.cluster = None
        self._ac = None
        self._parts: dict = {}  # dask key -> (our key, partition)

    def start(self) -> None:
        import dask
        from distributed import Client, LocalCluster, as_completed

        # Dask's default also sets MALLOC_TRIM_THRESHOLD_=65536 in workers, which returns memory
        # to the OS sooner but costs spaCy about a tenth of its speed; keep glibc's default here.
        dask.config.set({"distributed.nanny.pre-spawn-environ": dict(ONE_THREAD)})
        if self.scheduler:
            self.client = Client(self.scheduler, timeout="30s")
        else:
            self.cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                                        dashboard_address=None, silence_logs=40)
            self.client = Client(self.cluster)
        self.client.run(warm)  # every worker loads the models once, now
        self._ac = as_completed([], with_results=False)

    def submit(self, key, partition: list[dict], attempt: int = 1) -> None:
        fut = self.client.submit(self.task, partition, pure=False)
        self._parts[fut.key] = (key, partition)
        self._ac.add(fut)

    def in_flight(self) -> int:
        return self._ac.count()

    def results(self) -> Iterator[tuple[object, list[dict], list[dict] | None]]:
        from distributed import KilledWorker

        while not self._ac.is_empty():
            fut = next(self._ac)
            key, partition = self._parts.pop(fut.key)
            try:
                output = fut.result()
            except KilledWorker:
                output = None
            fut.release()
            yield key, partition, output

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()
