"""One's own account: the profile with its signed-in devices, signing a device (or every
device) out, changing the password, and setting a new one through a one-time reset link."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..core.actions import Outcome, perform
from ..core.forms import new_form_token
from . import services, sessions
from .forms import ChangePasswordForm, DeviceForm, ProfileForm, ResetPasswordForm
from .models import LevelCertificate
from .views import bp, remember_locale, sign_in, signed_out


def _render_profile(form: ProfileForm, user):
    return render_template(
        "accounts/profile.html",
        form=form,
        user=user,
        devices=sessions.devices_of(user),
        new_token=new_form_token,
    )


@bp.route("/account/", methods=["GET", "POST"])
@login_required
def profile():
    user = current_user._get_current_object()
    form = ProfileForm(obj=user)
    outcome, _result = perform(
        form,
        lambda: services.update_profile(
            user,
            full_name=form.full_name.data,
            subject=form.subject.data or "",
            level_certificate=LevelCertificate(form.level_certificate.data),
            locale=form.locale.data,
        ),
    )
    if outcome is Outcome.INVALID:
        return _render_profile(form, user)
    if outcome is Outcome.REPEATED:
        return redirect(url_for("accounts.profile"))
    flash(_("Your profile is saved."), "success")
    return remember_locale(redirect(url_for("accounts.profile")), user.locale)


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    user = current_user._get_current_object()
    form = ChangePasswordForm()

    def change():
        services.change_password(user, form.current_password.data, form.new_password.data)
        # Every device session ended, this one's too: this device alone signs in again.
        cookie = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
        sign_in(user, remember=cookie in request.cookies)

    outcome, _result = perform(form, change)
    if outcome is Outcome.INVALID:
        return render_template("accounts/change_password.html", form=form)
    if outcome is Outcome.REPEATED:
        return redirect(url_for("accounts.profile"))
    flash(_("Your password is changed. Other devices have been signed out."), "success")
    return redirect(url_for("accounts.profile"))


@bp.post("/account/devices/<int:device_id>/sign-out")
@login_required
def sign_out_device(device_id: int):
    user = current_user._get_current_object()
    this_device = device_id == user.session_device_id
    outcome, ended = perform(DeviceForm(), lambda: sessions.end_session(user, device_id))
    if outcome is Outcome.DONE and this_device:
        return signed_out(_("You have signed out."))
    if outcome is Outcome.DONE and ended:
        flash(_("That device is signed out."), "success")
    return redirect(url_for("accounts.profile"))


@bp.post("/account/devices/sign-out-everywhere")
@login_required
def sign_out_everywhere():
    user = current_user._get_current_object()
    outcome, _ended = perform(DeviceForm(), lambda: sessions.sign_out_everywhere(user))
    if outcome is Outcome.DONE:
        return signed_out(_("You have signed out on every device."))
    return redirect(url_for("accounts.profile"))


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    link = services.find_reset_link(token[:100])
    if link is None:
        return render_template("accounts/reset_invalid.html"), 404
    form = ResetPasswordForm()
    outcome, _user = perform(form, lambda: services.reset_password(link, form.new_password.data))
    if outcome is Outcome.INVALID:
        return render_template("accounts/reset_password.html", form=form, user=link.user)
    if outcome is Outcome.REPEATED:
        return redirect(url_for("accounts.login"))
    flash(_("Your new password is set. Sign in with it."), "success")
    return redirect(url_for("accounts.login"))
