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
})();
