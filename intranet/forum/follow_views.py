"""Forum routes for following a thread and for the @mention autocomplete.

The Follow button is a self-swapping form (htmx replaces it with its new state; without JS
the thread page comes back). The autocomplete answers a short list of people who may read the
thread; picking one inserts ``[@Name](/people/ID)`` into the reply box (static/js/forum.js).
"""

from __future__ import annotations

from flask import redirect, render_template, url_for
from flask_login import current_user

from ..core.actions import perform
from ..core.forms import new_form_token
from ..core.htmx import wants_fragment
from ..core.params import search_arg
from . import follows, mentions
from .access import thread_or_404
from .forms import FollowForm


def render_follow_button(thread, following: bool) -> str:
    return render_template(
        "forum/_follow_button.html", thread=thread, following=following, token=new_form_token
    )


def toggle_follow(thread_id: int):
    thread = thread_or_404(thread_id)
    form = FollowForm()
    perform(form, lambda: follows.set_following(current_user, thread, form.following.data == "1"))
    if wants_fragment():
        return render_follow_button(thread, follows.is_following(current_user, thread))
    return redirect(url_for("forum.view_thread", thread_id=thread.id))


def mention_candidates(thread_id: int):
    thread = thread_or_404(thread_id)
    text = search_arg("q", 60)
    return render_template(
        "forum/_mentions.html",
        people=mentions.candidates(thread, current_user, text),
        mention=mentions.mention_markdown,
    )
