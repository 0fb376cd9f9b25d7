"""The offline guard in conftest really fails network use (so the other tests prove something)."""

import socket
import urllib.request

import pytest

from tests.conftest import NetworkUsed


def test_tcp_connect_is_refused():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        with pytest.raises(NetworkUsed):
            s.connect(("127.0.0.1", 9))
    finally:
        s.close()


def test_url_fetch_is_refused():
    with pytest.raises((NetworkUsed, OSError)):
        urllib.request.urlopen("http://example.invalid/", timeout=1)


def test_local_unix_sockets_still_work():
    a, b = socket.socketpair()
    a.sendall(b"x")
    assert b.recv(1) == b"x"
    a.close()
    b.close()
