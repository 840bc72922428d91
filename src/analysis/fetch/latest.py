"""``him-wages fetch --latest``: has BLS published a newer release than the one here? If so, fetch it.

Two questions, each asked with as little traffic as possible:

1. **The oe flat files.** A conditional GET of ``oe.release`` (a few dozen bytes): ``If-None-Match`` /
   ``If-Modified-Since`` from ``data/raw/bls/MANIFEST.json`` when the flat files were fetched before, else from
   the bundled release's record in ``data/raw/MANIFEST``. ``304 Not Modified``, or the same bytes, means no new
   release; otherwise every flat file is fetched (``--flat-files --force``) and the next ``him-wages data`` /
   ``make reports`` reads it.
2. **The next national file.** ``oesm<YY+1>nat.zip`` for the year after the latest release here (in the store's
   ``current.json``, the bundled files and the downloads). HTTP 404 means BLS has not published it yet;
   otherwise it is fetched like ``--years YYYY``.

Exit codes: 0 both questions answered (up to date, or the new release fetched); 1 a check or download failed
for another reason (the message says which); 3 BLS could not be reached at all (no network): one line, nothing
changed, so a scheduled ``him-wages fetch --latest; make reports`` still builds the reports from the data here.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import email.utils
import hashlib
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from analysis import errors, paths
from analysis.errors import FetchError, LockTimeout, OEWSInputError, RawCatalogError
from analysis.fetch import bls_urls
from analysis.fetch.options import FetchOptions
from analysis.raw_catalog import read_manifest

#: The outcomes of a check, by the exit code each ends with (the command raises the matching error).
EXIT_OK, EXIT_FAILED, EXIT_UNREACHABLE = errors.EXIT_OK, errors.EXIT_FAILURE, errors.EXIT_UNREACHABLE


@dataclass
class Latest:
    lines: list[str] = field(default_factory=list)
    fetched: list[str] = field(default_factory=list)
    unreachable: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    checks: int = 0

    @property
    def code(self) -> int:
        if self.checks and len(self.unreachable) == self.checks:
            return EXIT_UNREACHABLE
        return EXIT_FAILED if (self.failed or self.unreachable) else EXIT_OK


def _bundled_release_record() -> dict:
    """The bundled oe.release's record in data/raw/MANIFEST (etag, last_modified date, sha256), or {}."""
    try:
        data = read_manifest() or {}
    except (OSError, RawCatalogError):
        return {}
    for source in (data.get("chain") or {}).get("bls_source") or []:
        if isinstance(source, dict) and source.get("file") == "oe.release":
            return source
    return {}


def _http_date(value: str) -> str | None:
    """An HTTP date from a manifest's ``last_modified`` (already an HTTP date, or an ISO date)."""
    if not value:
        return None
    if re.match(r"^\d{4}-\d{2}-\d{2}$", value):
        day = dt.datetime.fromisoformat(value).replace(tzinfo=dt.UTC)
        return email.utils.format_datetime(day, usegmt=True)
    return value


def latest_year_here() -> int | None:
    """The latest May reference year this project has: the store's current generation, the bundled files and
    the downloads."""
    years: set[int] = set()
    with contextlib.suppress(Exception):  # a damaged store only means we look at the raw files
        from analysis import store

        current = store.read_current()
        years.update(int(y) for y in (current or {}).get("years") or [])
    try:
        data = read_manifest() or {}
        if str((data.get("release") or {}).get("year", "")).isdigit():
            years.add(int(data["release"]["year"]))
    except (OSError, RawCatalogError):
        pass
    raw = paths.raw_dir()
    if raw.is_dir():
        for path in raw.rglob("*_M*"):
            match = re.search(r"_M_?(\d{4})", path.name)
            if match:
                years.add(int(match.group(1)))
    return max(years) if years else None


def check_latest(options: FetchOptions) -> Latest:
    """Ask BLS whether a newer oe release or the next national file exists, and fetch it, with the settings of
    ``options`` (one :class:`~analysis.fetch.options.FetchOptions`, as every fetch takes)."""
    from analysis import fetch as fetching

    report = Latest()
    base_url = options.base_url
    # The newer files are fetched with the run's options (progress included); oe.release is read into a temporary
    # folder, quietly.
    probe = dataclasses.replace(options, progress=None)
    session = fetching.make_session(fetching.resolve_contact(options.contact))

    # 1. the oe flat files
    report.checks += 1
    entry = fetching.read_manifest().get("files", {}).get("oe/oe.release")
    if entry and fetching.installed_intact(entry):
        validators = {"etag": entry.get("etag"), "last_modified": entry.get("last_modified")}
        known = entry.get("sha256")
        origin = "the last fetch"
    else:
        record = _bundled_release_record()
        validators = {"etag": record.get("etag"), "last_modified": _http_date(str(record.get("last_modified", "")))}
        known = record.get("sha256")
        origin = "the bundled release"
    conditional = {}
    if validators["etag"]:
        conditional["If-None-Match"] = validators["etag"]
    if validators["last_modified"]:
        conditional["If-Modified-Since"] = validators["last_modified"]
    target = fetching.Target("oe.release", bls_urls.flat_file_url("oe.release", base_url=base_url), "flat")
    try:
        with tempfile.TemporaryDirectory(prefix="him-wages-latest-") as temp:
            answer = fetching.download(
                session, target, dataclasses.replace(probe, work_dir=Path(temp)), conditional or None
            )
            part, _state = fetching.part_paths(target, Path(temp))
            body = b"" if answer.not_modified else part.read_bytes()
        if answer.not_modified or hashlib.sha256(body).hexdigest() == known:
            how = (
                f"HTTP 304 Not Modified to the validators of {origin}"
                if answer.not_modified
                else f"the same oe.release as {origin}"
            )
            report.lines.append(f"flat files: no new release ({how})")
        else:
            description = body.decode("utf-8", "replace").strip().splitlines()[-1:] or ["?"]
            results = fetching.fetch(flat_files=True, keep_going=True, options=dataclasses.replace(options, force=True))
            failed = [r for r in results if r.error is not None]
            if failed:
                report.failed.append("flat files: " + "; ".join(f"{r.target.name}: {r.error}" for r in failed))
            else:
                report.fetched.append(f"oe flat files ({' '.join(description[0].split())})")
                report.lines.append(
                    f"flat files: NEW release {' '.join(description[0].split())!r} fetched into data/raw/bls/oe"
                )
    except fetching.UnreachableError as exc:
        report.unreachable.append(f"flat files: {exc}")
    except LockTimeout:  # another fetch held on longer than --wait: exit code 75, not a failed check
        raise
    except (FetchError, OEWSInputError, OSError) as exc:
        report.failed.append(f"flat files: {exc}")
    finally:
        session.close()

    # 2. the next national file
    report.checks += 1
    year = latest_year_here()
    next_year = (year or dt.date.today().year - 1) + 1
    name = bls_urls.archive_name(next_year, "national")
    try:
        [result] = fetching.fetch([next_year], ["national"], keep_going=True, options=options)
        if result.error is None:
            report.fetched.append(f"national May {next_year} ({name})")
            report.lines.append(f"national: NEW release May {next_year} fetched into data/raw/bls/{result.target.key}")
        elif isinstance(result.error, fetching.NotPublishedError):
            report.lines.append(f"national: no new release ({name}, May {next_year}, is not published yet)")
        elif isinstance(result.error, fetching.UnreachableError):
            report.unreachable.append(f"national: {result.error}")
        else:
            report.failed.append(f"national: {result.error}")
    except LockTimeout:
        raise
    except (FetchError, OEWSInputError, OSError) as exc:
        report.failed.append(f"national: {exc}")
    return report
