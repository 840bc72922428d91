"""``him-wages fetch --verify``: check the bundled copies of published files against their publishers.

``data/raw/MANIFEST`` lists every bundled copy under ``[[copies]]`` with ``publisher_url``, ``member`` (the file
inside the publisher's zip, for BLS's ``oesmYYnat.zip``), ``form`` and the copy's ``sha256``. For each copy this
downloads the publisher's file (into a temporary folder, never into ``data/``), takes the member named from the
archive where the URL is a zip, and compares sha256. Each copy ends as one of:

``match``           the publisher's bytes are the copy's bytes
``mismatch``        they differ (both hashes are printed), or the archive no longer holds the member
``unreachable``     the publisher could not be reached or refused (the reason is printed)
``not comparable``  the copy is not byte-comparable by design: a CSV export, a subset of rows, a table compiled
                    from the files, or a URL that is a web page rather than the file (the reason is printed)

Exit codes: 0 every comparable copy matches; 1 at least one mismatch; 3 no comparable copy could be reached
(no network, or every publisher refused); 4 some copies were unreachable and the rest matched.
"""

from __future__ import annotations

import dataclasses
import hashlib
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from analysis import errors, paths
from analysis.errors import FetchError, OEWSInputError, RawCatalogError
from analysis.fetch import bls_urls
from analysis.fetch.options import FetchOptions
from analysis.raw_catalog import read_manifest
from analysis.sources import archives

MATCH, MISMATCH, UNREACHABLE, NOT_COMPARABLE = "match", "mismatch", "unreachable", "not comparable"
#: The outcomes of a verification, by the exit code each ends with (the command raises the matching error).
EXIT_OK, EXIT_MISMATCH = errors.EXIT_OK, errors.EXIT_FAILURE
EXIT_NOTHING_REACHABLE, EXIT_SOME_UNREACHABLE = errors.EXIT_UNREACHABLE, errors.EXIT_PARTLY_UNREACHABLE

#: What a publisher URL that names a file ends with (anything else, like ``/news.release/``, is a web page).
FILE_SUFFIXES = {".zip", ".xlsx", ".xls", ".csv", ".txt", ".gz"}
#: ``form`` values that are byte-for-byte copies of the publisher's file.
COMPARABLE_FORMS = {"as published"}
_FORM_REASONS = {
    "csv export": "a CSV export of the publisher's file, not its bytes",
    "rows of the publisher's file": "a subset of the rows of the publisher's file",
    "table of BLS figures": "a table compiled from BLS's files, not a file BLS publishes",
    "notes": "notes kept with the data, not a published file",
}


@dataclass
class Verdict:
    path: str
    url: str
    status: str
    detail: str = ""
    expected: str = ""  # the copy's sha256 (from data/raw/MANIFEST)
    found: str = ""  # the publisher's sha256

    def line(self) -> str:
        text = f"{self.status:<15} {self.path}"
        if self.status == MISMATCH and self.found:
            text += f"  copy sha256 {self.expected}, publisher's {self.found}"
        if self.detail:
            text += f"  ({self.detail})"
        return text


def read_copies(manifest: Path | None = None) -> list[dict]:
    """The ``[[copies]]`` tables of ``data/raw/MANIFEST`` (TOML)."""
    manifest = manifest or paths.raw_dir() / "MANIFEST"
    try:
        data = read_manifest(manifest)
        if data is None:
            raise FileNotFoundError("no such file")
    except (OSError, RawCatalogError) as exc:
        raise FetchError(
            f"{manifest}: cannot read the list of bundled copies ({exc}); restore data/raw/MANIFEST from git"
        ) from None
    copies = data.get("copies", [])
    return [c for c in copies if isinstance(c, dict)]


def _member_name(copy: dict) -> str:
    """The member to take from the publisher's zip: ``member`` when it is a file name, else the copy's name."""
    member = str(copy.get("member") or "").strip()
    if member and " " not in member and PurePosixPath(member).suffix:
        return member
    return PurePosixPath(str(copy.get("path", ""))).name


def _not_comparable_reason(copy: dict) -> str | None:
    url = str(copy.get("publisher_url") or "").strip()
    form = str(copy.get("form") or "").strip()
    if not url:
        return "no publisher URL: " + _FORM_REASONS.get(form, form or "not a published file")
    if form not in COMPARABLE_FORMS:
        return _FORM_REASONS.get(form, f"form {form!r}, not a byte-for-byte copy")
    if PurePosixPath(urlsplit(url).path).suffix.lower() not in FILE_SUFFIXES:
        return f"the publisher URL {url} is a web page, not the file itself"
    return None


def _sha_of_member(archive_path: Path, member: str, label: str) -> str | None:
    """sha256 of the member whose file name is ``member`` (any folder), streamed through the archive guard;
    None when the archive holds no such member."""
    with zipfile.ZipFile(archive_path) as archive:
        infos = archive.infolist()
        guard = archives.ArchiveGuard(label)
        candidates = [
            i
            for i in infos
            if not i.is_dir() and PurePosixPath(i.filename.replace("\\", "/")).name.lower() == member.lower()
        ]
        if not candidates:
            return None
        guard.admit(label, candidates)
        digest = hashlib.sha256()

        class _Sink:
            def write(self, block: bytes) -> int:
                digest.update(block)
                return len(block)

        guard.extract(archive, candidates[0], _Sink(), label=label)
        return digest.hexdigest()


def verify(options: FetchOptions, manifest: Path | None = None) -> list[Verdict]:
    """One :class:`Verdict` per copy of ``data/raw/MANIFEST``, in its order, downloaded with the settings of
    ``options`` into a temporary folder."""
    from analysis import fetch as fetching

    copies = read_copies(manifest)
    base_url = options.base_url
    session = fetching.make_session(fetching.resolve_contact(options.contact))
    verdicts: list[Verdict] = []
    downloaded: dict[str, Path | Exception] = {}
    unreachable_hosts: dict[str, Exception] = {}
    try:
        with tempfile.TemporaryDirectory(prefix="him-wages-verify-") as temp_name:
            temp = Path(temp_name)
            options = dataclasses.replace(options, work_dir=temp, progress=None)
            for number, copy in enumerate(copies):
                path = str(copy.get("path", ""))
                url = str(copy.get("publisher_url") or "")
                expected = str(copy.get("sha256", ""))
                reason = _not_comparable_reason(copy)
                if reason:
                    verdicts.append(Verdict(path, url, NOT_COMPARABLE, reason, expected))
                    continue
                fetch_url = bls_urls.rebase(url, base_url)
                host = urlsplit(fetch_url).netloc
                if fetch_url not in downloaded and host in unreachable_hosts:
                    downloaded[fetch_url] = unreachable_hosts[host]  # no network: do not wait for each file again
                if fetch_url not in downloaded:
                    name = PurePosixPath(urlsplit(fetch_url).path).name
                    target = fetching.Target(name, fetch_url, "verify")
                    try:
                        fetching.download(session, target, options)
                        part, state = fetching.part_paths(target, temp)
                        kept = temp / f"{number}-{name}"
                        part.replace(kept)
                        state.unlink(missing_ok=True)
                        downloaded[fetch_url] = kept
                    except fetching.UnreachableError as exc:
                        downloaded[fetch_url] = exc
                        unreachable_hosts[host] = fetching.UnreachableError(
                            f"{fetch_url}: {host} could not be reached a moment ago (see above)"
                        )
                    except FetchError as exc:
                        downloaded[fetch_url] = exc
                got = downloaded[fetch_url]
                if isinstance(got, Exception):
                    verdicts.append(Verdict(path, url, UNREACHABLE, str(got), expected))
                    continue
                verdicts.append(_compare(copy, path, url, expected, got))
    finally:
        session.close()
    return verdicts


def _compare(copy: dict, path: str, url: str, expected: str, got: Path) -> Verdict:
    if url.lower().endswith(".zip"):
        member = _member_name(copy)
        try:
            found = _sha_of_member(got, member, url)
        except (zipfile.BadZipFile, OEWSInputError, OSError) as exc:
            return Verdict(path, url, MISMATCH, f"the publisher's file is not a usable zip archive: {exc}", expected)
        if found is None:
            return Verdict(path, url, MISMATCH, f"the publisher's archive no longer holds {member}", expected)
    else:
        hasher = hashlib.sha256()
        with got.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                hasher.update(block)
        found = hasher.hexdigest()
    if found == expected:
        return Verdict(path, url, MATCH, "", expected, found)
    return Verdict(path, url, MISMATCH, "", expected, found)


def exit_code(verdicts: list[Verdict]) -> int:
    statuses = [v.status for v in verdicts]
    if MISMATCH in statuses:
        return EXIT_MISMATCH
    comparable = [s for s in statuses if s != NOT_COMPARABLE]
    if comparable and all(s == UNREACHABLE for s in comparable):
        return EXIT_NOTHING_REACHABLE
    if UNREACHABLE in statuses:
        return EXIT_SOME_UNREACHABLE
    return EXIT_OK
