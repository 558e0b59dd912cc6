"""The wall around a query process's network. pyoxigraph runs ``SERVICE`` and ``LOAD`` with its own HTTP client, which
cannot be turned off, routed through a proxy, or given a time limit. Checking the query text before it runs cannot be
trusted alone: the real parser reads text in ways a second reader misses (a comment ended by a bare carriage return, a
keyword glued to a prefixed name, ``<`` read as an operator where a lexer saw an IRI). So a query process moves itself
into a network namespace of its own, where the only interface is its own loopback: whatever pyoxigraph understands, it
can reach nothing outside. Allowed SERVICE endpoints are reached through the relay
(``server/web/sparql/service_relay.py``), which listens on that loopback and hands each call over an inherited socket
pair to a helper process left outside, which makes the call under the allow-list, the time limit and the size cap.

Linux only, through unprivileged user namespaces (or root). Where the kernel refuses, ``isolate()`` reports why and
the text checks (``server/web/sparql/sparql_text.py``) are the only guard; ``depesha serve`` says so when it starts."""

from __future__ import annotations

import ctypes
import fcntl
import os
import socket
import struct

CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000
SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP = 0x8913, 0x8914, 0x1


class IsolationUnavailable(OSError):
    """The kernel did not let this process have a network namespace of its own."""


def _write(path: str, text: str) -> None:
    with open(path, "w") as file:
        file.write(text)


def _loopback_up() -> None:
    """Bring up ``lo`` in the new namespace (it starts down), so that the relay can listen on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        request = struct.pack("16sH", b"lo", 0) + bytes(22)
        flags = struct.unpack("16sH", fcntl.ioctl(probe, SIOCGIFFLAGS, request)[:18])[1]
        fcntl.ioctl(probe, SIOCSIFFLAGS, struct.pack("16sH", b"lo", flags | IFF_UP) + bytes(22))


def isolate() -> None:
    """Move this process (it must have no other thread yet) into new user and network namespaces, keeping its user
    and group ids, with only a loopback interface. Raises ``IsolationUnavailable`` with the kernel's reason."""
    if not hasattr(os, "unshare") and not os.path.exists("/proc/self/uid_map"):
        raise IsolationUnavailable("network namespaces are a Linux feature")
    uid, gid = os.geteuid(), os.getegid()
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(CLONE_NEWUSER | CLONE_NEWNET) != 0:
        errno = ctypes.get_errno()
        raise IsolationUnavailable(
            f"unshare(CLONE_NEWUSER | CLONE_NEWNET) failed: {os.strerror(errno)} (the kernel "
            "may forbid unprivileged user namespaces)"
        )
    try:
        _write("/proc/self/setgroups", "deny")
        _write("/proc/self/uid_map", f"{uid} {uid} 1")
        _write("/proc/self/gid_map", f"{gid} {gid} 1")
        _loopback_up()
    except OSError as exc:
        raise IsolationUnavailable(f"setting up the network namespace failed: {exc}") from None


def die_with_parent() -> None:
    """Ask the kernel to end this process when the one that forked it ends (Linux ``PR_SET_PDEATHSIG``)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, 9, 0, 0, 0)  # PR_SET_PDEATHSIG, SIGKILL
    except (OSError, AttributeError):
        pass
