"""Errors for bad input: each names the file, and where they apply the sheet, row, column, value and expectation."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class Location:
    """Where in an input something was found. Rows are 1-based as a spreadsheet shows them."""

    file: str | Path | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        parts = []
        if self.file is not None:
            parts.append(f"file {str(self.file)!r}")
        if self.sheet is not None:
            parts.append(f"sheet {self.sheet!r}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column {self.column!r}")
        return ", ".join(parts)


class OEWSInputError(ValueError):
    """A BLS input that cannot be read as published. The message says where, what was found and what was expected."""

    def __init__(self, problem: str, *, location: Location | None = None, found=None, expected: str | None = None):
        self.problem = problem
        self.location = location or Location()
        self.found = found
        self.expected = expected
        message = problem
        where = str(self.location)
        if where:
            message = f"{where}: {message}"
        if found is not None:
            message += f"; found {found!r}"
        if expected:
            message += f"; expected {expected}"
        super().__init__(message)


class UnsupportedLayoutError(OEWSInputError):
    """The file is readable but is not a layout this project reads (e.g. a news-release table)."""


class NotBLSDataError(OEWSInputError):
    """The file is not what its name says: an HTML page, an empty body, random bytes."""


class YearConflictError(OEWSInputError):
    """The year in the file name, the file's contents and the ``year=`` argument disagree."""


class SourceNotFoundError(OEWSInputError, FileNotFoundError):
    """The file, folder or archive given to a reader does not exist."""
