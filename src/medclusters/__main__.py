"""``python -m medclusters``: the command line."""

from medclusters.cli import main

raise SystemExit(main())
