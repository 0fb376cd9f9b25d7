"""Shared test set-up.

* Every test runs with ``LAWGOV_HOME`` in a temporary folder, so no test can read or write
  the user's real projects, settings or caches.
* Any attempt to open an internet socket fails the test: the app is offline by design.
* Qt runs offscreen (no display needed).
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if os.environ["QT_QPA_PLATFORM"] == "offscreen":
    # an ordinary 1920×1080 monitor rather than the offscreen plugin's 800×600: the window fits
    # itself to the screen it opens on, and tests lay out a 1400×900 window
    os.environ["QT_QPA_PLATFORM"] = "offscreen:configfile=" + str(Path(__file__).parent / "data" / "screen-1920x1080.json")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = Path(__file__).resolve().parent / "gold"


class NetworkUsed(AssertionError):
    """Raised when code under test tries to reach a network address."""


_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _guard(sock: socket.socket, address: object) -> None:
    if sock.family in (socket.AF_INET, socket.AF_INET6):
        raise NetworkUsed(f"network connection attempted to {address!r}")


def _no_connect(self: socket.socket, address: object):  # noqa: ANN202
    _guard(self, address)
    return _real_connect(self, address)


def _no_connect_ex(self: socket.socket, address: object):  # noqa: ANN202
    _guard(self, address)
    return _real_connect_ex(self, address)


def _no_getaddrinfo(*args: object, **kwargs: object):  # noqa: ANN202
    raise NetworkUsed(f"name lookup attempted: {args[:2]!r}")


@pytest.fixture(autouse=True)
def offline_and_isolated(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Isolate user data and forbid network use for every test."""
    home = tmp_path_factory.mktemp("lawgov-home")
    monkeypatch.setenv("LAWGOV_HOME", str(home))
    monkeypatch.delenv("LAWGOV_DB", raising=False)
    monkeypatch.setenv("LAWGOV_ANNOTATOR", "tester")
    monkeypatch.setattr(socket.socket, "connect", _no_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", _no_connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", _no_getaddrinfo)
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: _no_getaddrinfo(*a))
    yield home


@pytest.fixture
def seed_files() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


@pytest.fixture
def project(tmp_path: Path):
    """An empty project (default categories only) in a temporary file."""
    from lawgov_desktop.store.project import Project

    with Project(tmp_path / "test.lawgov") as proj:
        yield proj


@pytest.fixture
def seeded_project(project, seed_files):
    """A project with the five seed reports imported."""
    summary = project.reports.import_files(seed_files)
    assert summary.ok and len(summary.imported) == 5
    return project
