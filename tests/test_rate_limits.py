"""Rate limits: sign-in limits shared by every worker through Redis (two apps stand in for two
gunicorn workers), the storage chosen by REDIS_URL, and the sign-up limit per address."""

from __future__ import annotations

import uuid

import pytest
import redis

from intranet.config import load_settings


@pytest.fixture
def redis_db(redis_url):
    """The run's private Redis (``tests/redis_server.py``), emptied around the test."""
    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


def test_sign_in_limit_holds_across_workers(make_app, redis_db, redis_url):
    settings = {
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": redis_url,
        "LOGIN_LIMIT_PER_ACCOUNT": "3/minute",
        "LOGIN_LIMIT_PER_ADDRESS": "100/minute",
    }
    worker_a = make_app(**settings).test_client()
    worker_b = make_app(**settings).test_client()
    email = f"{uuid.uuid4().hex}@example.kz"
    statuses = [
        client.post("/login", data={"email": email, "password": "wrong-password"}).status_code
        for client in (worker_a, worker_b, worker_a, worker_b)
    ]
    assert statuses == [200, 200, 200, 429]
    assert redis_db.dbsize() > 0


def test_rate_limit_storage_follows_redis_url(monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    assert load_settings()["RATELIMIT_STORAGE_URI"] == "memory://"
    monkeypatch.setenv("REDIS_URL", "redis://redis.internal:6379/2")
    assert load_settings()["RATELIMIT_STORAGE_URI"] == "redis://redis.internal:6379/2"


def test_sign_up_requests_are_limited_per_address(make_app):
    client = make_app(RATELIMIT_ENABLED=True, SIGNUP_LIMIT_PER_ADDRESS="2/minute").test_client()
    statuses = [client.post("/signup", data={"email": "x"}).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert client.get("/signup").status_code == 200
