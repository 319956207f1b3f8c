"""Observatory: war reporting in, structured conflict event records out."""

__version__ = "0.1.0"
