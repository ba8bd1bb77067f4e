/* Lesson Study observation on a phone, loaded by the observe page only. Without it the page is
   an ordinary form (pupil, stage, text) that posts and comes back.

   With it: a tap on a pupil's letter starts a note, stamped with the time of the tap and a new
   UUID. "Save" puts the note in a queue in localStorage first, shows it in "Your notes" as
   waiting, and then sends the queue in order. The server answers 200 with the stored note
   (it replaces the waiting one) or 422 when a rule refused it (shown, then dropped); anything
   else, or no connection at all, leaves the note queued, and the queue is sent again when the
   browser comes back online and every few seconds. The UUID makes a resend harmless: the
   server stores each UUID once. */
(function () {
  "use strict";

  var QUEUE_KEY = "zheli.lessonstudy.queue";
  var RETRY_MS = 5000;
  var sending = false;
  /* Times are written in the page's language (<html lang>) and the schools' zone (<body
     data-time-zone>), as the server writes the stored notes, whatever the phone's own zone. */
  var locale = document.documentElement.lang || undefined;
  var timeZone = document.body.getAttribute("data-time-zone") || undefined;

  function newUuid() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  function readQueue() {
    try { return JSON.parse(window.localStorage.getItem(QUEUE_KEY) || "[]"); } catch (e) { return []; }
  }

  function writeQueue(queue) {
    try { window.localStorage.setItem(QUEUE_KEY, JSON.stringify(queue)); } catch (e) { /* full: kept in memory only */ }
  }

  function removeFromQueue(uuid) {
    writeQueue(readQueue().filter(function (note) { return note.uuid !== uuid; }));
  }

  function pendingItem(list, note, label) {
    var item = document.createElement("li");
    item.className = "note pending";
    item.setAttribute("data-uuid", note.uuid);
    var small = document.createElement("small");
    small.className = "muted";
    small.textContent = note.time + " · " + note.code + " · " + note.stageTitle + " · " + label;
    item.appendChild(small);
    item.appendChild(document.createTextNode(" " + note.body));
    list.insertBefore(item, list.firstChild);
  }

  function showState(form) {
    var state = form.querySelector(".queue-state");
    if (!state) return;
    var waiting = readQueue().filter(function (note) { return note.lesson === form.getAttribute("data-lesson"); }).length;
    state.hidden = waiting === 0;
    state.textContent = state.getAttribute("data-waiting").replace("{count}", String(waiting));
  }

  function replaceItem(uuid, html) {
    var item = document.querySelector('#my-notes [data-uuid="' + uuid + '"]');
    var holder = document.createElement("ol");
    holder.innerHTML = html.trim();
    var fresh = holder.firstElementChild;
    if (item && fresh) item.replaceWith(fresh);
    else if (fresh) document.getElementById("my-notes").prepend(fresh);
  }

  function refuse(uuid, html) {
    var item = document.querySelector('#my-notes [data-uuid="' + uuid + '"]');
    if (!item) return;
    item.classList.remove("pending");
    item.classList.add("refused");
    var holder = document.createElement("div");
    holder.innerHTML = html;
    item.appendChild(holder);
  }

  function send(form) {
    if (sending) return;
    var queue = readQueue();
    if (!queue.length) { showState(form); return; }
    sending = true;
    var note = queue[0];
    var body = new URLSearchParams(note.fields);
    body.set("csrf_token", form.querySelector("input[name=csrf_token]").value);
    fetch(note.url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "HX-Request": "true", "X-CSRFToken": body.get("csrf_token") }
    }).then(function (response) {
      return response.text().then(function (text) { return { status: response.status, text: text }; });
    }).then(function (answer) {
      sending = false;
      if (answer.status === 200) { removeFromQueue(note.uuid); replaceItem(note.uuid, answer.text); send(form); }
      else if (answer.status === 422) { removeFromQueue(note.uuid); refuse(note.uuid, answer.text); send(form); }
      else showState(form);
    }).catch(function () {
      sending = false;
      showState(form);
    });
  }

  function start(form) {
    var stage = form.querySelector("select[name=stage]");
    var pupil = form.querySelector("select[name=pupil]");
    var text = form.querySelector("textarea[name=body]");
    var composer = form.querySelector(".composer");
    var started = form.querySelector(".started");
    var taps = form.querySelector(".taps");
    var list = document.getElementById("my-notes");
    var stamp = null;

    form.querySelector(".pupil-select").hidden = true;
    taps.hidden = false;
    composer.hidden = true;

    taps.addEventListener("click", function (event) {
      var button = event.target.closest(".tap-pupil");
      if (!button) return;
      pupil.value = button.getAttribute("data-pupil");
      stamp = new Date();
      taps.querySelectorAll(".tap-pupil").forEach(function (b) { b.setAttribute("aria-pressed", String(b === button)); });
      started.hidden = false;
      started.textContent = button.textContent + " · " + stage.options[stage.selectedIndex].text + " · " +
        stamp.toLocaleTimeString(locale, {
          timeZone: timeZone, hour: "numeric", minute: "2-digit", second: "2-digit"
        });
      composer.hidden = false;
      text.focus();
    });

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!text.value.trim() || stamp === null) { text.focus(); return; }
      var uuid = newUuid();
      var fields = {};
      new FormData(form).forEach(function (value, key) { fields[key] = value; });
      fields.client_uuid = uuid;
      fields.form_token = uuid;
      fields.noted_at = stamp.toISOString();
      var note = {
        uuid: uuid,
        lesson: form.getAttribute("data-lesson"),
        url: form.action,
        fields: fields,
        body: text.value.trim(),
        code: pupil.options[pupil.selectedIndex].text,
        stageTitle: stage.options[stage.selectedIndex].text,
        time: stamp.toLocaleTimeString(locale, { timeZone: timeZone, hour: "numeric", minute: "2-digit" })
      };
      var queue = readQueue();
      queue.push(note);
      writeQueue(queue);
      pendingItem(list, note, form.querySelector(".queue-state").getAttribute("data-pending"));
      text.value = "";
      stamp = null;
      composer.hidden = true;
      started.hidden = true;
      taps.querySelectorAll(".tap-pupil").forEach(function (b) { b.setAttribute("aria-pressed", "false"); });
      showState(form);
      send(form);
    });

    readQueue().forEach(function (note) {
      if (note.lesson === form.getAttribute("data-lesson") && !list.querySelector('[data-uuid="' + note.uuid + '"]'))
        pendingItem(list, note, form.querySelector(".queue-state").getAttribute("data-pending"));
    });
    window.addEventListener("online", function () { send(form); });
    window.setInterval(function () { send(form); }, RETRY_MS);
    showState(form);
    send(form);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("observe-form");
    if (form) start(form);
  });
})();
