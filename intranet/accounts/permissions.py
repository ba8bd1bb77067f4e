"""The one authorisation policy: ``can(user, action, obj=None)``.

Views call ``can`` (or ``require``) before they act; templates call it to show or hide buttons.
Every action is a rule function registered below, so the whole policy reads top to bottom in
one file and an unknown action is an error, not a silent "no".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort

from .models import AccountStatus, Role, User

Rule = Callable[[User, Any], bool]
_RULES: dict[str, Rule] = {}

#: Roles that run the whole network (the coordination centre and the operators).
STAFF_ROLES = frozenset({Role.COORDINATOR, Role.ADMIN})


def rule(action: str) -> Callable[[Rule], Rule]:
    def register(function: Rule) -> Rule:
        if action in _RULES:
            raise ValueError(f"rule {action!r} is defined twice")
        _RULES[action] = function
        return function

    return register


def can(user, action: str, obj: Any = None) -> bool:
    """True when ``user`` (possibly anonymous) may perform ``action`` on ``obj``."""
    try:
        check = _RULES[action]
    except KeyError:
        raise LookupError(f"no authorisation rule named {action!r}") from None
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(check(user, obj))


def require(user, action: str, obj: Any = None, *, hide: bool = False) -> None:
    """Abort with 403, or 404 when ``hide`` (the object's existence is itself private)."""
    if not can(user, action, obj):
        abort(404 if hide else 403)


def is_staff(user: User) -> bool:
    return user.role in STAFF_ROLES


def leads_school_of(user: User, other: User) -> bool:
    """A director or deputy acting on a person of their own school."""
    return (
        user.role == Role.SCHOOL_LEADER
        and user.school_id is not None
        and user.school_id == other.school_id
    )


def assignable_roles(user: User) -> list[Role]:
    """The roles ``user`` may hand out: admins any, coordinators any but admin."""
    if user.role == Role.ADMIN:
        return list(Role)
    if user.role == Role.COORDINATOR:
        return [role for role in Role if role != Role.ADMIN]
    return []


# --- Everyone with an approved account -------------------------------------------------------


@rule("app.use")
def _use_app(user: User, _obj) -> bool:
    return True


@rule("user.view")
def _view_user(user: User, other: User) -> bool:
    return other.status == AccountStatus.ACTIVE or user.id == other.id or _manage_user(user, other)


# --- People and their accounts ----------------------------------------------------------------


@rule("user.review_signups")
def _review_signups(user: User, _obj) -> bool:
    return user.role == Role.SCHOOL_LEADER or is_staff(user)


@rule("user.decide_signup")
def _decide_signup(user: User, other: User) -> bool:
    if other.status != AccountStatus.PENDING:
        return False
    return is_staff(user) or leads_school_of(user, other)


@rule("user.list")
def _list_users(user: User, _obj) -> bool:
    return user.role == Role.SCHOOL_LEADER or is_staff(user)


@rule("user.list_all")
def _list_all_users(user: User, _obj) -> bool:
    """See people (and sign-up requests) of every school, not only one's own."""
    return is_staff(user)


@rule("user.manage")
def _manage_user(user: User, other: User) -> bool:
    """See a person's account details (status, role, reset links) and act on them."""
    if user.id == other.id:
        return False
    if user.role == Role.ADMIN:
        return True
    if user.role == Role.COORDINATOR:
        return other.role != Role.ADMIN
    return leads_school_of(user, other) and other.role in (Role.TEACHER, Role.MODERATOR)


@rule("user.issue_reset_link")
def _issue_reset_link(user: User, other: User) -> bool:
    return _manage_user(user, other) and other.status == AccountStatus.ACTIVE


@rule("user.set_role")
def _set_role(user: User, other: User) -> bool:
    return is_staff(user) and _manage_user(user, other) and other.role in assignable_roles(user)


@rule("user.suspend")
def _suspend_user(user: User, other: User) -> bool:
    return is_staff(user) and _manage_user(user, other)


@rule("audit.view")
def _view_audit(user: User, _obj) -> bool:
    return is_staff(user)


# --- The network map --------------------------------------------------------------------------


@rule("network.view")
def _view_network(user: User, network) -> bool:
    """Every member sees the networks; archived ones only the staff."""
    return not getattr(network, "archived", False) or is_staff(user)


@rule("network.view_school")
def _view_school(user: User, school) -> bool:
    """A school's page (its networks, its number of members); archived ones only the staff."""
    return not getattr(school, "archived", False) or is_staff(user)


@rule("network.manage")
def _manage_network_map(user: User, _obj) -> bool:
    """Regions, districts, schools, universities, networks and their schools."""
    return is_staff(user)


@rule("network.manage_members")
def _manage_network_members(user: User, network) -> bool:
    """Working groups and people of one network: staff, or the network's lead."""
    if is_staff(user):
        return True
    from ..network.membership import leads_network  # the network package builds on accounts

    return network is not None and leads_network(user, network)


# --- The forum --------------------------------------------------------------------------------

#: Roles that keep the forum civil: hide posts, lock and pin threads.
FORUM_MODERATOR_ROLES = frozenset({Role.MODERATOR, Role.COORDINATOR, Role.ADMIN})


@rule("forum.view_category")
def _view_forum_category(user: User, category) -> bool:
    """Site-wide for all; a network's or a working group's for its members and staff."""
    from ..forum.visibility import needs_scope, scope_for  # the forum builds on accounts

    return not needs_scope(user, category) or scope_for(user).allows(category)


@rule("forum.create_thread")
def _create_forum_thread(user: User, category) -> bool:
    return not category.archived and _view_forum_category(user, category)


@rule("forum.post")
def _post_in_forum_thread(user: User, thread) -> bool:
    """Reply to ``thread``; a locked thread refuses with its own message (in the service)."""
    return _create_forum_thread(user, thread.category)


@rule("forum.edit_post")
def _edit_forum_post(user: User, post) -> bool:
    return post.author_id == user.id and post.deleted_at is None and post.hidden_at is None


@rule("forum.delete_post")
def _delete_forum_post(user: User, post) -> bool:
    return post.author_id == user.id and post.deleted_at is None


@rule("forum.moderate")
def _moderate_forum(user: User, _obj) -> bool:
    """Hide and unhide posts, lock and pin threads (in categories the moderator can see)."""
    return user.role in FORUM_MODERATOR_ROLES


@rule("forum.report_post")
def _report_forum_post(user: User, post) -> bool:
    """Report someone else's post that is still shown (the view checks it can be read)."""
    return post.author_id != user.id and post.deleted_at is None and post.hidden_at is None


@rule("forum.review_reports")
def _review_forum_reports(user: User, _obj) -> bool:
    """The queue of reported posts, and hiding or dismissing from it."""
    return user.role in FORUM_MODERATOR_ROLES


@rule("forum.manage_categories")
def _manage_forum_categories(user: User, _obj) -> bool:
    return is_staff(user)


# --- Lesson Study -----------------------------------------------------------------------------


@rule("lessonstudy.create")
def _create_lesson_study(user: User, _obj) -> bool:
    """Anyone who works in a school keeps Lesson Study logs (the study belongs to that school)."""
    return user.school_id is not None


@rule("lessonstudy.view")
def _view_lesson_study(user: User, study) -> bool:
    """The team; once shared, the members of the study's network; the coordination centre."""
    if study.has_member(user) or is_staff(user):
        return True
    if not study.shared or study.network_id is None:
        return False
    from ..network.membership import member_network_ids  # the network map builds on accounts

    return study.network_id in member_network_ids(user)


@rule("lessonstudy.write")
def _write_lesson_study(user: User, study) -> bool:
    """Only the team writes: lessons, predictions, notes, interviews, discussion."""
    return study.has_member(user)


@rule("lessonstudy.lead")
def _lead_lesson_study(user: User, study) -> bool:
    """The team's lead changes the team, the status and whether the network may read it."""
    return study.lead_id == user.id and study.has_member(user)


# --- Monitoring -------------------------------------------------------------------------------


@rule("monitoring.view")
def _view_monitoring(user: User, _obj) -> bool:
    """The monitoring menu: the staff (every network), a school leader (their own school)."""
    return is_staff(user) or (user.role == Role.SCHOOL_LEADER and user.school_id is not None)


@rule("monitoring.view_all")
def _view_all_monitoring(user: User, _obj) -> bool:
    """Every network's and every school's figures: the coordination centre."""
    return is_staff(user)


@rule("monitoring.view_network")
def _view_network_monitoring(user: User, network) -> bool:
    """One network's figures: the staff, or the network's lead (others get 404)."""
    if is_staff(user):
        return True
    from ..network.membership import leads_network  # the network package builds on accounts

    return network is not None and leads_network(user, network)


@rule("monitoring.view_school")
def _view_school_monitoring(user: User, school) -> bool:
    """One school's figures: the staff, a leader of that school, or the lead of a network the
    school belongs to (others get 404)."""
    if is_staff(user):
        return True
    if school is None:
        return False
    if user.role == Role.SCHOOL_LEADER and user.school_id == school.id:
        return True
    from ..network.membership import leads_a_network_of

    return leads_a_network_of(user, school)


# --- Directions of the directors' league --------------------------------------------------------


@rule("directions.view")
def _view_directions(user: User, league) -> bool:
    """A league's directions and progress: every member, as the network itself."""
    return _view_network(user, league)


@rule("directions.manage")
def _manage_directions(user: User, league) -> bool:
    """Add and edit a league's directions and set its target: the staff or the league's lead."""
    return _manage_network_members(user, league)


@rule("directions.record_adoption")
def _record_direction_adoption(user: User, direction) -> bool:
    """Record (or take back) that a school adopted a direction's practice: whoever manages the
    league, or a leader (director or deputy) of the school that owns the direction."""
    if direction is None:
        return False
    if user.role == Role.SCHOOL_LEADER and user.school_id == direction.school_id:
        return True
    return _manage_directions(user, direction.network)


# --- Resources --------------------------------------------------------------------------------

#: Roles that review the resource library's submissions.
RESOURCE_REVIEWER_ROLES = frozenset({Role.MODERATOR, Role.COORDINATOR, Role.ADMIN})


@rule("resources.upload")
def _upload_resource(user: User, _obj) -> bool:
    return True


@rule("resources.review")
def _review_resources(user: User, _obj) -> bool:
    """The review queue, and approving, rejecting or sending back from it."""
    return user.role in RESOURCE_REVIEWER_ROLES


@rule("resources.view")
def _view_resource(user: User, resource) -> bool:
    """Approved resources for every member; the others for their author and reviewers."""
    from ..resources.models import ResourceStatus  # the library builds on accounts

    return (
        resource.status == ResourceStatus.APPROVED
        or resource.author_id == user.id
        or _review_resources(user, resource)
    )


@rule("resources.revise")
def _revise_resource(user: User, resource) -> bool:
    from ..resources.models import ResourceStatus

    return resource.author_id == user.id and resource.status in (
        ResourceStatus.CHANGES,
        ResourceStatus.REJECTED,
    )


@rule("resources.view_certificate")
def _view_resource_certificate(user: User, resource) -> bool:
    """The printable certificate: the author's, and the reviewers' (to check it)."""
    return resource.certificate_code is not None and (
        resource.author_id == user.id or _review_resources(user, resource)
    )


# --- Essays -------------------------------------------------------------------------------------
# Members and reviewers are defined in ``essays/services.py`` (its docstring states the rule).


@rule("essays.view_cycle")
def _view_essay_cycle(user: User, cycle) -> bool:
    """A cycle's page: its network's members and reviewers, and staff."""
    from ..essays.members import is_member, is_reviewer  # essays build on accounts

    return is_reviewer(user, cycle.network) or is_member(user, cycle.network)


@rule("essays.create_cycle")
def _create_essay_cycle(user: User, network) -> bool:
    """Open cycles (one, or a monthly series): staff anywhere, a lead in their network; with no
    network, whether the person may open cycles in some network."""
    from ..essays.members import leads, managed_networks

    if network is None:
        return is_staff(user) or bool(managed_networks(user))
    return leads(user, network)


@rule("essays.write")
def _write_essay(user: User, cycle) -> bool:
    from ..essays.members import is_member

    return is_member(user, cycle.network)


@rule("essays.view_essay")
def _view_essay(user: User, essay) -> bool:
    from ..essays.members import may_read

    return may_read(user, essay)


@rule("essays.withdraw")
def _withdraw_essay(user: User, essay) -> bool:
    return essay.author_id == user.id


@rule("essays.give_feedback")
def _give_essay_feedback(user: User, essay) -> bool:
    from ..essays.members import is_reviewer
    from ..essays.models import EssayStatus

    return (
        essay.status == EssayStatus.SUBMITTED
        and essay.author_id != user.id
        and is_reviewer(user, essay.cycle.network)
    )


@rule("essays.comment")
def _comment_on_essay(user: User, essay) -> bool:
    """Members comment on each other's essays when the cycle shares them with the community;
    the author may answer under their own."""
    from ..essays.members import is_member, may_read
    from ..essays.models import CycleVisibility, EssayStatus

    if essay.status != EssayStatus.SUBMITTED or not may_read(user, essay):
        return False
    if essay.author_id == user.id:
        return True
    return essay.cycle.visibility == CycleVisibility.COMMUNITY and is_member(
        user, essay.cycle.network
    )


@rule("essays.track")
def _track_essay_cycle(user: User, cycle) -> bool:
    """Who sent theirs, per school and per member, and the CSV export: reviewers."""
    from ..essays.members import is_reviewer

    return is_reviewer(user, cycle.network)


@rule("essays.track_school")
def _track_school_in_cycle(user: User, cycle_and_school) -> bool:
    """One school's members in a cycle, ``(cycle, school_id)``: reviewers, and the school's own
    leader (director or deputy) for that school only."""
    cycle, school_id = cycle_and_school
    if _track_essay_cycle(user, cycle):
        return True
    return user.role == Role.SCHOOL_LEADER and school_id is not None and user.school_id == school_id


# --- Events -------------------------------------------------------------------------------


def _manages_events_of(user: User, network) -> bool:
    """Staff, or the lead of this (live) network; the leads are looked up once per request."""
    if is_staff(user):
        return True
    from ..network.membership import led_network_ids

    return network is not None and network.id in led_network_ids(user)


@rule("events.view")
def _view_event(user: User, event) -> bool:
    """A network's events: its members (through their school or a membership) and staff."""
    from ..events.visibility import sees_network  # the events feature builds on accounts

    return sees_network(user, event.network_id)


@rule("events.view_network")
def _view_network_events(user: User, network) -> bool:
    """A network's plan and calendar: the same people as its events."""
    from ..events.visibility import sees_network

    return sees_network(user, network.id)


@rule("events.manage")
def _manage_network_events(user: User, network) -> bool:
    """Create and edit a network's events, its cyclogram, and generate from it."""
    return _manages_events_of(user, network)


@rule("events.create")
def _create_events(user: User, _obj) -> bool:
    """Shows the "New event" link: staff, or the lead of some network (checked per network)."""
    from ..network.membership import led_network_ids

    return is_staff(user) or bool(led_network_ids(user))


@rule("events.edit")
def _edit_event(user: User, event) -> bool:
    return _manages_events_of(user, event.network)


@rule("events.rsvp")
def _rsvp_event(user: User, event) -> bool:
    """Answer going / not going; the service refuses once the event is over."""
    return _view_event(user, event)


@rule("events.mark_attendance")
def _mark_event_attendance(user: User, event) -> bool:
    """The organiser, the network's lead and staff mark who came and add the outcomes."""
    return event.organiser_id == user.id or _manages_events_of(user, event.network)


@rule("events.manage_years")
def _manage_school_years(user: User, _obj) -> bool:
    """School years and their holidays, shared by every network's cyclogram."""
    return is_staff(user)


# --- Lesson Study in the resource library -----------------------------------------------------


@rule("lessonstudy.publish")
def _publish_lesson_study(user: User, study) -> bool:
    """The lead sends a completed study's report to the library's review."""
    from ..lessonstudy.models import StudyStatus  # the feature builds on accounts

    return _lead_lesson_study(user, study) and study.status == StudyStatus.COMPLETED


def registered_actions() -> list[str]:
    return sorted(_RULES)
