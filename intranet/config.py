"""Settings, read from environment variables only.

``load_settings()`` returns a plain mapping; the app factory applies it and then the overrides a
test passes. Nothing here touches the network or the disk beyond resolving paths.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = PROJECT_ROOT / "instance"

#: The value a development checkout runs with; production refuses to start with it.
DEVELOPMENT_SECRET_KEY = "zheli-development-only-not-secret"

#: The interface languages, as Babel names them (``kk_Latn``: Kazakh in the 2021 Latin alphabet,
#: its catalog generated from ``kk``, see ``core.latin``); URLs and ``lang`` attributes use the
#: BCP 47 tags (``kk-Latn``, ``core.i18n.language_tag``).
LOCALES = ("kk", "kk_Latn", "ru", "en")
DEFAULT_LOCALE = "kk"
TIMEZONE = "Asia/Almaty"


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def load_settings() -> dict[str, object]:
    """Every setting the app reads, from the environment, with safe development defaults."""
    env = os.environ.get("ZHELI_ENV", "development")
    production = env == "production"
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{INSTANCE_DIR / 'zheli.db'}"
    redis_url = os.environ.get("REDIS_URL", "")
    max_upload_mb = _env_int("MAX_UPLOAD_MB", 50)
    return {
        "ENV_NAME": env,
        "PRODUCTION": production,
        "SECRET_KEY": os.environ.get("SECRET_KEY", DEVELOPMENT_SECRET_KEY),
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(database_url),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "UPLOAD_DIR": os.environ.get("UPLOAD_DIR", str(INSTANCE_DIR / "uploads")),
        "REDIS_URL": redis_url,
        "MAX_UPLOAD_MB": max_upload_mb,
        # The whole request body may carry one upload plus its form fields.
        "MAX_CONTENT_LENGTH": (max_upload_mb + 1) * 1024 * 1024,
        # Non-file form fields are held in memory: keep them small.
        "MAX_FORM_MEMORY_SIZE": 512 * 1024,
        "MAX_FORM_PARTS": 200,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _env_bool("SESSION_COOKIE_SECURE", production),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": _env_bool("SESSION_COOKIE_SECURE", production),
        "REMEMBER_COOKIE_DURATION": 60 * 60 * 24 * 30,
        "PERMANENT_SESSION_LIFETIME": 60 * 60 * 24 * 14,
        "WTF_CSRF_TIME_LIMIT": None,
        "WTF_CSRF_SSL_STRICT": production,
        "RATELIMIT_ENABLED": _env_bool("RATELIMIT_ENABLED", True),
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        # Failed sign-ins only (accounts/throttle.py): one address across accounts, one account
        # from one address, one account from anywhere (a remembered device is exempt).
        "LOGIN_LIMIT_PER_ADDRESS": os.environ.get("LOGIN_LIMIT_PER_ADDRESS", "20/minute;200/day"),
        "LOGIN_LIMIT_PER_ACCOUNT_ADDRESS": os.environ.get(
            "LOGIN_LIMIT_PER_ACCOUNT_ADDRESS", "5/minute;30/day"
        ),
        "LOGIN_LIMIT_PER_ACCOUNT": os.environ.get("LOGIN_LIMIT_PER_ACCOUNT", "10/minute;50/hour"),
        # A whole school may sign up from one address (one NAT), so this one is generous.
        "SIGNUP_LIMIT_PER_ADDRESS": os.environ.get("SIGNUP_LIMIT_PER_ADDRESS", "60/hour"),
        "TRUSTED_PROXIES": _env_int("TRUSTED_PROXIES", 0),
        "BABEL_DEFAULT_LOCALE": DEFAULT_LOCALE,
        "BABEL_DEFAULT_TIMEZONE": TIMEZONE,
        "BABEL_TRANSLATION_DIRECTORIES": str(PROJECT_ROOT / "translations"),
        "COMPRESS_MIMETYPES": [
            "text/html",
            "text/css",
            "text/csv",
            "text/calendar",
            "application/javascript",
            "text/javascript",
            "application/json",
        ],
        "COMPRESS_ALGORITHM": ["gzip"],
        "COMPRESS_MIN_SIZE": 300,
        # Static URLs carry a content hash (see core.assets), so they may be cached for a year.
        "SEND_FILE_MAX_AGE_DEFAULT": 365 * 24 * 60 * 60,
        "PASSWORD_RESET_HOURS": _env_int("PASSWORD_RESET_HOURS", 72),
        # Rendered pages of posts and menus kept per worker process (core.fragments); 0: none.
        "FRAGMENT_CACHE_SIZE": _env_int("FRAGMENT_CACHE_SIZE", 256),
        "DEMO_PASSWORD": "zheli-demo-2026",
    }


def normalise_database_url(url: str) -> str:
    """Use psycopg 3 for ``postgresql://`` URLs, as hosting providers hand them out."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def check_production_settings(settings: dict[str, object]) -> None:
    """Refuse to run a production instance with a guessable or missing secret."""
    if not settings.get("PRODUCTION"):
        return
    secret = str(settings.get("SECRET_KEY") or "")
    if secret == DEVELOPMENT_SECRET_KEY or len(secret) < 32:
        raise RuntimeError(
            "ZHELI_ENV=production needs SECRET_KEY set to a random value of 32 or more characters"
            " (python -c 'import secrets; print(secrets.token_urlsafe(48))')."
        )
