"""The project's JupyterLab for browser tests: started from ``.venv`` on a free port, with throwaway settings,
workspaces and runtime folders, no token, no news or update checks; driven by Playwright on Debian's chromium
(never a downloaded browser) with every request that leaves the machine aborted."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
#: The project's folder (devtools.lab_hooks is imported from it, as `make lab` does).
PROJECT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def jupyterlab(root: Path, scratch: Path, *, env: dict[str, str] | None = None) -> Iterator[str]:
    """Run ``jupyter lab`` serving ``root``; yields its base URL. Settings, workspaces, runtime and the user's
    Jupyter folders live under ``scratch`` (deleted with it), so nothing of the machine's own JupyterLab is read."""
    port = free_port()
    for name in ("settings", "workspaces", "runtime", "config", "data"):
        (scratch / name).mkdir(parents=True, exist_ok=True)
    environment = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(scratch / "config"),
        "JUPYTER_DATA_DIR": str(scratch / "data"),
        "JUPYTER_RUNTIME_DIR": str(scratch / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(scratch / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(scratch / "workspaces"),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT), os.environ.get("PYTHONPATH")])),
        **(env or {}),
    }
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        f"--port={port}",
        "--ip=127.0.0.1",
        f"--ServerApp.root_dir={root}",
        "--IdentityProvider.token=",
        "--ServerApp.password=",
        "--ServerApp.disable_check_xsrf=True",
        "--LabApp.news_url=",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabServerApp.extension_manager=readonly",
        "--ServerApp.allow_root=True",
        "--LabApp.expose_app_in_browser=True",
        # as `make lab`: a notebook saved with only its outputs changed stays unmodified for git status
        "--FileContentsManager.post_save_hook=devtools.lab_hooks.refresh_git_index",
    ]
    log = (scratch / "jupyterlab.log").open("w")
    process = subprocess.Popen(command, env=environment, stdout=log, stderr=subprocess.STDOUT, cwd=root)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/status", timeout=2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"JupyterLab did not start: {(scratch / 'jupyterlab.log').read_text()[-3000:]}")
                time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def offline_route(base_url: str, blocked: list[str]):
    """A Playwright route handler letting through only JupyterLab's own server; anything else is recorded."""

    def route(route) -> None:
        if route.request.url.startswith(base_url) or route.request.url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    return route
