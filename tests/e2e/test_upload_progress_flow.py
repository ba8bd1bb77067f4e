"""The resource upload at 360 px on a throttled link: while the file goes up the bar shows the
share sent as a percentage in words, and the send button is disabled; when the send fails the
button works again and the form says what happened."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from intranet.accounts.models import Role
from intranet.demo.samples import pdf_bytes
from tests.e2e.conftest import PHONE
from tests.e2e.helpers import fits_a_phone, screenshot, sign_in
from tests.e2e.test_resources_flow import _slow_upload

#: Every upload progress event as the page showed it: the bar, the words, the button.
_RECORD_PROGRESS = """() => {
  window.zheliProgress = [];
  document.addEventListener("htmx:xhr:progress", () => {
    const form = document.getElementById("upload-form");
    if (!form) return;
    requestAnimationFrame(() => window.zheliProgress.push({
      value: form.querySelector(".upload-progress").value,
      words: form.querySelector(".upload-percent").textContent,
      disabled: form.querySelector("button[type=submit]").disabled,
    }));
  });
}"""


def _fill(page: Page, pdf) -> None:
    form = page.locator("#upload-form")
    form.locator("input[name=title]").fill("Жұмыс парағы")
    form.locator("select[name=subject]").select_option("kazakh")
    form.locator("input[name=grade_from]").fill("5")
    form.locator("input[name=grade_to]").fill("7")
    form.locator("select[name=kind]").select_option("worksheet")
    form.locator("input[type=file]").set_input_files(str(pdf))


def test_the_upload_shows_a_percentage_and_disables_its_button(
    live_server, open_page, seed, tmp_path
):
    teacher = seed.user(Role.TEACHER, locale="kk")
    pdf = tmp_path / "парақ.pdf"
    pdf.write_bytes(pdf_bytes("e2e " + "ойлау " * 40_000))
    phone = open_page(PHONE)
    sign_in(phone, teacher.email)
    phone.goto(live_server.path_for("resources.upload_resource"))
    _fill(phone, pdf)
    button = phone.locator("#upload-form button[type=submit]")
    phone.evaluate(_RECORD_PROGRESS)
    _slow_upload(phone, 120 * 1024)

    button.click()
    phone.wait_for_function("() => window.zheliProgress.some((s) => s.value > 0 && s.value < 100)")
    expect(button).to_be_disabled()
    expect(phone.locator(".upload-percent")).to_contain_text("%")
    screenshot(phone, "resources-upload-percent-360")
    fits_a_phone(phone)
    phone.wait_for_url("**/resources/*")
    shown = phone.evaluate("() => window.zheliProgress")
    midway = [s for s in shown if 0 < s["value"] < 100]
    assert midway and all(s["disabled"] for s in midway), shown
    for each in midway:  # "Жіберілуде: 42%" (the number as the language writes it)
        assert each["words"].startswith("Жіберілуде: ") and f"{each['value']}" in each["words"]
    assert [s["value"] for s in shown] == sorted(s["value"] for s in shown)


def test_a_failed_send_enables_the_button_again(live_server, open_page, seed, tmp_path):
    teacher = seed.user(Role.TEACHER, locale="kk")
    pdf = tmp_path / "парақ.pdf"
    pdf.write_bytes(pdf_bytes("e2e қысқа"))
    phone = open_page(PHONE)
    sign_in(phone, teacher.email)
    address = live_server.path_for("resources.upload_resource")
    phone.goto(address)
    _fill(phone, pdf)
    phone.route(
        f"**{address}",
        lambda route: route.abort() if route.request.method == "POST" else route.continue_(),
    )
    button = phone.locator("#upload-form button[type=submit]")
    button.click()
    status = phone.locator("#upload-form .upload-status")
    expect(status).to_have_text(phone.locator("#upload-form").get_attribute("data-failed"))
    expect(button).to_be_enabled()
    expect(phone.locator(".upload-meter")).to_be_hidden()
    expect(phone.locator("#upload-form input[name=title]")).to_have_value("Жұмыс парағы")
