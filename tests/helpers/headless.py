"""Open a page in Debian's headless chromium with every host name unresolvable (as a reader offline sees it)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path


def offline_dom(page: Path, *, budget_ms: int = 15000, timeout: float = 180) -> tuple[str, str]:
    """(the page's DOM after ``budget_ms`` of virtual time, scripts removed: what the page shows; chromium's stderr).
    Fails the test when chromium is missing (CI installs it; it is never downloaded)."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    assert browser, "Debian's chromium is needed for the browser tests (apt-get install chromium)"
    result = subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            f"--virtual-time-budget={budget_ms}",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )
    return re.sub(r"<script\b.*?</script>", "", result.stdout, flags=re.DOTALL), result.stderr
