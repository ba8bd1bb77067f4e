"""One's own account: the profile, changing the password, and setting a new one through a
one-time reset link."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user

from ..core.forms import first_submission
from ..core.rules import show_rule_error
from ..extensions import db
from . import services
from .forms import ChangePasswordForm, ProfileForm, ResetPasswordForm
from .models import LevelCertificate
from .views import bp, remember_locale


@bp.route("/account/", methods=["GET", "POST"])
@login_required
def profile():
    user = current_user._get_current_object()
    form = ProfileForm(obj=user)
    if not form.validate_on_submit():
        return render_template("accounts/profile.html", form=form, user=user)
    if not first_submission(form):
        return redirect(url_for("accounts.profile"))
    try:
        services.update_profile(
            user,
            full_name=form.full_name.data,
            subject=form.subject.data or "",
            level_certificate=LevelCertificate(form.level_certificate.data),
            locale=form.locale.data,
        )
    except services.AccountError as error:
        db.session.rollback()
        show_rule_error(form, error)
        return render_template("accounts/profile.html", form=form, user=user)
    db.session.commit()
    flash(_("Your profile is saved."), "success")
    return remember_locale(redirect(url_for("accounts.profile")), user.locale)


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    user = current_user._get_current_object()
    form = ChangePasswordForm()
    if not form.validate_on_submit():
        return render_template("accounts/change_password.html", form=form)
    if not first_submission(form):
        return redirect(url_for("accounts.profile"))
    try:
        services.change_password(user, form.current_password.data, form.new_password.data)
    except services.AccountError as error:
        db.session.rollback()
        show_rule_error(form, error)
        return render_template("accounts/change_password.html", form=form)
    db.session.commit()
    # The session token rotated: every other device is signed out; this one signs in again.
    remembered = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies
    login_user(user, remember=remembered)
    flash(_("Your password is changed. Other devices have been signed out."), "success")
    return redirect(url_for("accounts.profile"))


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    link = services.find_reset_link(token[:100])
    if link is None:
        return render_template("accounts/reset_invalid.html"), 404
    form = ResetPasswordForm()
    if not form.validate_on_submit():
        return render_template("accounts/reset_password.html", form=form, user=link.user)
    if not first_submission(form):
        return redirect(url_for("accounts.login"))
    try:
        services.reset_password(link, form.new_password.data)
    except services.AccountError as error:
        db.session.rollback()
        show_rule_error(form, error)
        return render_template("accounts/reset_password.html", form=form, user=link.user)
    db.session.commit()
    flash(_("Your new password is set. Sign in with it."), "success")
    return redirect(url_for("accounts.login"))
