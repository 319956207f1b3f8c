"""Reading reports: files, standard input, HTML."""

from observatory.ingest.text import article_from_text, read_article

__all__ = ["article_from_text", "read_article"]
