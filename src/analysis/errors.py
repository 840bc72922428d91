"""Every error this project raises, under one root (:class:`HimWagesError`), so that a caller can catch "anything
him-wages raised" in one line. Errors for bad input name the file, and where they apply the sheet, row, column,
value and expectation.

    HimWagesError
      OEWSInputError            a BLS input that cannot be read as published (also a ValueError)
        UnsupportedLayoutError, NotBLSDataError, YearConflictError, SourceNotFoundError, UnsafeArchiveError,
        DataConflictError       the data loaded hold two rows for one published estimate (e.g. two copies of a file)
        BEAInputError           a BEA Regional Price Parities file that cannot be read as published
      FetchError                a download from BLS or BEA failed (fetch)
        ContactNotConfiguredError, AccessDeniedError, NotInCacheError,
        DownloadError             HTTP error, connection failure or timeout after the retries
          NotPublishedError, UnreachableError
      ConfigError               a run config, option or settings file cannot be used (exit code 2)
        ReportConfigError, RawCatalogError
      ParameterError            a notebook or analysis parameter is not one the data has (also a ValueError)
      ChartInputError           a chart was given rows it cannot draw: none, several releases or measures (also a
                                ValueError)
      CrosswalkError            an occupation code's SOC history is not documented (also a KeyError)
      SeriesBreakError          a growth rate across a break in a series (also a ValueError)
        UnknownCrosswalkError
      StoreError                the processed store is damaged or cannot be written
        StoreWriteError         an OS error while writing data/processed (disk full, permission)
      DamagedIndexError         the reports' index.json cannot be read (it is set aside and rebuilt)
      LockTimeout               another process held a lock longer than the caller would wait (exit code 75)
      Incomplete                a command ran but part of its work failed (some downloads, a checksum mismatch)
        PublisherUnreachable    no publisher could be reached: nothing was checked or changed (exit code 3)
        PartlyUnreachable       some publishers could not be reached (exit code 4, fetch --verify)
    ReaderFallback              internal: a fast reader hands a file to the general one (never reaches a user)
    SkippedInputWarning         a file in a folder that is not OEWS data, skipped (one line naming it)

Exit codes are decided here, once (:data:`EXIT_CODES`, :func:`exit_code`); commands raise and never choose one.
"""

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


class HimWagesError(Exception):
    """The root of every error him-wages raises on purpose; the message is one line a user can act on."""


#: The longest ``found`` an error message quotes in full (the longest real ones, repeated rows with their places and
#: values, are a few hundred characters); a longer one (a 20 MB "line" without a line end) is cut.
FOUND_CHARACTERS = 2000


def _found_text(found) -> str:
    text = repr(found)
    if len(text) <= FOUND_CHARACTERS:
        return text
    return f"{text[:FOUND_CHARACTERS]}... ({len(text):,} characters in all)"


def _message(problem: str, where: str = "", found=None, expected: str | None = None) -> str:
    """One line: "<where>: <problem>; found <found!r>; expected <expected>" (parts that are empty left out; a
    ``found`` longer than :data:`FOUND_CHARACTERS` is cut, saying how long it was)."""
    message = f"{where}: {problem}" if where else problem
    if found is not None:
        message += f"; found {_found_text(found)}"
    if expected:
        message += f"; expected {expected}"
    return message


class OEWSInputError(HimWagesError, ValueError):
    """A BLS input that cannot be read as published. The message says where, what was found and what was expected."""

    def __init__(self, problem: str, *, location: Location | None = None, found=None, expected: str | None = None):
        self.problem = problem
        self.location = location or Location()
        self.found = found
        self.expected = expected
        super().__init__(_message(problem, str(self.location), found, expected))


class UnsupportedLayoutError(OEWSInputError):
    """The file is readable but is not a layout this project reads (e.g. a news-release table)."""


class NotBLSDataError(OEWSInputError):
    """The file is not what its name says: an HTML page, an empty body, random bytes."""


class YearConflictError(OEWSInputError):
    """The year in the file name, the file's contents and the ``year=`` argument disagree."""


class SourceNotFoundError(OEWSInputError, FileNotFoundError):
    """The file, folder or archive given to a reader does not exist."""


class UnsafeArchiveError(OEWSInputError):
    """An archive that is unsafe to unpack: a member escaping its folder, or too large when uncompressed."""


class DataConflictError(OEWSInputError):
    """The data loaded hold more than one row for one published estimate (say, one area's cross-industry row twice,
    from two files of one release); using either would be a guess, summing them would double count."""


class BEAInputError(OEWSInputError):
    """A BEA Regional Price Parities file that cannot be read as BEA publishes it (same fields as its parent)."""


class FetchError(HimWagesError):
    """A download failed; the message names the URL and what to do."""


class ConfigError(HimWagesError, ValueError):
    """A run config, command-line option or settings file cannot be used; the message says where and why."""


class ParameterError(HimWagesError, ValueError):
    """A parameter (occupation, area, year, measure ...) that the data or the analysis does not have."""

    def _render_traceback_(self) -> list[str]:
        """IPython shows this instead of a traceback: the one-line message is all a notebook user needs (the
        frames are package code they did not write)."""
        return [f"{type(self).__name__}: {self}"]


class ChartInputError(HimWagesError, ValueError):
    """A chart was given rows it cannot draw (none, several releases, several measures). The message says what was
    found and what the chart expects. Also a ValueError, as these checks raised before they had their own class."""

    def __init__(self, problem: str, *, found=None, expected: str | None = None):
        self.problem = problem
        self.found = found
        self.expected = expected
        super().__init__(_message(problem, "", found, expected))


class CrosswalkError(HimWagesError, KeyError):
    """The project has not documented how this occupation code changed across SOC revisions."""

    def __str__(self) -> str:  # KeyError quotes its message; this one is a sentence
        return str(self.args[0]) if self.args else ""


class SeriesBreakError(HimWagesError, ValueError):
    """A growth rate was asked for across a break in the series."""


class UnknownCrosswalkError(CrosswalkError):
    """The project has not documented how this occupation code changed across SOC revisions."""


class StoreError(HimWagesError):
    """The processed store (``data/processed``) is damaged, locked or cannot be written."""


class StoreWriteError(StoreError):
    """``data/processed`` could not be written (a full disk, a refused permission); it was left as it was."""


class ContactNotConfiguredError(FetchError):
    """No contact address for the User-Agent that BLS requires."""


class AccessDeniedError(FetchError):
    """BLS (or the mirror) answered 403 or an HTML page: usually a User-Agent it does not accept."""


class DownloadError(FetchError):
    """HTTP error, connection failure or timeout, after the bounded retries."""


class NotPublishedError(DownloadError):
    """HTTP 404: the publisher has no file at this address (e.g. a release not published yet)."""


class UnreachableError(DownloadError):
    """The server could not be reached at all (no network, DNS failure, refused connection, socket timeouts)."""


class NotInCacheError(FetchError):
    """``--offline`` and a needed file is not in ``data/raw/bls/``."""


class ReportConfigError(ConfigError):
    """The run config (or a ``--param``/``--only`` option) cannot be used; the message says where and why."""


class RawCatalogError(ConfigError):
    """data/raw/MANIFEST exists but cannot be read as TOML; the message names the file and the problem."""


class ReportIncompleteError(HimWagesError):
    """The HTML of a report lacks a chart or table that its executed notebook shows (the report is not published)."""


class DamagedIndexError(HimWagesError):
    """The reports' index.json exists but is not a readable index."""


class LockTimeout(HimWagesError, TimeoutError):
    """A lock was held by another process for longer than the caller would wait."""


class Incomplete(HimWagesError):
    """A command ran but part of its work failed; the details were printed, the message is the summary.

    ``label`` replaces the command in the printed line (``him-wages fetch --verify: ...``)."""

    def __init__(self, message: str, *, label: str | None = None):
        self.label = label
        super().__init__(message)


class PublisherUnreachable(Incomplete):
    """No publisher could be reached: nothing was checked or changed."""


class PartlyUnreachable(Incomplete):
    """Some publishers could be reached and matched, others could not be reached."""


# ------------------------------------------------------------------------------------------------ exit codes
EXIT_OK = 0
EXIT_FAILURE = 1  # a data or runtime problem: a bad input, a failed report, a full disk, the network
EXIT_USAGE = 2  # a usage or configuration problem: a bad option or config, an unknown code or parameter
EXIT_UNREACHABLE = 3  # no publisher could be reached (fetch --latest, --verify)
EXIT_PARTLY_UNREACHABLE = 4  # some publishers could not be reached (fetch --verify)
EXIT_LOCKED = 75  # sysexits.h EX_TEMPFAIL: another process held the lock too long; try again later
EXIT_INTERRUPTED = 130  # Ctrl-C (128 + SIGINT)

#: The one table from exception kind to exit code; the first kind that matches decides.
EXIT_CODES: tuple[tuple[type[BaseException], int], ...] = (
    (KeyboardInterrupt, EXIT_INTERRUPTED),
    (LockTimeout, EXIT_LOCKED),
    (ConfigError, EXIT_USAGE),
    (ParameterError, EXIT_USAGE),
    (CrosswalkError, EXIT_USAGE),
    (ContactNotConfiguredError, EXIT_USAGE),
    (PublisherUnreachable, EXIT_UNREACHABLE),
    (PartlyUnreachable, EXIT_PARTLY_UNREACHABLE),
    (BaseException, EXIT_FAILURE),
)


def exit_code(exc: BaseException) -> int:
    """The exit code of a command that ended with ``exc`` (see :data:`EXIT_CODES`)."""
    return next(code for kind, code in EXIT_CODES if isinstance(exc, kind))


class ReaderFallback(Exception):
    """A fast reader met something it does not handle and hands the file to the general reader (internal)."""


class SkippedInputWarning(UserWarning):
    """A file inside a folder or archive that is not OEWS data was skipped; the message names it."""
