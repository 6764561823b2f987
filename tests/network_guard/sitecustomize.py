"""No network for the Python processes of a test's build: on PYTHONPATH, Python imports this at start-up.

With NETWORK_GUARD_LOG set, every process notes that it is guarded ("guarded <pid> <argv>") and every
attempt to resolve a name or connect to anything but this machine is noted ("attempt …") and refused, so a
test can show that the build made none. Loopback and Unix sockets stay open (multiprocessing, local tools).
"""

from __future__ import annotations

import errno
import os
import socket
import sys

LOG = os.environ.get("NETWORK_GUARD_LOG")
LOCAL_NAMES = {"localhost", "ip6-localhost", "::1", "0.0.0.0", ""}


def _note(line: str) -> None:
    with open(LOG or os.devnull, "a", encoding="utf-8") as log:  # one write per line: processes share it
        log.write(f"{line}\n")


def _local(host) -> bool:
    if host is None:
        return True
    name = host.decode() if isinstance(host, bytes) else str(host)
    return name.lower() in LOCAL_NAMES or name.startswith("127.")


def _refuse(what: str):
    _note(f"attempt {os.getpid()} {what}")
    return OSError(errno.ENETUNREACH, f"network denied by the test: {what}")


def install() -> None:
    connect, connect_ex, sendto = socket.socket.connect, socket.socket.connect_ex, socket.socket.sendto
    getaddrinfo, gethostbyname, gethostbyname_ex = socket.getaddrinfo, socket.gethostbyname, socket.gethostbyname_ex

    def inet(sock: socket.socket, address) -> bool:
        return sock.family in (socket.AF_INET, socket.AF_INET6) and not _local(address[0])

    def guarded_connect(self, address):
        if inet(self, address):
            raise _refuse(f"connect {address!r}")
        return connect(self, address)

    def guarded_connect_ex(self, address):
        if inet(self, address):
            raise _refuse(f"connect {address!r}")
        return connect_ex(self, address)

    def guarded_sendto(self, data, *args):
        if inet(self, args[-1]):
            raise _refuse(f"sendto {args[-1]!r}")
        return sendto(self, data, *args)

    def guarded_getaddrinfo(host, *args, **kwargs):
        if not _local(host):
            _note(f"attempt {os.getpid()} resolve {host!r}")
            raise socket.gaierror(socket.EAI_NONAME, f"network denied by the test: {host}")
        return getaddrinfo(host, *args, **kwargs)

    def guarded_by_name(original):
        def resolve(host):
            if not _local(host):
                _note(f"attempt {os.getpid()} resolve {host!r}")
                raise socket.gaierror(socket.EAI_NONAME, f"network denied by the test: {host}")
            return original(host)

        return resolve

    socket.socket.connect = guarded_connect  # type: ignore[method-assign]
    socket.socket.connect_ex = guarded_connect_ex  # type: ignore[method-assign]
    socket.socket.sendto = guarded_sendto  # type: ignore[method-assign,assignment]
    socket.getaddrinfo = guarded_getaddrinfo
    socket.gethostbyname = guarded_by_name(gethostbyname)
    socket.gethostbyname_ex = guarded_by_name(gethostbyname_ex)
    _note(f"guarded {os.getpid()} {' '.join(getattr(sys, 'orig_argv', sys.argv))}")  # argv is not set yet


if LOG:
    install()
