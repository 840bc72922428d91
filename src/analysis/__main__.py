"""``python -m analysis`` is the ``him-wages`` command."""

from .cli import main

raise SystemExit(main())
