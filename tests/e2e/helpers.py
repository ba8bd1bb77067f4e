"""What browser tests check on a page: screenshots, horizontal scroll, tap targets, visible text.

Import them in a test module: ``from tests.e2e.helpers import screenshot, ...``. Screenshots land
in ``test-artifacts/screenshots/`` (gitignored) so that people can look at the pages.
"""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page

from tests.conftest import PASSWORD

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT_DIR = PROJECT_ROOT / "test-artifacts" / "screenshots"

# A short description of an element for assertion messages: tag, name or id, classes, text.
_DESCRIBE_JS = """
const describe = (el) => {
  let label = el.tagName.toLowerCase();
  if (el.name) label += `[name=${el.name}]`;
  else if (el.id) label += `#${el.id}`;
  if (typeof el.className === "string" && el.className.trim())
    label += "." + el.className.trim().split(/\\s+/).join(".");
  const text = (el.innerText || el.value || "").trim().replace(/\\s+/g, " ").slice(0, 40);
  return text ? `${label} "${text}"` : label;
};
"""

_OVERFLOW_JS = (
    "() => {"
    + _DESCRIBE_JS
    + """
  const doc = document.documentElement;
  const limit = doc.clientWidth + 1;
  const offenders = [...document.body.querySelectorAll("*")]
    .filter((el) => el.getBoundingClientRect().right > limit && el.checkVisibility())
    .slice(0, 8)
    .map((el) => `${describe(el)} (right edge ${Math.round(el.getBoundingClientRect().right)}px)`);
  return {scrollWidth: doc.scrollWidth, innerWidth: window.innerWidth, offenders};
}"""
)

#: Controls that a thumb must hit: buttons, form controls, navigation links, pager links, and
#: the links that stand alone rather than in running text: the way back at the top of a page
#: (``main > p > a``), titles in lists, the plan's links, a thread's "New" badge.
TAP_TARGETS = ", ".join(
    [
        "button",
        "input:not([type=hidden])",
        "select",
        "textarea",
        "summary",
        "[role=button]",
        "a.button",
        "header a",
        "nav a",
        ".pager a",
        "main > p > a",
        ".list > li > a",
        ".list .row > a",
        ".plan td a",
        ".tap-badge",
    ]
)

_TAP_TARGETS_JS = (
    "([selector, minPx]) => {"
    + _DESCRIBE_JS
    + """
  const problems = [];
  const seen = new Set();
  for (const region of document.querySelectorAll("header, main, footer")) {
    for (const el of region.querySelectorAll(selector)) {
      if (seen.has(el) || !el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true}))
        continue;
      seen.add(el);
      // A checkbox or radio is hit through its label, which carries the height.
      const target = el.matches("input[type=checkbox], input[type=radio]")
        ? el.closest("label") || el : el;
      const box = target.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      if (box.height + 0.5 < minPx)
        problems.push(`${describe(el)}: ${Math.round(box.height)}px high`);
      else if (box.width + 0.5 < minPx)
        problems.push(`${describe(el)}: ${Math.round(box.width)}px wide`);
    }
  }
  return problems;
}"""
)

# Every piece of text a person sees in the header, main and footer, in reading order. Elements
# that declare their own language (the language switcher), the brand and ``translate="no"``
# content are meant to stay the same in every language, so they are left out.
_VISIBLE_STRINGS_JS = """() => {
  const skip = "[lang]:not(html), .brand, [translate=no]";
  const strings = [];
  const add = (text) => {
    const clean = (text || "").replace(/\\s+/g, " ").trim();
    if (clean) strings.push(clean);
  };
  for (const region of document.querySelectorAll("header, main, footer")) {
    const walker = document.createTreeWalker(region, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || parent.closest(skip) || !parent.checkVisibility()) continue;
      if (parent.closest("script, style, template, option")) continue;
      add(node.textContent);
    }
    for (const el of region.querySelectorAll("[placeholder], input[type=submit], option")) {
      if (el.closest(skip)) continue;
      const shown = el.tagName === "OPTION" ? el.parentElement : el;
      if (!shown || !shown.checkVisibility()) continue;
      add(el.tagName === "INPUT" && el.type === "submit" ? el.value : el.placeholder || el.text);
    }
  }
  return strings;
}"""


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page PNG as ``test-artifacts/screenshots/<name>.png``; return its path."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-")[:120] or "page"
    path = SCREENSHOT_DIR / f"{safe}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def assert_no_horizontal_scroll(page: Page) -> None:
    """The page is no wider than the screen (DESIGN §5: 320–360 px, no horizontal scroll)."""
    result = page.evaluate(_OVERFLOW_JS)
    width = min(result["innerWidth"], (page.viewport_size or {}).get("width", 10**6))
    assert result["scrollWidth"] <= width, (
        f"{page.url} scrolls sideways: {result['scrollWidth']}px of content in a {width}px"
        f" window; too wide: {result['offenders']}"
    )


def tap_target_problems(page: Page, min_px: int = 44) -> list[str]:
    """Visible buttons, form controls and navigation links lower or narrower than ``min_px``."""
    return page.evaluate(_TAP_TARGETS_JS, [TAP_TARGETS, min_px])


def assert_tap_targets(page: Page, min_px: int = 44) -> None:
    """Every control in the header, main and footer is at least ``min_px`` high and wide.

    Links inside running text are not checked: only buttons, form controls (checkboxes and
    radios through their label), ``summary``, ``a.button``, header and ``nav`` links, pagers,
    and the standalone links of ``TAP_TARGETS`` (a page's way back, titles in lists).
    """
    problems = tap_target_problems(page, min_px)
    assert not problems, f"tap targets under {min_px}px on {page.url}: {problems}"


def visible_strings(page: Page) -> list[str]:
    """The text a person sees in the header, main and footer, one string per text node."""
    return page.evaluate(_VISIBLE_STRINGS_JS)


def sign_in(page: Page, email: str, password: str = PASSWORD) -> None:
    """Sign in through the real form, as a person would, and wait for the next page."""
    page.goto("/login")
    page.fill("main input[name=email]", email)
    page.fill("main input[name=password]", password)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


def fits_a_phone(page: Page) -> None:
    """No sideways scroll, and every tap target at least 44 px."""
    assert_no_horizontal_scroll(page)
    assert_tap_targets(page)
