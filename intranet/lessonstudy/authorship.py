"""A published study's co-authors, declared to the resource library's four-eyes rule.

The report that a study publishes (``attachments.publish_study``) is the team's work: its
members, its lead, whoever published it and the teachers of its research lessons are all
authors of the library resource, so none of them decides on it in the review queue.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import union_all

from ..extensions import db
from ..resources.authorship import register_coauthors
from .models import LessonStudy, ResearchLesson, StudyMember, StudyPublication


@register_coauthors
def study_coauthors(resource_ids: Sequence[int]) -> list[tuple[int, int | None]]:
    """(resource id, user id) for every author of the studies published as these resources,
    in one query."""
    published = StudyPublication.resource_id.in_(resource_ids)
    members = (
        db.select(StudyPublication.resource_id, StudyMember.user_id)
        .join(StudyMember, StudyMember.study_id == StudyPublication.study_id)
        .where(published)
    )
    leads = (
        db.select(StudyPublication.resource_id, LessonStudy.lead_id)
        .join(LessonStudy, LessonStudy.id == StudyPublication.study_id)
        .where(published)
    )
    publishers = db.select(StudyPublication.resource_id, StudyPublication.published_by_id).where(
        published
    )
    teachers = (
        db.select(StudyPublication.resource_id, ResearchLesson.teacher_id)
        .join(ResearchLesson, ResearchLesson.study_id == StudyPublication.study_id)
        .where(published)
    )
    query = union_all(members, leads, publishers, teachers)
    return [(resource_id, user_id) for resource_id, user_id in db.session.execute(query)]
