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
