"""Interactive network pages (pyvis, self-contained HTML)."""
