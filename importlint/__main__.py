"""`python -m importlint`."""

from .cli import main

raise SystemExit(main())
