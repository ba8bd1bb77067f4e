"""Lesson Study pages joined to the resource library: a research lesson's plan file (attach,
remove, download) and publishing a completed study. Registered on the blueprint by
``views.py``; the rules live in ``attachments.py``."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from ..core.actions import Outcome, perform
from ..core.pages import render_confirm_page
from ..resources import services as library
from ..resources.filetypes import BY_NAME
from ..resources.models import ResourceKind, ResourceLanguage, Subject
from ..resources.storage import get_storage, send_stored
from . import attachments, lesson_views
from .access import lesson_or_404, study_or_404
from .forms import ConfirmForm, PlanFileForm, PublishForm


def upload_plan_file(lesson_id: int):
    lesson = lesson_or_404(lesson_id, "lessonstudy.write")
    form = PlanFileForm()
    item = request.files.get("file")
    upload = library.Upload(stream=item, filename=item.filename) if item else None
    outcome, _result = perform(
        form, lambda: attachments.attach_plan_file(lesson, current_user, upload)
    )
    if outcome != Outcome.INVALID:
        if outcome == Outcome.DONE:
            flash(_("The lesson plan file is attached."), "success")
        return redirect(url_for("lessonstudy.view_lesson", lesson_id=lesson.id))
    lesson = lesson_or_404(lesson_id, "lessonstudy.write")  # the rollback expired it
    return render_template("lessonstudy/lesson.html", **lesson_views.lesson_context(lesson, form))


def remove_plan_file(lesson_id: int):
    """GET asks first (the page without JavaScript; with it a dialog asks); POST removes. With
    no file attached (removed already) there is nothing to ask: back to the lesson."""
    lesson = lesson_or_404(lesson_id, "lessonstudy.write")
    back = url_for("lessonstudy.view_lesson", lesson_id=lesson.id)
    form = ConfirmForm()
    if request.method == "GET":
        row = attachments.plan_file_of(lesson)
        if row is None:
            return redirect(back)
        return render_confirm_page(
            form,
            question=_("Remove the lesson plan file?"),
            confirm_label=_("Remove the file"),
            cancel_url=back,
            excerpt=row.filename,
        )
    perform(form, lambda: attachments.remove_plan_file(lesson, current_user))
    return redirect(back)


def download_plan_file(lesson_id: int):
    """The plan file as an attachment, for whoever may read the study (others: 404)."""
    lesson = lesson_or_404(lesson_id)
    row = attachments.plan_file_of(lesson)
    if row is None:
        abort(404)
    try:
        path = get_storage().path(row.storage_key)
    except FileNotFoundError:
        abort(404)
    return send_stored(
        path, file_type=BY_NAME.get(row.file_type), name=row.filename, attachment=True
    )


def publish_form(study, formdata=None) -> PublishForm:
    """The publish form, its choices in the library's vocabulary, defaults from the study."""
    guess = attachments.guess_choices(study, str(get_locale() or "kk"))
    data = {
        "subject": guess.subject.value,
        "kind": guess.kind.value,
        "language": guess.language.value,
        "grade_from": guess.grade_from,
        "grade_to": guess.grade_to,
    }
    form = PublishForm(formdata=formdata, data=data)
    form.subject.choices = Subject.choices()
    form.kind.choices = ResourceKind.choices(attachments.PUBLISH_KINDS)
    form.language.choices = ResourceLanguage.choices()
    grades = [(grade, str(grade)) for grade in range(1, 12)]
    form.grade_from.choices = form.grade_to.choices = grades
    return form


def publish_study(study_id: int):
    """Send the completed study's report to the library's review; a repeat changes nothing."""
    from .views import study_page  # the study page is drawn by the main views

    study = study_or_404(study_id, "lessonstudy.publish")
    form = publish_form(study, formdata=request.form)

    def publish():
        if form.grade_from.data > form.grade_to.data:
            raise library.ResourceError(library.BAD_GRADES, "grade_from")
        choices = attachments.PublishChoices(
            subject=Subject(form.subject.data),
            kind=ResourceKind(form.kind.data),
            language=ResourceLanguage(form.language.data),
            grade_from=form.grade_from.data,
            grade_to=form.grade_to.data,
        )
        return attachments.publish_study(study, current_user, choices)

    outcome, _result = perform(form, publish)
    if outcome == Outcome.INVALID:
        return study_page(study_or_404(study_id), publish_form=form)
    if outcome in (Outcome.DONE, Outcome.REPEATED):
        # A repeat means the first submission went through: a double tap whose first answer
        # the browser dropped still tells the person that the report is sent.
        flash(_("The report is sent to the resource library for review."), "success")
    return redirect(url_for("lessonstudy.view_study", study_id=study_id))
