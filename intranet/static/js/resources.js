/* Resource library enhancements, loaded by the upload and revise pages. The form works
   without any of it (a plain multipart POST). With htmx the form posts in place:
   - before sending, files over the size cap (or too many) are refused here, so a phone does
     not spend its data on an upload the server would cut off;
   - while sending, htmx's upload progress events fill the <progress> bar and say the share
     sent, in the page's language (the words come from the page); the send button is
     disabled meanwhile (hx-disabled-elt);
   - when the server cuts the upload off (413) or the connection drops, the form stays as it
     is, with every field kept, and a translated message says what happened. */
(function () {
  "use strict";

  var percent = new Intl.NumberFormat(document.documentElement.lang || undefined, { style: "percent" });

  function parts(form) {
    return {
      meter: form.querySelector(".upload-meter"),
      bar: form.querySelector(".upload-progress"),
      share: form.querySelector(".upload-percent"),
      status: form.querySelector(".upload-status"),
      input: form.querySelector("input[type=file]")
    };
  }

  function say(form, text) {
    var p = parts(form);
    if (p.status) p.status.textContent = text;
    if (p.meter) p.meter.hidden = true;
  }

  /* htmx reports the answer's download through the same event: the bar never goes back. */
  function showSent(form, loaded, total) {
    var p = parts(form);
    var value = Math.floor((loaded / total) * 100);
    if (!p.bar || !p.share || value < p.bar.value) return;
    p.bar.value = value;
    p.share.textContent = value >= 100
      ? p.share.getAttribute("data-checking")
      : p.share.getAttribute("data-sending").replace("__PERCENT__", percent.format(value / 100));
  }

  function isUpload(event) {
    var form = event.detail && event.detail.elt;
    return form && form.id === "upload-form" ? form : null;
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = isUpload(event);
    if (!form) return;
    var p = parts(form);
    var files = p.input && p.input.files ? p.input.files : [];
    var max = parseInt(form.getAttribute("data-max-bytes"), 10);
    if (files.length > parseInt(form.getAttribute("data-max-files"), 10)) {
      event.preventDefault();
      say(form, form.getAttribute("data-too-many"));
      return;
    }
    for (var i = 0; i < files.length; i++) {
      if (files[i].size > max) {
        event.preventDefault();
        say(form, form.getAttribute("data-too-large"));
        return;
      }
    }
    if (p.meter) { p.bar.value = 0; showSent(form, 0, 1); p.meter.hidden = false; }
    if (p.status) p.status.textContent = "";
  });

  document.addEventListener("htmx:xhr:progress", function (event) {
    var form = isUpload(event);
    if (!form || !event.detail.lengthComputable || !event.detail.total) return;
    showSent(form, event.detail.loaded, event.detail.total);
  });

  document.addEventListener("htmx:responseError", function (event) {
    var form = isUpload(event);
    if (!form) return;
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    say(form, status === 413 ? form.getAttribute("data-too-large") : form.getAttribute("data-failed"));
  });

  document.addEventListener("htmx:sendError", function (event) {
    var form = isUpload(event);
    if (form) say(form, form.getAttribute("data-failed"));
  });
})();
