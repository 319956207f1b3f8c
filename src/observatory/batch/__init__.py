"""Batch extraction over many reports: local worker processes or a Dask cluster.

    run_batch(inputs, engine="local"|"dask", workers=N, db=URL, parquet_out=DIR, resume=True)

Workers run `observatory.batch.work.extract_partition`, the same extractor as `extract`.
"""

from observatory.batch.runner import BatchSummary, run_batch

__all__ = ["BatchSummary", "run_batch"]
