"""A stand-in for www.bls.gov / download.bls.gov on 127.0.0.1, for the fetch tests (no test touches the internet).

It serves BLS's paths (``/oes/special-requests/oesm23nat.zip``, ``/pub/time.series/oe/oe.area``) with ETag,
Last-Modified, conditional requests (If-None-Match / If-Modified-Since) and Range / If-Range, refuses requests
whose User-Agent names no contact address the way BLS does (403 with an HTML "Access Denied" page), and injects
faults on demand: ``server.fail(path, "500", "403", "404", "stall", "truncate", "html", "drip", "endless", "gzip",
"gzipbomb")`` queues one fault per request for that path ("drip": one byte every ``drip_seconds``; "endless": a body
without Content-Length that never ends; "gzip": the body with ``Content-Encoding: gzip``; "gzipbomb": 64 MiB of
zeros gzip-encoded, about 64 kB on the wire). ``server.redirects[path] = location`` answers every request for
``path`` with a 302 to ``location`` (a loop when it points at itself).

``bls_archive(year)`` builds a special-request archive the way BLS zips it, from the real national file of that
year in ``data/raw/national/`` (and tests/data) (read in place; the archive is built in memory and served, never stored
in the repository).
"""

from __future__ import annotations

import email.utils
import gzip
import hashlib
import io
import shutil
import threading
import time
import zipfile
from collections import defaultdict, deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Self

from cli_runs import empty_home
from real_files import OEWS_FILES, ROOT

#: The real national file used for each year (2013: the .xls BLS published; 2016: only the CSV is at hand).
NATIONAL_FILES = {
    2011: "national_M2011_dl.xls",
    2012: "national_M2012_dl.xls",
    2013: "national_M2013_dl.xls",
    2016: "national_M2016_dl.csv",
    **{y: f"national_M{y}_dl.xlsx" for y in (2014, 2015, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024)},
}

ACCESS_DENIED = (
    b"<!DOCTYPE html><html><head><title>Access Denied</title></head><body><h1>Access Denied</h1>"
    b"<p>You don't have permission to access this resource.</p></body></html>"
)


#: The contact address the fetch tests send in the User-Agent (SYNTHETIC).
CONTACT = "him-wages-tests@example.org"


def fetch_project(tmp_path: Path, monkeypatch, *, manifest: bool = False) -> Path:
    """A throwaway project (HIM_WAGES_HOME, ``tmp_path/project``) for ``him-wages fetch`` against this server: a
    contact address, no user config file, no base-URL override; with ``manifest`` the real data/raw/MANIFEST."""
    root = empty_home(tmp_path, monkeypatch)
    if manifest:
        shutil.copy(ROOT / "data" / "raw" / "MANIFEST", root / "data" / "raw" / "MANIFEST")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("HIM_WAGES_CONFIG", raising=False)
    monkeypatch.delenv("HIM_WAGES_BLS_BASE_URL", raising=False)
    monkeypatch.setenv("HIM_WAGES_CONTACT", CONTACT)
    return root


def archive_path(year: int, suffix: str = "nat") -> str:
    return f"/oes/special-requests/oesm{year % 100:02d}{suffix}.zip"


def flat_file_path(name: str) -> str:
    return f"/pub/time.series/oe/{name}"


def bls_archive(year: int, *, folder: bool = True, extra: dict[str, bytes] | None = None) -> bytes:
    """The national special-request archive of ``year`` as BLS zips it: ``oesm23nat/national_M2023_dl.xlsx``
    (``folder=False``: the workbook at the top level, as in some early archives)."""
    name = NATIONAL_FILES[year]
    prefix = f"oesm{year % 100:02d}nat/" if folder else ""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(prefix + name, (OEWS_FILES / name).read_bytes())
        for member, data in (extra or {}).items():
            archive.writestr(member, data)
    return buffer.getvalue()


_BOMB: list[bytes] = []


def _gzip_bomb() -> bytes:
    if not _BOMB:
        _BOMB.append(gzip.compress(bytes(64 * 1024 * 1024), compresslevel=9))
    return _BOMB[0]


@dataclass
class Resource:
    body: bytes
    etag: str
    last_modified: str


class BLSServer:
    """``with BLSServer() as server: server.put(path, bytes); server.url`` -> ``http://127.0.0.1:PORT``."""

    def __init__(
        self,
        *,
        require_contact: bool = True,
        supports_range: bool = True,
        stall_seconds: float = 3.0,
        drip_seconds: float = 0.2,
    ):
        self.resources: dict[str, Resource] = {}
        self.redirects: dict[str, str] = {}
        self.drip_seconds = drip_seconds
        self.faults: dict[str, deque[str]] = defaultdict(deque)
        self.requests: list[dict] = []
        self.require_contact = require_contact
        self.supports_range = supports_range
        self.stall_seconds = stall_seconds
        self._lock = threading.Lock()
        self._version = 0
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._httpd.daemon_threads = True
        # A client hanging up mid-answer (as the bounded downloads do on purpose) is not worth a traceback on stderr.
        self._httpd.handle_error = lambda request, client_address: None
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    # -- set-up
    def put(self, path: str, body: bytes) -> Resource:
        with self._lock:
            self._version += 1
            stamp = email.utils.formatdate(1_700_000_000 + self._version * 86_400, usegmt=True)
            resource = Resource(body, f'"{hashlib.sha256(body).hexdigest()[:16]}"', stamp)
            self.resources[path] = resource
            return resource

    def fail(self, path: str, *faults: str) -> None:
        with self._lock:
            self.faults[path].extend(faults)

    def requests_for(self, path: str) -> list[dict]:
        return [r for r in self.requests if r["path"] == path]

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    # -- the handler
    def _handler_class(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # keep test output clean
                pass

            def do_GET(self):
                headers = {k.lower(): v for k, v in self.headers.items()}
                with server._lock:
                    server.requests.append({"path": self.path, "headers": headers})
                    fault = server.faults[self.path].popleft() if server.faults[self.path] else None
                agent = headers.get("user-agent", "")
                if fault == "403" or (server.require_contact and "@" not in agent):
                    return self._send(403, ACCESS_DENIED, "text/html")
                if fault == "404":
                    return self._send(404, b"<html><body>Not Found</body></html>", "text/html")
                if fault == "500":
                    return self._send(500, b"<html><body>Internal Server Error</body></html>", "text/html")
                if fault == "html":
                    return self._send(200, ACCESS_DENIED, "application/zip")
                if self.path in server.redirects:
                    return self._send(302, b"", "text/plain", {"Location": server.redirects[self.path]})
                if fault == "endless":  # SYNTHETIC: zeros without end, no Content-Length
                    self.send_response(200)
                    self.send_header("Content-Type", "application/octet-stream")
                    self.send_header("Connection", "close")
                    self.end_headers()
                    self.close_connection = True
                    block = bytes(1 << 16)
                    try:
                        for _ in range(1 << 14):  # at most 1 GiB, in case the client never stops
                            self.wfile.write(block)
                    except (BrokenPipeError, ConnectionResetError):
                        pass
                    return None
                if fault == "gzipbomb":  # SYNTHETIC: 64 MiB of zeros, gzip-encoded
                    return self._send(200, _gzip_bomb(), "application/zip", {"Content-Encoding": "gzip"})
                resource = server.resources.get(self.path)
                if resource is None:
                    return self._send(404, b"<html><body>Not Found</body></html>", "text/html")
                if fault == "stall":
                    self.send_response(200)
                    self.send_header("Content-Length", str(len(resource.body)))
                    self.end_headers()
                    self.wfile.write(resource.body[:100])
                    self.wfile.flush()
                    time.sleep(server.stall_seconds)
                    self.close_connection = True
                    return None
                if headers.get("if-none-match") == resource.etag or (
                    "if-none-match" not in headers and headers.get("if-modified-since") == resource.last_modified
                ):
                    self.send_response(304)
                    self.send_header("ETag", resource.etag)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return None
                body, status, extra = resource.body, 200, {}
                wanted = headers.get("range", "")
                if_range = headers.get("if-range")
                if (
                    server.supports_range
                    and wanted.startswith("bytes=")
                    and (if_range is None or if_range in (resource.etag, resource.last_modified))
                ):
                    start = int(wanted[len("bytes=") :].split("-")[0])
                    if start >= len(resource.body):
                        return self._send(416, b"", "text/plain", {"Content-Range": f"bytes */{len(resource.body)}"})
                    body, status = resource.body[start:], 206
                    extra["Content-Range"] = f"bytes {start}-{len(resource.body) - 1}/{len(resource.body)}"
                extra.update({"ETag": resource.etag, "Last-Modified": resource.last_modified})
                if server.supports_range:
                    extra["Accept-Ranges"] = "bytes"
                if fault == "gzip":
                    extra["Content-Encoding"] = "gzip"
                    return self._send(200, gzip.compress(resource.body), "application/octet-stream", extra)
                if fault == "drip":
                    self.send_response(200)
                    for key, value in extra.items():
                        self.send_header(key, value)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.close_connection = True
                    try:
                        for index in range(len(body)):
                            self.wfile.write(body[index : index + 1])
                            self.wfile.flush()
                            time.sleep(server.drip_seconds)
                    except (BrokenPipeError, ConnectionResetError):
                        pass
                    return None
                if fault == "truncate":
                    self.send_response(status)
                    for key, value in extra.items():
                        self.send_header(key, value)
                    self.send_header("Content-Type", "application/octet-stream")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body[: len(body) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                    return None
                return self._send(status, body, "application/octet-stream", extra)

            def _send(self, status, body, content_type, extra=None):
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                for key, value in (extra or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        return Handler
