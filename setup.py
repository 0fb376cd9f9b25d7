"""Ship ``resources/`` and ``seeds/`` inside the wheel, as ``lawgov_desktop/_data/``.

They stay at the top of the source tree (where the font, dictionary, translations and sample
reports are maintained), and an editable install reads them there; a built wheel has no
source tree beside it, so the build copies them into the package, where
``lawgov_desktop.paths`` finds them.  Only what the app reads at run time is
copied (not the README screenshot or the translation sources).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
# (folder, file patterns the app reads at run time)
DATA = {
    "resources": ("fonts/*.otf", "fonts/OFL.txt", "dict/*.txt", "i18n/*.qm", "icons/*"),
    "seeds": ("*.txt",),
}


class BuildWithData(build_py):
    """``build_py`` that also lays the run-time data into ``lawgov_desktop/_data``."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the source tree's folders directly
        target = Path(self.build_lib) / "lawgov_desktop" / "_data"
        for folder, patterns in DATA.items():
            for pattern in patterns:
                for src in sorted((ROOT / folder).glob(pattern)):
                    if src.is_file():
                        dest = target / folder / src.relative_to(ROOT / folder)
                        dest.parent.mkdir(parents=True, exist_ok=True)
                        shutil.copy2(src, dest)


setup(cmdclass={"build_py": BuildWithData})
