"""Kazakh in Latin letters in a real browser (issue #17): the footer's «Qazaqşa (latyn)» turns the
sign-in page and home into the 2021 alphabet, with <html lang="kk-Latn">, on a phone and a desk.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from intranet.accounts.models import Role, User
from tests.e2e.helpers import fits_a_phone, screenshot, sign_in, visible_strings

CYRILLIC = re.compile(r"[\u0400-\u04ff]")
#: The switcher names the other languages in their own script.
OTHER_LANGUAGE_NAMES = {"Қазақша", "Русский"}


def _choose_latin(page: Page) -> None:
    with page.expect_navigation():
        page.locator("footer button", has_text="Qazaqşa (latyn)").click()
    expect(page.locator("html")).to_have_attribute("lang", "kk-Latn")


def _cyrillic_shown(page: Page, data: set[str]) -> list[str]:
    return [
        text
        for text in visible_strings(page)
        if CYRILLIC.search(text) and text not in OTHER_LANGUAGE_NAMES | data
    ]


def test_the_sign_in_page_in_latin_letters_fits_a_phone(phone):
    phone.goto("/login")
    expect(phone.locator("html")).to_have_attribute("lang", "kk")
    _choose_latin(phone)
    expect(phone.locator("main form button[type=submit]")).to_have_text("Kıru")
    assert not _cyrillic_shown(phone, set())
    fits_a_phone(phone)
    screenshot(phone, "phone-login-kk-Latn")


def test_a_teacher_reads_home_in_latin_letters_and_keeps_the_choice(phone, desktop, seed):
    teacher = seed.user(Role.TEACHER, full_name="Aigül Omarova")
    sign_in(phone, teacher.email)
    _choose_latin(phone)
    assert seed.reload(User, teacher.id).locale == "kk_Latn"
    phone.locator("header details.menu summary").click()
    assert not _cyrillic_shown(phone, set())
    fits_a_phone(phone)
    screenshot(phone, "phone-home-kk-Latn")

    sign_in(desktop, teacher.email)  # another browser: the profile carries the choice
    expect(desktop.locator("html")).to_have_attribute("lang", "kk-Latn")
    assert not _cyrillic_shown(desktop, set())
    screenshot(desktop, "desktop-home-kk-Latn")
