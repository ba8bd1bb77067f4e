"""Demo data (DESIGN §7): ``flask --app wsgi seed-demo [--scale N] [--if-empty]``.

``seed_demo`` builds the network that the source documents describe: the Kyzylorda directors'
league, the «ШЫҢ» learning community of Kostanay district's rural schools, Pavlodar lyceum №20
with its university, and a leading school with its partner schools; working groups; people of
every role, including the demo accounts and a few sign-ups waiting for the director.

Every step looks its rows up by natural key (an e-mail, a name within its parent) before it
creates them, so a second run adds nothing. ``DEMO_STEPS`` and ``SCALE_STEPS`` are the seams
for later features: a feature appends a function that takes the ``Seeding`` context and follows
the same rule. ``--scale N`` adds N units of generated districts, schools, networks and about
100 people each with bulk inserts, so that ``--scale 100`` (10,000 people) takes seconds.

This is demo data only: the accounts share one published password and must never reach a
production database. The console lines are for the operator and stay in English.

The package keeps demo and benchmark data out of the features: ``seeding.py`` (the context the
steps share), ``network.py`` and ``people.py`` (places, networks, people), one module per feature
(``forum.py``, ``essays.py``, …), ``scale.py`` (``--scale N``), ``forum_scale.py`` (the
benchmark's bulk forum) and ``samples.py`` (small valid files for the demo and the tests). Only
the ``seed-demo`` command imports it in the application (and the tests and the benchmark).
"""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app
from werkzeug.security import generate_password_hash

from ..accounts.models import User
from ..extensions import db
from .directions import seed_directions
from .essays import seed_essays
from .events import seed_events
from .forum import seed_forum
from .lessonstudy import seed_lesson_plan_file, seed_lesson_study
from .network import PLACES, seed_networks, seed_places
from .people import DEMO_ACCOUNTS, seed_memberships, seed_people
from .resources import seed_resources
from .scale import PEOPLE_PER_UNIT, SCALE_DOMAIN, SCALE_STEPS, SCHOOLS_PER_DISTRICT, ScalePlan
from .seeding import Seeding

#: The demo, step by step, in order. A later feature appends its own step (forum threads,
#: essays, resources, a Lesson Study): a function of the ``Seeding`` that finds its rows by
#: natural key before it creates them.
DEMO_STEPS: list[Callable[[Seeding], None]] = [
    seed_places,
    seed_networks,
    seed_people,
    seed_memberships,
    seed_forum,
    seed_lesson_study,
    seed_directions,
    seed_resources,
    seed_essays,
    seed_events,
    seed_lesson_plan_file,
]

# --- The command --------------------------------------------------------------------------------


def seed_demo(scale: int = 1, only_if_empty: bool = False) -> list[str]:
    """Build (or complete) the demo network, commit, and return the lines to print."""
    if only_if_empty and db.session.scalar(db.select(User.id).limit(1)) is not None:
        return ["The database has accounts already: seed-demo --if-empty added nothing."]
    password = current_app.config["DEMO_PASSWORD"]
    method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
    seeding = Seeding(password_hash=generate_password_hash(password, method=method))
    for step in DEMO_STEPS:
        step(seeding)
    if scale > 1:
        plan = ScalePlan(scale)
        for scale_step in SCALE_STEPS:
            scale_step(seeding, plan)
    db.session.commit()
    return _report(seeding, password, scale)


def _report(seeding: Seeding, password: str, scale: int) -> list[str]:
    if seeding.created:
        added = ", ".join(f"{table} {count}" for table, count in seeding.created.items())
        lines = [f"Demo data added (rows per table): {added}."]
    else:
        lines = ["Demo data is complete already: nothing added."]
    if scale > 1:
        lines.append(
            f"Generated for --scale {scale}: {scale * len(PLACES)} districts, "
            f"{scale * len(PLACES) * SCHOOLS_PER_DISTRICT} schools, "
            f"{scale * PEOPLE_PER_UNIT} people (@{SCALE_DOMAIN})."
        )
    lines.append(f"Demo accounts (demo data only, never in production), password: {password}")
    lines.extend(f"  {seed.email:<28} {seed.role.value}" for seed in DEMO_ACCOUNTS)
    return lines
