"""One error hierarchy for the whole package.

    ObservatoryError              anything the program reports as a clean one-line message
    ├── InputError                the input cannot be used (missing, empty, binary, too big)
    │   └── LanguageError         the text is not in a language the extractor reads
    ├── ConfigError               a setting or installed resource is missing or broken
    └── ExtractionError           the pipeline failed on an input it accepted

The CLI turns each into `error: <message>` and a non-zero exit; batch runs record them
as failures and go on.
"""

from __future__ import annotations


class ObservatoryError(Exception):
    """Base class: the message is meant for the user, one line."""

    exit_code = 1


class InputError(ObservatoryError):
    exit_code = 2


class LanguageError(InputError):
    def __init__(self, message: str, language: str):
        super().__init__(message)
        self.language = language


class ConfigError(ObservatoryError):
    exit_code = 3


class ExtractionError(ObservatoryError):
    exit_code = 4
