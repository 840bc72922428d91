r"""The codes BLS writes in every OEWS table, defined once (no imports, so a command's ``--help`` stays fast).

- an SOC occupation code as the frame writes it: ``29-2072`` (:data:`SOC_PATTERN`, :data:`SOC_CODE`), anchored with
  ``\Z`` because Python's ``$`` also matches before a final line feed ("29-2072\n" is not a code); Arrow's RE2
  engine spells the same anchor ``\z`` (:data:`SOC_PATTERN_RE2`);
- the industry code of cross-industry estimates, ``000000`` (:data:`CROSS_INDUSTRY`);
- the ownership code of all ownerships combined, ``1235`` (:data:`ALL_OWNERSHIPS`): "Files without an ownership
  field will always represent private, federal, state, and local government ownerships combined"
  (field_descriptions.xlsx, May 2018);
- the area code of the U.S. as a whole in the canonical frame, ``99`` (:data:`NATIONAL_AREA`), its postal code
  ``US`` and its title ``U.S.`` as the special-request files write them;
- the shape of an area code (2 to 7 digits, :data:`AREA_PATTERN`) and of an ownership code (1 to 4 digits,
  :data:`OWN_CODE_PATTERN`).

Which releases can exist is :mod:`analysis.conventions.releases`.
"""

from __future__ import annotations

import re

SOC_PATTERN = r"^\d{2}-\d{4}\Z"
SOC_PATTERN_RE2 = SOC_PATTERN.replace(r"\Z", r"\z")
SOC_CODE = re.compile(SOC_PATTERN)
CROSS_INDUSTRY = "000000"
ALL_OWNERSHIPS = "1235"
NATIONAL_AREA = "99"
NATIONAL_POSTAL = "US"
NATIONAL_TITLE = "U.S."
AREA_PATTERN = r"^\d{2,7}$"
OWN_CODE_PATTERN = r"^\d{1,4}$"
