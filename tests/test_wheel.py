"""The built wheel, installed outside the source tree, works from a fresh home folder.

An editable install reads ``resources/`` and ``seeds/`` from the checkout, so it hides data
missing from the wheel; this test builds the wheel from a copy of the project, installs it into
a new virtual environment in a temporary folder, and runs the installed ``lawgov`` and
``lawgov-desktop`` with a fresh HOME and no ``LAWGOV_HOME`` — as a new user would.

No network: the wheel is built without build isolation, and the new environment borrows the
already-installed dependencies of the test environment through a ``.pth`` line (which adds
that folder's packages but not its editable install of this project).
"""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SKIP = shutil.ignore_patterns(".venv", ".git", "build", "dist", "__pycache__", "*.egg-info", ".pytest_cache",
                              ".ruff_cache", "*.pyc")


def _run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:  # noqa: ANN003
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300, **kwargs)
    assert proc.returncode == 0, f"{cmd}\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}"
    return proc


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("wheel")
    source = base / "source"
    shutil.copytree(ROOT, source, ignore=SKIP)
    dist = base / "dist"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
          "-w", str(dist), str(source)], cwd=base)
    wheel = next(dist.glob("lawgov_desktop-*.whl"))
    env_dir = base / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / ("python.exe" if os.name == "nt" else "python")
    purelib = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"])
                   .stdout.strip())
    borrowed = [p for p in {*site.getsitepackages(), sysconfig.get_paths()["purelib"]} if Path(p).is_dir()]
    (purelib / "_borrowed_dependencies.pth").write_text("\n".join(borrowed) + "\n", encoding="utf-8")
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", str(wheel)],
         cwd=base)
    home = base / "home"
    home.mkdir()
    return {"wheel": wheel, "bin": bin_dir, "python": python, "home": home, "base": base}


def _user_env(installed: dict[str, Path]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in {"LAWGOV_HOME", "LAWGOV_DB", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME",
                        "XDG_STATE_HOME", "PYTHONPATH", "VIRTUAL_ENV", "APPDATA", "LOCALAPPDATA"}}
    env.update(HOME=str(installed["home"]), USERPROFILE=str(installed["home"]), QT_QPA_PLATFORM="offscreen")
    return env


def test_wheel_carries_resources_and_seeds(installed):
    names = zipfile.ZipFile(installed["wheel"]).namelist()
    data = [n for n in names if n.startswith("lawgov_desktop/_data/")]
    assert "lawgov_desktop/_data/resources/dict/lawgov_terms.txt" in data
    assert "lawgov_desktop/_data/resources/fonts/OFL.txt" in data
    assert "lawgov_desktop/_data/resources/i18n/lawgov_zh_CN.qm" in data
    assert any(n.endswith(".otf") for n in data)
    assert len([n for n in data if n.startswith("lawgov_desktop/_data/seeds/")]) == len(list((ROOT / "seeds").glob("*.txt")))
    assert not any(n.endswith("screenshot.png") for n in names)


def test_installed_commands_work_from_a_fresh_home(installed):
    env = _user_env(installed)
    cwd = installed["base"]  # not the source tree
    lawgov = str(installed["bin"] / "lawgov")
    where = _run([str(installed["python"]), "-c", "import lawgov_desktop, sys; print(lawgov_desktop.__file__)"],
                 env=env, cwd=cwd).stdout.strip()
    assert Path(where).is_relative_to(installed["base"] / "venv"), where  # the wheel, not the checkout
    reports = json.loads(_run([lawgov, "reports", "--json"], env=env, cwd=cwd).stdout)
    assert len(reports) == 5  # the default project made on first run, with the sample library
    data_folders = list(installed["home"].rglob("default.lawgov"))
    assert len(data_folders) == 1 and not data_folders[0].is_relative_to(installed["base"] / "venv")
    # the dictionary and the segmenter come from the package data
    _run([lawgov, "annotate", str(reports[0]["id"]), "0", "12", "执法"], env=env, cwd=cwd)
    out = installed["base"] / "out.jsonl"
    _run([lawgov, "export", "--format", "jsonl", "-o", str(out)], env=env, cwd=cwd)
    assert out.read_text(encoding="utf-8").strip()
    _run([lawgov, "suggest", "--report", str(reports[0]["id"]), "--limit", "3", "--json"], env=env, cwd=cwd)


def test_installed_desktop_app_renders_from_a_fresh_home(installed, tmp_path: Path):
    env = _user_env(installed)
    env["HOME"] = str(tmp_path / "another-home")  # not even the CLI has run here
    shot = tmp_path / "first.png"
    desktop = str(installed["bin"] / "lawgov-desktop")
    proc = _run([desktop, "--screenshot", str(shot)], env=env, cwd=installed["base"])
    assert "Traceback" not in proc.stderr
    assert shot.stat().st_size > 10_000
    assert list((tmp_path / "another-home").rglob("default.lawgov"))


def test_installed_wheel_carries_its_licence_and_writes_logs_in_the_user_log_folder(installed):
    names = zipfile.ZipFile(installed["wheel"]).namelist()
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    env = _user_env(installed)
    code = ("from lawgov_desktop.gui.about_dialog import app_licence_text, package_parts; "
            "print(app_licence_text().splitlines()[0]); print(len(package_parts()))")
    out = _run([str(installed["python"]), "-c", code], env=env, cwd=installed["base"]).stdout.split("\n")
    assert out[0] == "MIT License" and int(out[1]) >= 7  # from the installed metadata
    _run([str(installed["bin"] / "lawgov"), "reports"], env=env, cwd=installed["base"])
    logs = list(installed["home"].rglob("lawgov.log"))
    assert logs and "lawgov 0.1.0" in logs[0].read_text(encoding="utf-8")
    assert not logs[0].is_relative_to(installed["base"] / "venv")
