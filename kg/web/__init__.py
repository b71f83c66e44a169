"""The web explorer `kg serve` runs: a read-only app over `kg.api` (`kg.web.app.create_app`)."""
