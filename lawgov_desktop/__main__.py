"""``python -m lawgov_desktop`` starts the desktop app, like ``lawgov-desktop``."""

from lawgov_desktop.gui.app import main

if __name__ == "__main__":
    raise SystemExit(main())
