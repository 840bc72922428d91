"""The codes BLS writes in every OEWS table, defined once (no imports, so a command's ``--help`` stays fast).

- an SOC occupation code as the frame writes it: ``29-2072`` (:data:`SOC_PATTERN`, :data:`SOC_CODE`);
- the industry code of cross-industry estimates, ``000000`` (:data:`CROSS_INDUSTRY`);
- the ownership code of all ownerships combined, ``1235`` (:data:`ALL_OWNERSHIPS`): "Files without an ownership
  field will always represent private, federal, state, and local government ownerships combined"
  (field_descriptions.xlsx, May 2018);
- the area code of the U.S. as a whole in the canonical frame, ``99`` (:data:`NATIONAL_AREA`);
- which May releases can exist (:func:`implausible_release`): from 1997 to the one the calendar allows.
"""

from __future__ import annotations

import datetime as dt
import re

SOC_PATTERN = r"^\d{2}-\d{4}$"
SOC_CODE = re.compile(SOC_PATTERN)
CROSS_INDUSTRY = "000000"
ALL_OWNERSHIPS = "1235"
NATIONAL_AREA = "99"


#: The first May release of OEWS estimates in today's layout (BLS's special-request files start with May 1997).
FIRST_RELEASE = 1997


def latest_possible_release(today: dt.date | None = None) -> int:
    """The latest May release the calendar allows: BLS publishes the May ``YYYY`` estimates the next spring, so
    on any day of ``YYYY`` the newest can be May ``YYYY - 1`` at most."""
    return (today or dt.date.today()).year - 1


def implausible_release(year: int, today: dt.date | None = None) -> str | None:
    """Why ``year`` cannot be an OEWS release (before 1997, or after what the calendar allows), or None."""
    latest = latest_possible_release(today)
    if year < FIRST_RELEASE:
        return f"May {year} is before the first OEWS release this project reads (May {FIRST_RELEASE})"
    if year > latest:
        return f"May {year} cannot have been published yet (the latest release the calendar allows is May {latest})"
    return None
