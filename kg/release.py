"""The shipped data's release, on its own: `kg --version` says it without loading the driver or numpy."""

from __future__ import annotations


def data_release() -> str:
    """The shipped data's release: a content hash over every file under kg/data (the world sources, the seed
    documents, the status changes), so a figure can be tied to the exact data it came from."""
    import hashlib
    from importlib import resources

    digest = hashlib.sha256()
    pending = [resources.files("kg.data")]
    files = []
    while pending:
        folder = pending.pop()
        for entry in folder.iterdir():
            if entry.is_dir():
                pending.append(entry)
            elif not entry.name.endswith((".py", ".pyc")):
                files.append(entry)
    for entry in sorted(files, key=lambda e: str(e)):
        digest.update(entry.name.encode("utf-8") + b"\0" + entry.read_bytes())
    return f"sha256:{digest.hexdigest()[:16]}"
