"""A batch task for the fault tests: the real extractor, with two faults injected by marker.

- a report containing POISON-RAISE makes the extractor raise (inside `extract_doc`);
- the first time a partition holding a report with POISON-KILL runs, its worker process
  dies (os._exit), as a segfault or the OOM killer would end it; the flag file named by
  OBSERVATORY_TEST_KILL_FLAG records that it happened, so the retry runs normally.
"""

from __future__ import annotations

import os

from observatory.batch.work import extract_partition


def faulty_partition(items: list[dict]) -> list[dict]:
    from observatory.pipeline import get_extractor

    extractor = get_extractor()
    if not getattr(extractor, "_faults_injected", False):
        real = extractor.extract_doc

        def extract_doc(article, doc, warnings):
            if "POISON-RAISE" in article.text:
                raise RuntimeError("the extractor blew up on this report")
            return real(article, doc, warnings)

        extractor.extract_doc = extract_doc
        extractor._faults_injected = True
    flag = os.environ["OBSERVATORY_TEST_KILL_FLAG"]
    if any("POISON-KILL" in it["article"]["text"] for it in items) and not os.path.exists(flag):
        with open(flag, "w") as fh:
            fh.write(str(os.getpid()))
        os._exit(17)
    return extract_partition(items)
