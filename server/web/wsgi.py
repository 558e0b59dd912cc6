"""Run the app under gunicorn (several worker processes of a few threads each; a stuck worker is ended after its
timeout)."""

from __future__ import annotations

import os
import sys

from flask import Flask
from gunicorn.app.base import BaseApplication


class _Gunicorn(BaseApplication):
    def __init__(self, app: Flask, options: dict) -> None:
        self.application = app
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        return self.application


def _start_query_pool(app: Flask) -> None:
    """Each gunicorn worker starts its query processes as it boots, not on its first request."""
    pool = app.extensions.get("depesha.query_pool")
    if pool is not None:
        pool.start()


def _end_worker(app: Flask) -> None:
    """A gunicorn worker's last step: end its query processes, then leave without the interpreter's finalisation,
    during which RocksDB's threads outlive the objects they use (pyoxigraph 0.5.13: SIGSEGV or SIGABRT at every
    shutdown)."""
    pool = app.extensions.get("depesha.query_pool")
    if pool is not None:
        pool.close()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


PAGE_THREADS = 4  # threads of each worker beyond its query places: pages and IRIs are served while queries run


def serve_forever(app: Flask, host: str, port: int, workers: int, threads: int = 2, timeout: int = 60) -> None:
    """gunicorn's threaded workers. Each has a thread for every place of its query pool (``QueryPool.capacity``: the
    ``threads`` light places and the slow lane's) and ``PAGE_THREADS`` more, so that pages never wait behind queries,
    and keeps client connections alive between requests, which saves a TCP connection and its lingering close per
    request. With several workers each binds its own listening socket (SO_REUSEPORT), so that the kernel spreads
    connections over them; with one shared socket the worker that wakes first takes every kept-alive connection."""
    pool = app.extensions.get("depesha.query_pool")
    total = (pool.capacity if pool is not None else threads) + PAGE_THREADS
    # limit_request_line: the longest URL gunicorn takes (its maximum); longer GET queries get its 400, POST them
    _Gunicorn(
        app,
        {
            "bind": f"{host}:{port}",
            "workers": workers,
            "worker_class": "gthread",
            "threads": total,
            "reuse_port": workers > 1,
            "timeout": timeout,
            # a stop waits this long for a worker to end before killing it (gunicorn's default, 30 s, is seen when
            # the stop arrives while a worker is still starting its query processes on a loaded machine)
            "graceful_timeout": 10,
            "accesslog": "-",
            "errorlog": "-",
            "loglevel": "warning",
            "limit_request_line": 8190,
            "post_worker_init": lambda worker: _start_query_pool(app),
            "worker_exit": lambda arbiter, worker: _end_worker(app),
        },
    ).run()
