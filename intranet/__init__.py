"""Zheli (Желі): the intranet of a network of Kazakh schools.

``create_app(config=None)`` builds the application: settings from the environment, then the
mapping a test passes; extensions, blueprints, error pages and commands. It has no side
effects: it does not migrate, seed or reach the network (``make run`` upgrades the database).
"""

from __future__ import annotations

from collections.abc import Mapping

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from .config import PROJECT_ROOT, check_production_settings, load_settings
from .extensions import babel, compress, csrf, db, htmx, limiter, login_manager, migrate


def create_app(config: Mapping[str, object] | None = None) -> Flask:
    app = Flask(
        __name__,
        template_folder=str(PROJECT_ROOT / "templates"),
        instance_path=str(PROJECT_ROOT / "instance"),
    )
    app.config.from_mapping(load_settings())
    if config:
        app.config.from_mapping(config)
    check_production_settings(app.config)

    if app.config["TRUSTED_PROXIES"]:
        hops = int(app.config["TRUSTED_PROXIES"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    from .core.static import serve_static

    serve_static(app)  # /static/… is answered before Flask sees the request

    _init_extensions(app)
    from .core.params import init_params

    init_params(app)  # before the blueprints: their routes take the bounded ``int`` converter
    _register_blueprints(app)

    from .core.errors import register_error_handlers
    from .core.fragments import init_fragments
    from .core.templating import register_template_helpers

    register_error_handlers(app)
    init_fragments(app)
    register_template_helpers(app)

    from .commands import register_commands

    register_commands(app)
    return app


def _init_extensions(app: Flask) -> None:
    from .core import db as _sqlite_settings  # noqa: F401  (registers the SQLite listeners)
    from .core.i18n import select_locale

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    csrf.init_app(app)
    htmx.init_app(app)
    compress.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=select_locale)

    from .accounts.auth import init_login_manager

    init_login_manager(app, login_manager)


def _register_blueprints(app: Flask) -> None:
    from .accounts import bp as accounts_bp
    from .core import bp as core_bp
    from .directions import bp as directions_bp
    from .essays import bp as essays_bp
    from .forum import bp as forum_bp
    from .home import bp as home_bp
    from .lessonstudy import bp as lessonstudy_bp
    from .monitoring import bp as monitoring_bp
    from .network import bp as network_bp
    from .notifications import bp as notifications_bp
    from .resources import bp as resources_bp
    from .resources.storage import init_uploads

    app.register_blueprint(core_bp)
    app.register_blueprint(home_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(network_bp)
    app.register_blueprint(forum_bp)
    app.register_blueprint(notifications_bp)
    app.register_blueprint(lessonstudy_bp)
    app.register_blueprint(monitoring_bp)
    app.register_blueprint(directions_bp)
    app.register_blueprint(resources_bp)
    init_uploads(app)
    app.register_blueprint(essays_bp)

    from .events import bp as events_bp

    app.register_blueprint(events_bp)
