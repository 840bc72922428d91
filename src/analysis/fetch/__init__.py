"""``him-wages fetch``: download OEWS files straight from BLS into ``data/raw/bls/`` (``paths.downloads_dir()``).

What is stored where (the store, ``analysis.store``, reads every entry of ``data/raw/bls/`` except hidden
names, ``*.part``, ``MANIFEST*`` and ``context/``)::

    data/raw/bls/MANIFEST.json            one entry per downloaded file: URL, retrieval time, size, sha256,
                                          HTTP ETag / Last-Modified, and for archives every member
    data/raw/bls/oesm23nat/national_M2023_dl.xlsx
                                          the data workbooks of a special-request archive, extracted into a
                                          folder named after it (BLS's own folder inside the zip is dropped,
                                          members of other kinds - readme files - are listed but not extracted)
    data/raw/bls/oe/oe.data.0.Current ... the oe time-series flat files (``--flat-files``), as BLS serves them
    data/raw/bls/context/SARPP.zip        BEA's Regional Price Parities (``--kinds rpp``) and BLS's projections
    data/raw/bls/context/occupation.xlsx  workbook (``--kinds projections``): context, not OEWS data
    data/raw/bls/oesm23nat.zip.part       a download in progress (resumed with an HTTP Range request)

MANIFEST.json is read, changed and written (and a download installed) under a lock, and two fetches of one file
take turns on that file's lock: the project's one lock helper (:func:`analysis.files.exclusive_lock`), whose lock
files live in ``data/.locks``, never in ``data/raw``, so a fetch that fails leaves ``data/raw/bls`` as it was. A
run waits for another at most ``--wait`` seconds, then stops with exit code 75.

The archive itself is not kept: its sha256, size and validators are in the manifest, and its data members are
byte-for-byte what BLS zipped. ``analysis.read_oews(data/raw/bls/oesm23nat)`` reads a folder like that.

BLS refuses requests without an identifying User-Agent (it answers with an HTML "Access Denied" page), so every
request names the project and a contact address the user configures: ``--contact``, the environment variable
``HIM_WAGES_CONTACT``, or ``contact = "you@example.org"`` in the config file (``HIM_WAGES_CONFIG``, default
``$XDG_CONFIG_HOME/him-wages/config.toml``). ``--base-url`` (or ``HIM_WAGES_BLS_BASE_URL``) sends every request to
a mirror with BLS's paths.

Every download is bounded: at most ``MAX_BYTES`` of its kind (``--max-bytes``), decoded bytes counted as they
arrive, so an endless body or a Content-Encoding bomb stops at the bound and its ``.part`` is deleted; at most
``--deadline`` seconds per file, retries included, however slowly the server drips; at most ``MAX_REDIRECTS``
redirects, each to http(s) on the same host (or the mirror's). Every file is checked before it is used: an
archive must be a real ZIP holding a workbook of the kind its name says (of the year it names), passing the
project's one archive guard (``analysis.sources.archives.ArchiveGuard``: no member path escaping its folder,
every member's compression ratio and all declared sizes bounded, members streamed with a byte counter); a flat
file must be tab-separated text with the header BLS writes. An HTML page or an empty body is an error whatever
the name. A download is written to ``<name>.part``; only after every check passes is it moved into place
(``os.replace``), so a failed download never replaces a good cached file. Every failure is one line naming the
URL or file and what to do.

The modules: :mod:`~analysis.fetch.options` (targets, the settings object, the contact address),
:mod:`~analysis.fetch.http` (one bounded download), :mod:`~analysis.fetch.checks` (content and archive admission),
:mod:`~analysis.fetch.install` (putting a checked file in place), :mod:`~analysis.fetch.ledger` (MANIFEST.json and
the locks), :mod:`~analysis.fetch.downloads` (:func:`fetch`); the command is :mod:`analysis.commands.fetch`.
``--latest`` (``analysis.fetch.latest``) asks BLS with conditional requests whether a newer release exists;
``--verify`` (``analysis.fetch.verify``) checks the bundled copies of ``data/raw/MANIFEST`` against their
publishers.
"""

from __future__ import annotations

from analysis.errors import (
    AccessDeniedError,
    ContactNotConfiguredError,
    DownloadError,
    NotInCacheError,
    NotPublishedError,
    UnreachableError,
    UnsafeArchiveError,
)
from analysis.fetch.checks import check_archive, check_context_file, check_flat_file, check_member_content
from analysis.fetch.downloads import fetch, fetch_one, fetch_targets
from analysis.fetch.http import download, part_paths
from analysis.fetch.install import install_archive, recover_interrupted
from analysis.fetch.ledger import MANIFEST_NAME, installed_intact, manifest_path, read_manifest, record
from analysis.fetch.options import (
    CONTEXT_FOLDER,
    DEADLINE_SECONDS,
    MAX_BYTES,
    MAX_REDIRECTS,
    FetchOptions,
    FetchResult,
    Target,
    make_session,
    resolve_contact,
    targets,
    user_agent,
)
from analysis.sources.archives import ArchiveLimits, sniff

__all__ = [
    "CONTEXT_FOLDER",
    "DEADLINE_SECONDS",
    "MANIFEST_NAME",
    "MAX_BYTES",
    "MAX_REDIRECTS",
    "AccessDeniedError",
    "ArchiveLimits",
    "ContactNotConfiguredError",
    "DownloadError",
    "FetchOptions",
    "FetchResult",
    "NotInCacheError",
    "NotPublishedError",
    "Target",
    "UnreachableError",
    "UnsafeArchiveError",
    "check_archive",
    "check_context_file",
    "check_flat_file",
    "check_member_content",
    "download",
    "fetch",
    "fetch_one",
    "fetch_targets",
    "install_archive",
    "installed_intact",
    "make_session",
    "manifest_path",
    "part_paths",
    "read_manifest",
    "record",
    "recover_interrupted",
    "resolve_contact",
    "sniff",
    "targets",
    "user_agent",
]
