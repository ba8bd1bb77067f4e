"""Benchmarks, not tests: ``make bench`` (``python -m tests.bench``) serves the seeded demo with
gunicorn on SQLite and PostgreSQL, drives it with a bounded load generator and prints figures.

Nothing here asserts a timing; pytest does not collect these modules (no ``test_`` names).
"""
