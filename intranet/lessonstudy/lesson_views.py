"""Research lesson pages: planning a lesson, the prediction grid, observing on a phone, and the
talk after the lesson. Registered on the blueprint by ``views.py``.

Observation notes are the one place where the idempotency key comes from the browser: each
note carries a UUID made when the observer tapped, the table keeps it unique, and a resend of
a queued note returns the stored one. The form's own token is therefore not spent here.

Without JavaScript the UUID is made by the server and carried in the observe page's address
(``?note=``): Back after saving asks for that address again, and the browser refills the text,
so a second "Save" sends the same UUID and stores nothing new.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..core.actions import Outcome, perform
from ..core.htmx import wants_fragment
from ..core.params import int_arg
from . import attachments, lessons, services
from .access import lesson_or_404, may, study_or_404
from .forms import (
    ConfirmForm,
    LessonEditForm,
    LessonForm,
    ObservationForm,
    PlanFileForm,
    debrief_form,
    predictions_form,
)


def _team_choices(study):
    team = sorted((member.user for member in study.members), key=lambda user: user.full_name)
    return [(user.id, user.full_name) for user in team]


def create_lesson(study_id: int):
    study = study_or_404(study_id, "lessonstudy.write")
    form = LessonForm(data={"taught_on": date.today(), "teacher": current_user.id})
    form.teacher.choices = _team_choices(study)
    outcome, lesson = perform(
        form,
        lambda: lessons.create_lesson(
            study,
            current_user,
            taught_on=form.taught_on.data,
            teacher_id=form.teacher.data,
            class_name=form.class_name.data,
            stages=form.stages.data,
            plan=form.plan.data or "",
        ),
    )
    if outcome == Outcome.DONE:
        return redirect(url_for("lessonstudy.view_lesson", lesson_id=lesson.id))
    if outcome == Outcome.REPEATED:
        return redirect(url_for("lessonstudy.view_study", study_id=study.id))
    return render_template("lessonstudy/lesson_form.html", form=form, study=study, lesson=None)


def edit_lesson(lesson_id: int):
    lesson = lesson_or_404(lesson_id, "lessonstudy.write")
    study = lesson.study
    data = None
    if request.method == "GET":
        data = {
            "taught_on": lesson.taught_on,
            "teacher": lesson.teacher_id,
            "class_name": lesson.class_name,
            "plan": lesson.plan,
        }
    form = LessonEditForm(data=data)
    form.teacher.choices = _team_choices(study)
    outcome, _result = perform(
        form,
        lambda: lessons.update_lesson(
            lesson,
            current_user,
            taught_on=form.taught_on.data,
            teacher_id=form.teacher.data,
            class_name=form.class_name.data,
            plan=form.plan.data or "",
        ),
    )
    if outcome != Outcome.INVALID:
        return redirect(url_for("lessonstudy.view_lesson", lesson_id=lesson_id))
    if request.method == "POST":
        lesson = lesson_or_404(lesson_id, "lessonstudy.write")
    return render_template(
        "lessonstudy/lesson_form.html", form=form, study=lesson.study, lesson=lesson
    )


def lesson_context(lesson, plan_form: PlanFileForm | None = None) -> dict:
    """What the lesson page shows, with its plan file and the form that attaches one."""
    study = lesson.study
    return {
        "lesson": lesson,
        "study": study,
        "stages": lessons.stages_of(lesson),
        "pupils": services.pupils_of(study),
        "predictions": lessons.predictions_of(lesson),
        "can_write": may("lessonstudy.write", study),
        "observing": study.status in lessons.OBSERVING,
        "plan_file": attachments.plan_file_of(lesson),
        "plan_form": plan_form or PlanFileForm(formdata=None),
        "new_token": lambda: ConfirmForm(formdata=None).form_token.data,
    }


def view_lesson(lesson_id: int):
    lesson = lesson_or_404(lesson_id)
    return render_template("lessonstudy/lesson.html", **lesson_context(lesson))


def edit_predictions(lesson_id: int):
    lesson = lesson_or_404(lesson_id, "lessonstudy.write")
    stages = lessons.stages_of(lesson)
    pupils = services.pupils_of(lesson.study)
    data = None
    if request.method == "GET":
        data = {
            f"p_{stage_id}_{pupil_id}": text
            for (stage_id, pupil_id), text in lessons.predictions_of(lesson).items()
        }
    form = predictions_form(stages, pupils, data=data)

    def save():
        texts = {
            (stage.id, pupil.id): form[f"p_{stage.id}_{pupil.id}"].data or ""
            for stage in stages
            for pupil in pupils
        }
        lessons.save_predictions(lesson, current_user, texts)

    outcome, _result = perform(form, save)
    if outcome != Outcome.INVALID:
        return redirect(url_for("lessonstudy.view_lesson", lesson_id=lesson.id))
    return render_template(
        "lessonstudy/predictions.html", form=form, lesson=lesson, stages=stages, pupils=pupils
    )


def _observation_form(stages, pupils, note_uuid=None) -> ObservationForm:
    """The form as sent (no ``note_uuid``), or empty for the observe page with ``note_uuid``."""
    kwargs = {"formdata": None} if note_uuid else {}
    form = ObservationForm(data={"client_uuid": note_uuid}, **kwargs)
    form.pupil.choices = [(pupil.id, pupil.code) for pupil in pupils]
    form.stage.choices = [(stage.id, f"{stage.position}. {stage.title}") for stage in stages]
    if note_uuid:
        form.form_token.data = note_uuid
    return form


def _observe_url(lesson, stage_id: int | None = None) -> str:
    """The observe page with a new note's UUID in its address (see the module's docstring)."""
    return url_for(
        "lessonstudy.observe_lesson",
        lesson_id=lesson.id,
        stage=stage_id,
        note=lessons.new_note_uuid(),
    )


def _labels(pupils, stages) -> dict:
    """Codes and stage titles by id, for drawing notes without touching their relations."""
    return {
        "pupil_codes": {pupil.id: pupil.code for pupil in pupils},
        "stage_titles": {stage.id: f"{stage.position}. {stage.title}" for stage in stages},
    }


def _observe_page(lesson, form, status=200):
    stages = lessons.stages_of(lesson)
    pupils = services.pupils_of(lesson.study)
    return (
        render_template(
            "lessonstudy/observe.html",
            lesson=lesson,
            study=lesson.study,
            stages=stages,
            pupils=pupils,
            form=form,
            notes=lessons.notes_of(lesson, current_user),
            **_labels(pupils, stages),
            observing=lesson.study.status in lessons.OBSERVING,
        ),
        status,
    )


def observe_lesson(lesson_id: int):
    lesson = lesson_or_404(lesson_id, "lessonstudy.write")
    note_uuid = (request.args.get("note") or "").lower()
    stage = int_arg("stage")
    if not lessons.UUID_PATTERN.match(note_uuid):
        return redirect(_observe_url(lesson, stage))
    stages = lessons.stages_of(lesson)
    pupils = services.pupils_of(lesson.study)
    form = _observation_form(stages, pupils, note_uuid)
    if any(each.id == stage for each in stages):
        form.stage.data = stage
    return _observe_page(lesson, form)


def _parse_stamp(value: str | None) -> datetime | None:
    """The browser's ISO time of the tap, as naive UTC; None when missing or unreadable."""
    if not value:
        return None
    try:
        stamp = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if stamp.tzinfo is not None:
        stamp = stamp.astimezone(UTC).replace(tzinfo=None)
    return stamp


def record_observation(lesson_id: int):
    lesson = lesson_or_404(lesson_id, "lessonstudy.write")
    stages = lessons.stages_of(lesson)
    pupils = services.pupils_of(lesson.study)
    form = _observation_form(stages, pupils)
    performed = perform(
        form,
        lambda: lessons.record_observation(
            lesson,
            current_user,
            client_uuid=form.client_uuid.data,
            pupil_id=form.pupil.data,
            stage_id=form.stage.data,
            body=form.body.data,
            noted_at=_parse_stamp(form.noted_at.data),
        ),
        spend_token=False,  # the note's UUID is the key: a resend gets the stored note back
    )
    if performed.outcome is Outcome.DONE:
        note, created = performed.result
        if wants_fragment():
            return render_template("lessonstudy/_note.html", note=note, **_labels(pupils, stages))
        if created:
            flash(_("Note saved."), "success")
        else:
            flash(_("This note was saved already; it is not stored twice."), "info")
        return redirect(_observe_url(lesson, form.stage.data))  # the stage they are watching
    error = performed.refusal
    if wants_fragment():
        # The browser's queue drops a note on 422 (a rule refused it; the text stays on screen)
        # and keeps it for a retry on anything else.
        message = str(error.message) if error else _("This note could not be saved.")
        response = make_response(render_template("lessonstudy/_note_error.html", message=message))
        response.status_code = 422
        return response
    lesson = lesson_or_404(lesson_id, "lessonstudy.write")
    return _observe_page(lesson, form)


def edit_debrief(lesson_id: int):
    lesson = lesson_or_404(lesson_id, "lessonstudy.write")
    pupils = services.pupils_of(lesson.study)
    data = None
    if request.method == "GET":
        interviews = lessons.interviews_of(lesson)
        data = {f"i_{pupil_id}": row.body for pupil_id, row in interviews.items()}
        data.update(discussion=lesson.discussion, changes=lesson.changes)
    form = debrief_form(pupils, data=data)
    outcome, _result = perform(
        form,
        lambda: lessons.save_debrief(
            lesson,
            current_user,
            interviews={pupil.id: form[f"i_{pupil.id}"].data or "" for pupil in pupils},
            discussion=form.discussion.data or "",
            changes=form.changes.data or "",
        ),
    )
    if outcome != Outcome.INVALID:
        return redirect(url_for("lessonstudy.view_lesson", lesson_id=lesson.id))
    if request.method == "POST":  # a refused change rolled back and expired the lesson
        lesson = lesson_or_404(lesson_id, "lessonstudy.write")
    stages = lessons.stages_of(lesson)
    return render_template(
        "lessonstudy/debrief.html",
        form=form,
        lesson=lesson,
        pupils=pupils,
        predictions=lessons.predictions_of(lesson),
        stages=stages,
        notes=lessons.notes_of(lesson),
        **_labels(pupils, stages),
    )
