"""Entry script of the frozen ``lawgov`` command line (see packaging/lawgov-desktop.spec)."""

from lawgov_desktop.cli import main

raise SystemExit(main())
