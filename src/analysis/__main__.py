"""``python -m analysis`` is the ``him-wages`` command."""

from analysis.cli import main

raise SystemExit(main())
