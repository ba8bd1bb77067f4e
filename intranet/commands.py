"""Command-line tasks: ``flask --app wsgi seed-demo [--scale N]``."""

from __future__ import annotations

import click
from flask import Flask


def register_commands(app: Flask) -> None:
    @app.cli.command("seed-demo")
    @click.option("--scale", default=1, show_default=True, help="Multiply the demo data N times.")
    @click.option("--if-empty", is_flag=True, help="Do nothing when the database has users.")
    def seed_demo_command(scale: int, if_empty: bool) -> None:
        """Build the demo network of DESIGN §7 (idempotent) and print the demo accounts."""
        from .demo import seed_demo

        report = seed_demo(scale=scale, only_if_empty=if_empty)
        for line in report:
            click.echo(line)
