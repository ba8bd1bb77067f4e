"""The resource library in a real browser at 360 px, in Kazakh: a teacher uploads a PDF and sees
the progress bar, a moderator approves it in the queue without a reload, the teacher is
notified, finds it in the library by a Kazakh word of its title, downloads it and opens its
certificate; a visitor without an account checks the certificate's code."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from intranet.accounts.models import Role
from intranet.demo.samples import pdf_bytes
from intranet.resources.models import Resource, ResourceStatus
from tests.e2e.conftest import PHONE
from tests.e2e.helpers import (
    fits_a_phone,
    screenshot,
    sign_in,
)

TITLE = "Сыни ойлауды дамытатын жұмыс парағы"


def _slow_upload(page: Page, bytes_per_second: int) -> None:
    """Throttle the upload link, as on a rural mobile connection, so progress can be seen."""
    session = page.context.new_cdp_session(page)
    session.send("Network.enable")
    session.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": 20,
            "downloadThroughput": -1,
            "uploadThroughput": bytes_per_second,
        },
    )


def test_upload_review_find_download_and_verify(live_server, phone, open_page, seed, tmp_path):
    school = seed.school("Заречный орта мектебі")
    teacher = seed.user(Role.TEACHER, school=school, full_name="Гүлжан Әбенова", locale="kk")
    moderator = seed.user(Role.MODERATOR, school=school, full_name="Айжан Байғали", locale="kk")
    pdf = tmp_path / "жұмыс-парағы.pdf"
    pdf.write_bytes(pdf_bytes("e2e " + "ойлау " * 40_000))

    sign_in(phone, teacher.email)
    phone.goto(live_server.path_for("resources.list_resources"))
    screenshot(phone, "resources-library-empty-360")
    fits_a_phone(phone)
    phone.locator("main a.button.primary").click()
    form = phone.locator("#upload-form")
    form.locator("input[name=title]").fill(TITLE)
    form.locator("textarea[name=description]").fill("Оқушылар **дәлел** келтіреді.")
    form.locator("select[name=subject]").select_option("kazakh")
    form.locator("input[name=grade_from]").fill("5")
    form.locator("input[name=grade_to]").fill("7")
    form.locator("select[name=kind]").select_option("worksheet")
    form.locator("input[type=file]").set_input_files(str(pdf))
    screenshot(phone, "resources-upload-360")
    fits_a_phone(phone)

    _slow_upload(phone, 120 * 1024)
    form.locator("button[type=submit]").click()
    expect(phone.locator(".upload-progress")).to_be_visible()
    phone.wait_for_function(
        "() => { const bar = document.querySelector('.upload-progress');"
        " return bar && bar.value > 0 && bar.value < 100; }"
    )
    screenshot(phone, "resources-upload-progress-360")
    phone.wait_for_url(re.compile(r"/resources/\d+$"))
    expect(phone.locator("main h1")).to_have_text(TITLE)
    expect(phone.locator("main .badge-pending")).to_be_visible()
    screenshot(phone, "resources-pending-360")
    resource = seed.find(Resource, title=TITLE)
    assert resource.status == ResourceStatus.PENDING

    mod = open_page(PHONE)
    sign_in(mod, moderator.email)
    mod.goto(live_server.path_for("resources.review_queue"))
    item = mod.locator(f"#review-{resource.id}")
    expect(item).to_contain_text(TITLE)
    screenshot(mod, "resources-review-queue-360")
    fits_a_phone(mod)
    mod.evaluate("() => { window.zheliTestMark = 'still here'; }")
    item.locator("button.primary").click()
    expect(mod.locator(f"#review-{resource.id} [role=status]")).to_be_visible()
    assert mod.evaluate("() => window.zheliTestMark") == "still here", "the queue was reloaded"
    screenshot(mod, "resources-review-done-360")
    assert seed.reload(Resource, resource.id).status == ResourceStatus.APPROVED

    phone.goto(live_server.path_for("notifications.list_notifications"))
    expect(phone.locator("main")).to_contain_text("кітапханада жарияланды")
    expect(phone.locator("main")).to_contain_text(TITLE)

    phone.goto(live_server.path_for("resources.list_resources"))
    phone.locator("input[name=q]").fill("ойлауды")
    phone.locator("form[role=search] .search-row button").click()
    found = phone.locator("#results li a", has_text="дамытатын")
    expect(found).to_be_visible()
    expect(phone.locator("#results mark").first).to_be_visible()
    screenshot(phone, "resources-search-360")
    fits_a_phone(phone)
    found.click()
    expect(phone.locator("main h1")).to_have_text(TITLE)
    with phone.expect_download() as download_info:
        phone.locator("button.download").first.click()
    download = download_info.value
    assert download.suggested_filename == "жұмыс-парағы.pdf"
    assert Path(download.path()).read_bytes().startswith(b"%PDF-")
    phone.reload()
    expect(phone.locator("dd.downloads")).to_have_text("1")
    screenshot(phone, "resources-resource-360")
    fits_a_phone(phone)

    phone.locator("a[href$='/certificate']").click()
    code = seed.reload(Resource, resource.id).certificate_code
    expect(phone.locator(".certificate code")).to_have_text(code)
    expect(phone.locator(".certificate")).to_contain_text("Айжан Байғали")
    screenshot(phone, "resources-certificate-360")
    fits_a_phone(phone)

    visitor = open_page(PHONE)
    visitor.goto(live_server.path_for("resources.verify_certificate"))
    visitor.fill("input[name=code]", code)
    visitor.locator("main button[type=submit]").click()
    expect(visitor.locator(".verdict")).to_contain_text("жарамды")
    expect(visitor.locator("main")).not_to_contain_text(TITLE)
    screenshot(visitor, "resources-verify-360")
    fits_a_phone(visitor)


def test_without_javascript_a_refused_file_keeps_the_form_and_a_good_one_goes_in(
    live_server, open_page, seed, tmp_path
):
    teacher = seed.user(Role.TEACHER, full_name="Нұржан Омаров", locale="kk")
    page = open_page(PHONE, java_script_enabled=False)
    sign_in(page, teacher.email)
    page.goto(live_server.path_for("resources.upload_resource"))
    disguised = tmp_path / "сурет.png"
    disguised.write_bytes(
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    )
    page.fill("input[name=title]", TITLE)
    page.locator("input[type=file]").set_input_files(str(disguised))
    with page.expect_navigation():
        page.locator("#upload-form button[type=submit]").click()
    expect(page.locator("#upload-form .error")).to_contain_text("SVG")
    expect(page.locator("input[name=title]")).to_have_value(TITLE)
    screenshot(page, "resources-upload-refused-nojs-360")
    fits_a_phone(page)

    good = tmp_path / "жоспар.pdf"
    good.write_bytes(pdf_bytes("no js"))
    page.locator("input[type=file]").set_input_files(str(good))
    with page.expect_navigation():
        page.locator("#upload-form button[type=submit]").click()
    expect(page.locator("main h1")).to_have_text(TITLE)
    assert seed.find(Resource, title=TITLE).status == ResourceStatus.PENDING
