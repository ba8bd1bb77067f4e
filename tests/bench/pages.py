"""The pages the benchmark measures. A feature adds its pages here as it lands."""

from __future__ import annotations

from dataclasses import dataclass

#: The account signed-in pages are measured as (a teacher of the director's school).
BENCH_ACCOUNT = "teacher@demo.zheli.kz"


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    needs_login: bool
    #: Text the response must contain to count as a success (besides status 200).
    expect: str = ""


#: (name, path, needs_login[, expected text]): what ``make bench`` measures, in order.
PAGES = [
    Page("home, anonymous (sign-in page)", "/", False, 'name="password"'),
    Page("sign-in page", "/login", False, 'name="password"'),
    Page("home, signed in", "/", True, 'action="/logout"'),
]
PAGES += [
    Page("events, upcoming", "/events/", True, 'class="list"'),
    Page("events, month", "/events/month", True, "<h1>"),
]
