"""Entry script of the frozen ``lawgov-desktop`` app (see packaging/lawgov-desktop.spec).

A desktop that opens a double-clicked ``.lawgov`` file starts the program with the file as
its only argument (Linux ``Exec=lawgov-desktop %f``, macOS open-document events through
PyInstaller's argv emulation); the app takes a project as ``--db PATH``, so a lone project
file is passed on that way.
"""

import sys

from lawgov_desktop.gui.app import main

args = sys.argv[1:]
if len(args) == 1 and not args[0].startswith("-") and args[0].lower().endswith(".lawgov"):
    args = ["--db", args[0]]
raise SystemExit(main(args))
