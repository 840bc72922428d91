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


def escape_dollars(text: str) -> str:
    """Markdown-safe money: Jupyter reads "$...$" as LaTeX, so every "$" is escaped, once (a "$" that
    :func:`escape_markdown` already escaped stays as it is)."""
    return text.replace("\\$", "$").replace("$", "\\$")


def escape_html(value: object) -> str:
    """``value`` as HTML text (quotes escaped too, so it is safe inside an attribute)."""
    return html.escape(str(value), quote=True)


# ------------------------------------------------------------------------------------------------ terminal
#: Characters that change how a terminal shows what follows: C0 and C1 controls (ESC starts a sequence that can
#: retitle or clear the terminal), DEL, and the bidirectional controls that reorder text (U+202E right-to-left
#: override makes "txt.exe" look like "exe.txt"), with the Unicode line and paragraph separators.
_TERMINAL_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_text(value: object) -> str:
    """``value`` on one line, safe to print on a terminal or into a log: line ends become spaces, and every control
    or bidirectional-override character is shown as its escape (``\\x1b``, ``\\u202e``), so text from a file or
    a server can neither move the cursor, retitle or clear the terminal, nor reorder what is shown."""
    text = str(value).replace("\r\n", " ").replace("\n", " ")
    return _TERMINAL_UNSAFE.sub(_visible, text)


# ------------------------------------------------------------------------------------------------ spreadsheets
#: First characters that make a spreadsheet read a cell as a formula or a command (OWASP, "CSV Injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """``value`` as a CSV or spreadsheet cell that no spreadsheet runs: text starting with ``= + - @``, a tab or a
    carriage return is prefixed with an apostrophe, as OWASP advises (``=HYPERLINK(...)`` -> ``'=HYPERLINK(...)``).
    Numbers, missing values and other text are returned unchanged (a negative number stays a number)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def formula_like(value: object) -> bool:
    """True for text a spreadsheet would read as a formula (for writers, such as XLSX, that store a cell as a
    string explicitly instead of prefixing it: the apostrophe must not become part of the value there)."""
    return isinstance(value, str) and value.startswith(FORMULA_START)


# ------------------------------------------------------------------------------------------------ charts
_CHART_UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def chart_text(value: object) -> str:
    """``value`` for a chart title, label or tooltip: control and bidirectional characters removed (a tab, CR or
    Unicode line separator becomes a space), since one ESC, BEL or NUL in a title makes the chart renderer fail.
    A line feed stays: the renderer draws it as a line break, and the charts' own two-line labels rely on it."""
    text = re.sub(r"[\t\r\u2028\u2029]+", " ", str(value))
    return _CHART_UNSAFE.sub("", text)
