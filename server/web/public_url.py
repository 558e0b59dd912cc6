"""The server's public URL, for what its answers name (the endpoint in the query UI and the Service Description, a
JSON-LD context, a preview link, the sitemap, relative IRIs' base). Taken from ``serve --public-url`` when given;
without it, from the request's own Host, and then every answer varies by Host (``vary_by_host``), so that a cache
never hands one host's links to another."""

from __future__ import annotations

from flask import Response, current_app, request


def public_root() -> str:
    """The root URL, ending in '/'."""
    configured = current_app.config.get("DEPESHA_PUBLIC_URL")
    return configured or request.url_root


def public_url(path: str) -> str:
    """The public URL of ``path`` (a path on this server, with or without its leading '/')."""
    return public_root() + path.lstrip("/")


def vary_by_host(response: Response) -> Response:
    if not current_app.config.get("DEPESHA_PUBLIC_URL"):
        vary = response.headers.get("Vary")
        if not vary:
            response.headers["Vary"] = "Host"
        elif "host" not in {name.strip().lower() for name in vary.split(",")}:
            response.headers["Vary"] = vary + ", Host"
    return response
