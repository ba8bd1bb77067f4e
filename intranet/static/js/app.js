/* Zheli's own script: small enhancements on top of pages that work without it. */
(function () {
  "use strict";
  // Close the phone menu after a link in it is followed or Escape is pressed.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    document.querySelectorAll("details.menu[open]").forEach(function (menu) { menu.open = false; });
  });
  // A teacher coming back to the tab sees new notifications at once, not at the next minute.
  function refreshBadge() {
    var badge = document.getElementById("notifications-badge");
    if (badge && window.htmx && document.visibilityState === "visible") {
      window.htmx.trigger(badge, "zheli:refresh");
    }
  }
  document.addEventListener("visibilitychange", refreshBadge);
  window.addEventListener("focus", refreshBadge);

  /* Buttons that remove something ask first (templates/_macros/_confirm.html). Without this
     script they open a confirmation page; with it, a <dialog> asks (window.confirm is ugly on
     phones and blocked in some webviews) and the removal is posted from here. */
  var asking = null;
  // A browser without <dialog> (old webviews) opens the confirmation page instead.
  var canAsk = typeof window.HTMLDialogElement === "function";

  function confirmDialog() {
    var dialog = document.getElementById("confirm-dialog");
    if (dialog) return dialog;
    dialog = document.createElement("dialog");
    dialog.id = "confirm-dialog";
    dialog.className = "confirm-dialog";
    dialog.setAttribute("aria-labelledby", "confirm-question");
    dialog.innerHTML = '<form method="dialog"><p id="confirm-question"></p><div class="actions">' +
      '<button value="cancel" class="cancel"></button><button value="yes" class="danger yes"></button></div></form>';
    dialog.addEventListener("close", function () {
      var then = asking;
      asking = null;
      if (then && dialog.returnValue === "yes") then();
    });
    document.body.appendChild(dialog);
    return dialog;
  }

  function ask(form, then) {
    var dialog = confirmDialog();
    dialog.querySelector("#confirm-question").textContent = form.getAttribute("data-confirm");
    dialog.querySelector(".cancel").textContent = form.getAttribute("data-confirm-cancel");
    dialog.querySelector(".yes").textContent = form.querySelector("button").textContent;
    dialog.returnValue = "";
    asking = then;
    dialog.showModal();
  }

  function hiddenInput(form, name, value) {
    var input = document.createElement("input");
    input.type = "hidden";
    input.name = name;
    input.value = value;
    form.appendChild(input);
  }

  // A plain form: once agreed, it becomes the POST the confirmation page would have sent.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!canAsk || !form.hasAttribute("data-confirm") || form.hasAttribute("hx-post")) return;
    event.preventDefault();
    ask(form, function () {
      var headers = JSON.parse(document.body.getAttribute("hx-headers") || "{}");
      form.method = "post";
      hiddenInput(form, "csrf_token", headers["X-CSRFToken"] || "");
      hiddenInput(form, "form_token", form.getAttribute("data-form-token"));
      form.submit();
    });
  });

  // An htmx form: htmx waits while the dialog asks, then sends with the one-time token.
  document.addEventListener("htmx:confirm", function (event) {
    var form = event.detail.elt;
    if (!form.hasAttribute("data-confirm")) return;
    event.preventDefault();
    if (!canAsk) window.location.href = form.action;
    else ask(form, function () { event.detail.issueRequest(true); });
  });
  document.addEventListener("htmx:configRequest", function (event) {
    var token = event.detail.elt.getAttribute("data-form-token");
    if (token) event.detail.parameters.form_token = token;
  });
})();
