"""``python -m floatpop``: the ``floatpop`` command."""

from floatpop.experiments.cli import main

raise SystemExit(main())
