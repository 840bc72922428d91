"""One bounded download over HTTP: into ``<name>.part``, resumed with a Range request when the server allows,
retried with exponential backoff on 5xx answers and connection errors, and stopped at a byte cap (decoded bytes, so a
Content-Encoding bomb stops too), a per-file deadline and ``MAX_REDIRECTS`` redirects on the same host."""

from __future__ import annotations

import contextlib
import json
import os
import re
import time
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests
import urllib3

from analysis import paths, settings
from analysis.errors import (
    AccessDeniedError,
    DownloadError,
    NotPublishedError,
    UnreachableError,
)
from analysis.fetch.options import MAX_BYTES, MAX_REDIRECTS, FetchOptions, Target
from analysis.files import atomic_write_bytes
from analysis.sources.archives import sniff

CHUNK = 1 << 16


# ----------------------------------------------------------------------------------------------- HTTP
class _Retryable(Exception):
    pass


@dataclass
class _Downloaded:
    not_modified: bool
    etag: str | None = None
    last_modified: str | None = None
    status_code: int = 200


def part_paths(target: Target, work_dir: Path | None = None) -> tuple[Path, Path]:
    root = work_dir or paths.downloads_dir()
    return root / f"{target.name}.part", root / f".{target.name}.part.json"


def _denied(target: Target, response: requests.Response, session: requests.Session) -> AccessDeniedError:
    body = b""
    with contextlib.suppress(Exception):  # the body only adds detail to the message
        body = response.raw.read(4096) if response.raw is not None else b""
    html = sniff(body) == "html"
    return AccessDeniedError(
        f"{target.url}: BLS refused the request (HTTP {response.status_code} {response.reason}"
        f"{', an HTML page' if html else ''}). BLS answers 'Access Denied' to automated requests whose "
        f"User-Agent does not identify the requester with a contact address. This request sent "
        f"User-Agent: {session.headers.get('User-Agent')!r}. Check that {settings.CONTACT_ENV} is an address you "
        "read; if it is, BLS may be blocking this network: download the file in a browser and run "
        "`him-wages data <file>` instead."
    )


def _max_bytes(target: Target, options: FetchOptions) -> int:
    if options.max_bytes:
        return options.max_bytes
    return MAX_BYTES["archive" if target.is_archive else "flat" if target.kind == "flat" else "context"]


def _allowed_redirect(target: Target, options: FetchOptions, location: str) -> bool:
    """Redirects may go to http or https on the host of the requested URL (or of the mirror)."""
    parts = urlsplit(location)
    hosts = {urlsplit(target.url).hostname}
    if options.base_url:
        hosts.add(urlsplit(options.base_url).hostname)
    return parts.scheme in ("http", "https") and parts.hostname in hosts


def _open(
    session: requests.Session, target: Target, options: FetchOptions, headers: dict[str, str], deadline: float
) -> requests.Response:
    """GET ``target.url`` following at most ``MAX_REDIRECTS`` redirects, each to http(s) on the same host."""
    url = target.url
    for _hop in range(MAX_REDIRECTS + 1):
        _check_deadline(target, options, deadline)
        response = session.get(url, headers=headers, stream=True, timeout=options.timeout, allow_redirects=False)
        if response.status_code not in (301, 302, 303, 307, 308):
            return response
        location = urljoin(url, response.headers.get("Location", ""))
        response.close()
        if not _allowed_redirect(target, options, location):
            raise DownloadError(
                f"{target.url}: the server redirected to {location!r}, which is not http(s) on "
                f"the same host; not followed. Check --base-url, or download the file yourself "
                "and run `him-wages data <file>`"
            )
        url = location
    raise DownloadError(
        f"{target.url}: more than {MAX_REDIRECTS} redirects (a redirect loop?); this file was "
        "skipped. Try again later or use --base-url with a mirror"
    )


def _check_deadline(target: Target, options: FetchOptions, deadline: float) -> None:
    if time.monotonic() > deadline:
        raise DownloadError(
            f"{target.url}: the download did not finish within the {options.deadline:g} s "
            "deadline per file (a very slow or stalled server); try again later, or raise "
            "--deadline"
        )


class _Decoder:
    """Undo a Content-Encoding (gzip, deflate) in bounded steps, so a compression bomb stops at the cap."""

    def __init__(self, encoding: str):
        self.encoding = encoding
        if encoding in ("gzip", "x-gzip"):
            self._inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._inflate = zlib.decompressobj()
        else:
            self._inflate = None

    def decode(self, data: bytes, limit: int) -> Iterable[bytes]:
        if self._inflate is None:
            yield data
            return
        pending = data
        while pending:
            out = self._inflate.decompress(pending, min(CHUNK, limit + 1))
            pending = self._inflate.unconsumed_tail
            if out:
                yield out
            elif not pending:
                break

    def finish(self) -> None:
        if self._inflate is not None and not self._inflate.eof:
            raise zlib.error("the compressed body ended early")


def download(
    session: requests.Session, target: Target, options: FetchOptions, conditional: dict[str, str] | None = None
) -> _Downloaded:
    """Download ``target`` into ``<name>.part`` (resuming a previous partial download when the server supports
    Range requests and the file has not changed). Retries 5xx answers, connection errors, socket timeouts and
    truncated bodies with exponential backoff; 4xx answers are final.

    Bounded: at most ``_max_bytes`` decoded bytes (a ``.part`` that would grow past it is deleted), at most
    ``options.deadline`` seconds in all for the file, at most ``MAX_REDIRECTS`` redirects to http(s) on the same
    host. A Content-Encoding (gzip, deflate) is decoded here; the encoded length is what Content-Length counts."""
    part, state_file = part_paths(target, options.work_dir)
    part.parent.mkdir(parents=True, exist_ok=True)
    cap = _max_bytes(target, options)
    answered = False  # did the server ever answer with HTTP? (if not: unreachable)
    deadline = time.monotonic() + options.deadline
    last_problem: str = ""
    task = None
    if options.progress is not None:
        task = options.progress.add_task(target.name, total=None)
    try:
        attempts = 0
        for attempt in range(options.retries + 1):
            if attempt:
                pause = options.backoff * (2 ** (attempt - 1))
                if time.monotonic() + pause > deadline:
                    break
                time.sleep(pause)
            headers: dict[str, str] = {}
            state = _read_state(state_file, target)
            offset = part.stat().st_size if part.exists() else 0
            validator = state.get("etag") or state.get("last_modified")
            if offset and validator and offset < cap:
                headers["Range"] = f"bytes={offset}-"
                headers["If-Range"] = validator
            else:
                offset = 0
                if conditional:
                    headers.update(conditional)
            attempts += 1
            try:
                with _open(session, target, options, headers, deadline) as response:
                    answered = True
                    code = response.status_code
                    if code == 304:
                        return _Downloaded(True, status_code=304)
                    if code == 416 and offset:
                        discard(part, state_file)
                        last_problem = "the server rejected the resume range"
                        continue
                    if code in (401, 403):
                        raise _denied(target, response, session)
                    if 400 <= code < 500:
                        error = NotPublishedError if code == 404 else DownloadError
                        raise error(
                            f"{target.url}: HTTP {code} {response.reason}"
                            + (" (BLS has not published this file: check the year and kind)" if code == 404 else "")
                        )
                    if code >= 500 or code not in (200, 206):
                        raise _Retryable(f"HTTP {code} {response.reason}")
                    etag = response.headers.get("ETag")
                    last_modified = response.headers.get("Last-Modified")
                    encoding = response.headers.get("Content-Encoding", "identity").strip().lower() or "identity"
                    if encoding not in ("identity", "gzip", "x-gzip", "deflate"):
                        raise DownloadError(
                            f"{target.url}: the server sent Content-Encoding {encoding!r}, which "
                            "this project does not decode; try again later or use a mirror"
                        )
                    decoder = _Decoder(encoding)
                    resumed = code == 206 and offset and _range_start(response) == offset and encoding == "identity"
                    if not resumed:
                        offset = 0
                    # An encoded body cannot be resumed by byte ranges of the decoded file: no validators kept.
                    _write_state(
                        state_file,
                        target,
                        etag if encoding == "identity" else None,
                        last_modified if encoding == "identity" else None,
                    )
                    length = response.headers.get("Content-Length")
                    expected_raw = int(length) if length and length.isdigit() else None
                    if encoding == "identity" and expected_raw is not None and offset + expected_raw > cap:
                        discard(part, state_file)
                        raise _too_big(target, offset + expected_raw, cap, declared=True)
                    if task is not None:
                        options.progress.update(
                            task, total=offset + expected_raw if expected_raw else None, completed=offset
                        )
                    received = 0
                    size = offset
                    with part.open("ab" if resumed else "wb") as handle:
                        while True:
                            _check_deadline(target, options, deadline)
                            raw = response.raw.read1(CHUNK, decode_content=False)
                            if not raw:
                                break
                            received += len(raw)
                            for block in decoder.decode(raw, cap - size):
                                size += len(block)
                                if size > cap:
                                    handle.close()
                                    discard(part, state_file)
                                    raise _too_big(target, size, cap)
                                handle.write(block)
                            if task is not None:
                                options.progress.advance(task, len(raw))
                        decoder.finish()
                        handle.flush()
                        os.fsync(handle.fileno())
                    if expected_raw is not None and received != expected_raw:
                        raise _Retryable(f"the body ended after {received} of {expected_raw} bytes")
                    return _Downloaded(False, etag, last_modified, code)
            except (
                _Retryable,
                requests.ConnectionError,
                requests.Timeout,
                urllib3.exceptions.HTTPError,
                requests.exceptions.ChunkedEncodingError,
                requests.exceptions.ContentDecodingError,
                zlib.error,
            ) as exc:
                last_problem = _short_problem(exc)
                if isinstance(exc, zlib.error):  # a damaged compressed body: start afresh
                    discard(part, state_file)
                continue
            except requests.RequestException as exc:  # TooManyRedirects, InvalidURL, ...: not worth retrying
                raise DownloadError(f"{target.url}: {type(exc).__name__}: {exc}") from None
        _check_deadline(target, options, deadline)
        error = DownloadError if answered else UnreachableError
        raise error(f"{target.url}: gave up after {attempts} attempts; last problem: {last_problem}")
    finally:
        if task is not None:
            options.progress.remove_task(task)


_REASONS = (
    "Name or service not known",
    "Temporary failure in name resolution",
    "Failed to resolve",
    "Connection refused",
    "Network is unreachable",
    "No route to host",
    "Connection reset",
    "Read timed out",
    "Connect timeout",
    "timed out",
    "Remote end closed connection",
)


def _short_problem(exc: BaseException) -> str:
    """A short reason for a network failure (requests' messages nest the whole urllib3 chain)."""
    text = str(exc) or type(exc).__name__
    if isinstance(exc, (requests.ConnectionError, requests.Timeout)):
        reason = next((r for r in _REASONS if r.lower() in text.lower()), None)
        kind = "timed out" if isinstance(exc, requests.Timeout) else "connection failed"
        return f"{kind}: {reason}" if reason else f"{kind}: {text[:200]}"
    return text


def _too_big(target: Target, size: int, cap: int, *, declared: bool = False) -> DownloadError:
    what = f"announces {size:,} bytes" if declared else f"grew past {cap:,} bytes"
    return DownloadError(
        f"{target.url}: the download {what}, more than the {cap:,}-byte bound for a "
        f"{'flat file' if target.kind == 'flat' else 'file of this kind'}; nothing was kept. If "
        "the file really is that large, raise the bound with --max-bytes"
    )


def _range_start(response: requests.Response) -> int | None:
    match = re.match(r"bytes\s+(\d+)-", response.headers.get("Content-Range", ""))
    return int(match.group(1)) if match else None


def _read_state(state_file: Path, target: Target) -> dict:
    try:
        state = json.loads(state_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) and state.get("url") == target.url else {}


def _write_state(state_file: Path, target: Target, etag: str | None, last_modified: str | None) -> None:
    atomic_write_bytes(
        state_file, json.dumps({"url": target.url, "etag": etag, "last_modified": last_modified}).encode()
    )


def discard(*files: Path) -> None:
    for path in files:
        try:
            path.unlink()
        except FileNotFoundError:
            pass
