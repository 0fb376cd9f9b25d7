"""``python -m lawgov_desktop.bench.app_probe ARGS``: the real ``lawgov-desktop``, timed.

The GUI cases of ``lawgov bench`` run the app exactly as a user starts it, with the probe of
:mod:`lawgov_desktop.bench.paint_probe` attached through :data:`lawgov_desktop.gui.app.WINDOW_HOOKS`:
the app never imports the benchmark.  Besides this module (a few lines, imported before Qt
starts), the process is the same as ``python -m lawgov_desktop ARGS``.
"""

from __future__ import annotations

from lawgov_desktop.bench.paint_probe import quit_after_first_paint
from lawgov_desktop.gui import app


def main(argv: list[str] | None = None) -> int:
    app.WINDOW_HOOKS.append(quit_after_first_paint)
    return app.main(argv)


if __name__ == "__main__":
    raise SystemExit(main())
