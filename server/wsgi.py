"""Run the app under gunicorn (several worker processes; a stuck worker is ended after its timeout)."""

from __future__ import annotations

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


def serve_forever(app: Flask, host: str, port: int, workers: int, timeout: int = 60) -> None:
    _Gunicorn(app, {"bind": f"{host}:{port}", "workers": workers, "timeout": timeout, "accesslog": "-",
                    "errorlog": "-", "loglevel": "warning"}).run()
