/* Essay editor enhancements: the live sentence and word counter, and a copy of the draft in
   this browser. The editor works without any of it (the server saves and counts too).

   The counter follows intranet/essays/counting.py rule for rule; the browser test runs both on
   the same passages, so keep them in step. */
(function () {
  "use strict";

  /* --- Counting (a mirror of counting.py) ---------------------------------------------------- */

  var TERMINATORS = ".!?\u2026";
  var CLOSERS = "\"'\u00bb\u201d\u2019)]";
  var OPENERS = "\"'\u00ab\u201e\u201c\u2018([\u2014\u2013-";
  var NON_FINAL = [
    "ж", "жж", "ғ", "б", "мыс", "қ", "обл", "ауд",
    "г", "гг", "т.е", "т.к", "см", "напр", "им", "стр", "р-н", "в", "вв", "т.н",
    "e.g", "i.e", "cf", "vs", "mr", "mrs", "ms", "dr", "p", "pp"
  ];
  var ALNUM = /[\p{L}\p{N}]/u;
  var LETTER = /^\p{L}$/u;

  function rstrip(text, chars) {
    var end = text.length;
    while (end > 0 && chars.indexOf(text[end - 1]) !== -1) end -= 1;
    return text.slice(0, end);
  }

  function lstrip(text, chars) {
    var start = 0;
    while (start < text.length && chars.indexOf(text[start]) !== -1) start += 1;
    return text.slice(start);
  }

  function isLower(ch) {
    return ch !== "" && ch !== ch.toUpperCase() && ch === ch.toLowerCase();
  }

  function firstAlnum(token) {
    for (var ch of token) if (ALNUM.test(ch)) return ch;
    return "";
  }

  function endsSentence(token, following) {
    var bare = rstrip(token, CLOSERS);
    if (!bare || TERMINATORS.indexOf(bare[bare.length - 1]) === -1) return false;
    var core = rstrip(bare, TERMINATORS);
    var run = bare.slice(core.length);
    if (run === "." && core) {
      var letters = lstrip(core, OPENERS);
      if (NON_FINAL.indexOf(letters.toLowerCase()) !== -1) return false;
      if (Array.from(letters).length === 1 && LETTER.test(letters) && !isLower(letters)) return false;
    }
    if (following === null) return true;
    return !isLower(firstAlnum(following));
  }

  function count(text) {
    var tokens = (text || "").split(/\s+/).filter(Boolean);
    var sentences = 0, words = 0, open = false;
    for (var i = 0; i < tokens.length; i += 1) {
      if (ALNUM.test(tokens[i])) { words += 1; open = true; }
      var following = i + 1 < tokens.length ? tokens[i + 1] : null;
      if (open && endsSentence(tokens[i], following)) { sentences += 1; open = false; }
    }
    if (open) sentences += 1;
    return { sentences: sentences, words: words };
  }

  window.zheliEssays = { count: count };

  /* --- The editor ---------------------------------------------------------------------------- */

  var LOCAL_DELAY_MS = 500;

  /* The time as the server writes its own: in the page's language (<html lang>) and the
     schools' zone (<body data-time-zone>), whatever the phone's own zone. */
  function hhmm(ms) {
    try {
      return new Date(ms).toLocaleTimeString(document.documentElement.lang || undefined, {
        timeZone: document.body.getAttribute("data-time-zone") || undefined,
        hour: "numeric", minute: "2-digit"
      });
    } catch (e) {
      var date = new Date(ms);
      return String(date.getHours()).padStart(2, "0") + ":" + String(date.getMinutes()).padStart(2, "0");
    }
  }

  function readLocal(key) {
    try { return JSON.parse(window.localStorage.getItem(key) || "null"); } catch (e) { return null; }
  }

  function writeLocal(key, text) {
    try {
      window.localStorage.setItem(key, JSON.stringify({ text: text, at: Date.now() }));
      return true;
    } catch (e) { return false; /* storage full or forbidden: the server copy remains */ }
  }

  /* The editor: every change is kept in localStorage at once (debounced); htmx sends it to the
     server a few seconds later. Offline, the save state says the text is kept on this phone
     (not "saved", which would mean the server has it); when the connection is back the
     browser's copy is sent at once, without waiting for a keystroke. When a send fails while
     online (a server error) the page says the text is kept in this browser. On the next visit
     a browser copy newer than the server's is put back and sent at once. */
  function setUp(form) {
    var box = form.querySelector("textarea[name=body]");
    var key = form.getAttribute("data-draft-key");
    var label = form.getAttribute("data-local-label");
    var offlineLabel = form.getAttribute("data-offline-label");
    var localNote = form.querySelector("#local-saved");
    var timer = null;
    var keptAt = 0;

    function showCounts() {
      var counts = count(box.value);
      form.querySelector("[data-count=sentences]").textContent = counts.sentences;
      form.querySelector("[data-count=words]").textContent = counts.words;
    }

    function keepLocal() {
      clearTimeout(timer);
      timer = null;
      if (writeLocal(key, box.value)) keptAt = Date.now();
    }

    function sayKeptHere() {
      if (timer) keepLocal();
      if (localNote && keptAt) localNote.textContent = label.replace("__TIME__", hhmm(keptAt));
    }

    function sayOffline() {
      keepLocal();
      var state = document.getElementById("saved-at"); // htmx swaps it: look it up each time
      if (state) state.textContent = offlineLabel.replace("__TIME__", hhmm(keptAt || Date.now()));
      if (localNote) localNote.textContent = "";
    }

    function sayNotSent() {
      if (navigator.onLine === false) sayOffline();
      else sayKeptHere();
    }

    function sendNow() {
      if (window.htmx) window.htmx.trigger(box, "zheli:send");
    }

    var saved = readLocal(key);
    var serverAt = parseInt(form.getAttribute("data-server-saved") || "0", 10);
    if (saved && saved.text && saved.text !== box.value && saved.at > serverAt) {
      box.value = saved.text; // typed here after the server's last copy (a dropped connection)
      keptAt = saved.at;
      sayKeptHere();
      sendNow();
    }
    if (navigator.onLine === false) sayOffline();
    showCounts();

    box.addEventListener("input", function () {
      showCounts();
      clearTimeout(timer);
      timer = setTimeout(keepLocal, LOCAL_DELAY_MS);
    });
    box.addEventListener("htmx:sendError", sayNotSent);
    box.addEventListener("htmx:responseError", sayNotSent);
    box.addEventListener("htmx:afterRequest", function (event) {
      if (event.detail.successful && localNote) localNote.textContent = "";
    });
    window.addEventListener("offline", sayOffline);
    window.addEventListener("online", sendNow);
    window.addEventListener("pagehide", function () { if (timer) keepLocal(); });
  }

  function forgetSubmitted() {
    document.querySelectorAll("[data-forget-draft]").forEach(function (el) {
      try { window.localStorage.removeItem(el.getAttribute("data-forget-draft")); } catch (e) { /* nothing kept */ }
    });
  }

  function start() {
    document.querySelectorAll("form[data-draft-key]").forEach(setUp);
    forgetSubmitted();
  }

  // A deferred script runs before DOMContentLoaded, when htmx has not yet wired the editor: a
  // copy put back on arrival is only sent once htmx listens (its own DOMContentLoaded handler
  // was added first, so it runs first).
  if (document.readyState === "complete") start();
  else document.addEventListener("DOMContentLoaded", start);
})();
