"""Text from input files is untrusted: every title, area name, industry name, file name or parameter that goes
into Markdown or HTML passes through one of these functions first, so that it shows literally and never runs.

``escape_markdown("Coders <img src=x onerror=alert(1)> [x](javascript:alert(1))")`` gives text that Markdown
renders as exactly those characters: HTML tags become entities, and Markdown's link, emphasis and code marks
are backslash-escaped.
"""

from __future__ import annotations

import html
import re

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-!|~>$])")


def escape_markdown(value: object) -> str:
    """``value`` as text that Markdown shows literally (no HTML, links, emphasis or math)."""
    text = html.escape(str(value), quote=False)
    text = _MARKDOWN_SPECIALS.sub(r"\\\1", text)
    # A line that starts with a number and a dot would become a list item; "1." -> "1\."
    return re.sub(r"(?m)^(\s*\d+)\.", r"\1\\.", text).replace("\n", " ")


def escape_html(value: object) -> str:
    """``value`` as HTML text (quotes escaped too, so it is safe inside an attribute)."""
    return html.escape(str(value), quote=True)
