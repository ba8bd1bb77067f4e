"""Pages every feature draws the same way."""

from __future__ import annotations

from flask import render_template


def render_form_page(
    form,
    *,
    title: str,
    cancel_url: str,
    submit_label: str,
    subtitle: str | None = None,
    markdown_field: str | None = None,
):
    """A simple create or edit page (``form_page.html``): every visible field of ``form`` in
    order, its form-level errors, a submit button and a way back. ``markdown_field`` names the
    field that gets the Markdown hint."""
    return render_template(
        "form_page.html",
        form=form,
        title=title,
        subtitle=subtitle,
        cancel_url=cancel_url,
        submit_label=submit_label,
        markdown_field=markdown_field,
    )


def render_confirm_page(
    form,
    *,
    question: str,
    confirm_label: str,
    cancel_url: str,
    excerpt: str | None = None,
    cancel_label: str | None = None,
):
    """The page that asks before something is removed (``confirm_page.html``), reached without
    JavaScript from a ``confirm_button`` (``_macros/_confirm.html``): the question, what would
    go (``excerpt``), a button that posts ``form`` (its hidden fields: the CSRF and one-time
    tokens, and any other the change needs) to the same address, and a way back that changes
    nothing (``cancel_label``, "Cancel" unless that would be ambiguous)."""
    return render_template(
        "confirm_page.html",
        form=form,
        question=question,
        confirm_label=confirm_label,
        cancel_url=cancel_url,
        excerpt=excerpt,
        cancel_label=cancel_label,
    )
