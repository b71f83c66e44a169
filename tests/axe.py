"""axe-core, the accessibility rules engine, for the browser tests: its pinned npm tarball fetched once from the
registry over HTTPS (no npm needed), checked against the SHA-512 the registry publishes (MPL-2.0, Deque
Systems), `axe.min.js` kept in the user cache dir and injected into the page under test."""

from __future__ import annotations

import base64
import hashlib
import io
import tarfile

from kg.files import write_atomically
from kg.resolve.cache import url_fetch
from kg.settings import cache_root

VERSION = "4.14.1"
URL = f"https://registry.npmjs.org/axe-core/-/axe-core-{VERSION}.tgz"
INTEGRITY = "FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=="  # SHA-512
IMPACTS = ("serious", "critical")  # what fails a page; "minor" and "moderate" are reported, not failed


class AxeUnavailable(Exception):
    """axe-core could not be fetched, or its bytes are not the pinned ones."""


def axe_source() -> str:
    """axe.min.js of the pinned axe-core, fetched and checked on first use."""
    path = cache_root() / f"axe-core-{VERSION}.min.js"
    if not path.exists():
        data = url_fetch(URL, AxeUnavailable, limit=20_000_000)
        digest = base64.b64encode(hashlib.sha512(data).digest()).decode()
        if digest != INTEGRITY:
            raise AxeUnavailable(f"axe-core {VERSION} has SHA-512 {digest}, expected {INTEGRITY}")
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
            member = archive.extractfile("package/axe.min.js")
            if member is None:
                raise AxeUnavailable(f"package/axe.min.js is missing from axe-core {VERSION}")
            source = member.read()
        write_atomically(path, lambda partial: partial.write_bytes(source))
    return path.read_text(encoding="utf-8")


def violations(page, impacts: tuple[str, ...] = IMPACTS) -> list[str]:
    """The page's axe-core violations of those impacts, one line each: rule, impact, help and where."""
    page.evaluate(axe_source())
    found = page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']})).violations
        .map(v => ({id: v.id, impact: v.impact, help: v.help,
                    where: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))""")
    return [f"{v['id']} ({v['impact']}): {v['help']} at {', '.join(v['where'])}" for v in found
            if v["impact"] in impacts]
