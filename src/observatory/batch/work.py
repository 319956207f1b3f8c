"""What a batch worker runs: one partition of articles through the same extractor as `extract`.

The extractor (spaCy model, actor KB, gazetteer) is loaded once per worker process, on
its first partition, and kept. Articles travel as their JSON; results come back as JSON,
one entry per article, so nothing but plain data crosses between processes or machines.
A report that makes the extractor raise comes back with its error; the others in the
partition are not affected.
"""

from __future__ import annotations

from collections.abc import Callable

BATCH_SIZE = 16  # texts per nlp.pipe batch inside a partition


def extract_partition(items: list[dict]) -> list[dict]:
    """[{origin, article, warnings}] -> [{origin, article_id, result | None, error | None}]."""
    from observatory.pipeline import get_extractor
    from observatory.records import Article, Warning

    extractor = get_extractor()
    articles = [(it["origin"], Article.model_validate(it["article"]),
                 [Warning.model_validate(w) for w in it.get("warnings", [])]) for it in items]
    out: list[dict] = []

    def one(origin, article, warnings, doc=None) -> dict:
        try:
            result = (extractor.extract_doc(article, doc, list(warnings)) if doc is not None
                      else extractor.extract(article, list(warnings)))
            return {"origin": origin, "article_id": article.id, "result": result.model_dump(mode="json"), "error": None}
        except Exception as exc:  # noqa: BLE001 - one report must not sink its partition
            return {"origin": origin, "article_id": article.id, "result": None,
                    "error": f"extraction failed: {type(exc).__name__}: {exc}"}

    from observatory.pipeline import parse_text

    try:
        docs = extractor.nlp.pipe((parse_text(a.text) for _, a, _ in articles), batch_size=BATCH_SIZE)
        for (origin, article, warnings), doc in zip(articles, docs):
            out.append(one(origin, article, warnings, doc))
    except Exception:  # noqa: BLE001 - the parser itself failed on some text: go one by one
        for origin, article, warnings in articles[len(out):]:
            out.append(one(origin, article, warnings))
    return out


def warm() -> None:
    """Process-pool initializer: load the models before the first partition arrives."""
    from observatory.pipeline import get_extractor

    get_extractor()


Task = Callable[[list[dict]], list[dict]]
