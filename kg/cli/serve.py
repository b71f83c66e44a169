"""`kg serve`: the read-only web explorer in a browser (kg.web)."""

from __future__ import annotations

import ipaddress

import click

from kg.cli.context import Context, pass_context


def _loopback(host: str) -> bool:
    """Does `host` answer only this machine?"""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but a loopback address lets the network read the graph.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port to listen on.")
@pass_context
def serve(obj: Context, host: str, port: int) -> None:
    """Explore the graph in a browser: search a city, see its partners with each statement's sources,
    follow them. Read-only; every page is also JSON under /api/ (described at /openapi.json).

    \b
    Example:
        kg serve                 # then open http://127.0.0.1:8000/
        kg serve --port 8080
    """
    import uvicorn

    from kg.web.app import create_app

    obj.graph.status()  # a clear error now, rather than on the first page, when no server answers
    if not _loopback(host):
        click.echo(f"Warning: listening on {host}: anyone who can reach this machine can read the graph.", err=True)
    click.echo(f"Serving the graph at http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    uvicorn.run(create_app(obj.graph), host=host, port=port, log_level="warning")
