/* Forum enhancements, loaded by the thread page. Each feature keeps to its own section and
   functions; the pages work without any of it. */
(function () {
  "use strict";

  /* --- Drafts: the reply box survives a dropped connection or a closed page. ------------------
     The text of a form marked data-draft="<thread id>" is saved in localStorage on input
     (debounced). On load, when the browser kept text that the box does not show, the server's
     hidden "Restore your unsent text?" button is un-hidden; a tap puts the text back. After a
     reply is accepted (htmx:afterRequest, successful, the form not sent back with errors) the
     saved text is forgotten. */

  var DRAFT_PREFIX = "zheli.forum.draft.";
  var DRAFT_DELAY_MS = 400;
  var draftTimers = {};

  function draftKey(form) {
    return DRAFT_PREFIX + form.getAttribute("data-draft");
  }

  function draftBox(form) {
    return form.querySelector("textarea[name=body]");
  }

  function readDraft(form) {
    try { return window.localStorage.getItem(draftKey(form)) || ""; } catch (e) { return ""; }
  }

  function writeDraft(form, text) {
    try {
      if (text.trim()) window.localStorage.setItem(draftKey(form), text);
      else window.localStorage.removeItem(draftKey(form));
    } catch (e) { /* storage full or forbidden: the draft is simply not kept */ }
  }

  function offerDraft(form) {
    var button = form.querySelector(".draft-restore");
    var box = draftBox(form);
    if (!button || !box) return;
    var saved = readDraft(form);
    button.hidden = !saved || saved === box.value;
  }

  function offerDrafts(root) {
    var scope = root && root.querySelectorAll ? root : document;
    if (scope.matches && scope.matches("form[data-draft]")) offerDraft(scope);
    scope.querySelectorAll("form[data-draft]").forEach(offerDraft);
  }

  function onDraftInput(event) {
    var form = event.target.closest && event.target.closest("form[data-draft]");
    if (!form || event.target !== draftBox(form)) return;
    var key = draftKey(form);
    clearTimeout(draftTimers[key]);
    draftTimers[key] = setTimeout(function () {
      delete draftTimers[key];
      writeDraft(form, event.target.value);
    }, DRAFT_DELAY_MS);
  }

  function flushDrafts() {
    document.querySelectorAll("form[data-draft]").forEach(function (form) {
      var key = draftKey(form);
      if (!(key in draftTimers)) return;
      clearTimeout(draftTimers[key]);
      delete draftTimers[key];
      writeDraft(form, draftBox(form).value);
    });
  }

  function onDraftRestore(event) {
    var button = event.target.closest && event.target.closest(".draft-restore");
    var form = button && button.closest("form[data-draft]");
    if (!form) return;
    var box = draftBox(form);
    box.value = readDraft(form);
    button.hidden = true;
    box.focus();
  }

  // htmx re-fires afterRequest on an ancestor when the reply form was swapped away, so the
  // request is tagged with its draft key before it leaves.
  function onReplyStart(event) {
    var detail = event.detail || {};
    var form = detail.elt;
    if (detail.xhr && form && form.matches && form.matches("form[data-draft]")) {
      detail.xhr.zheliDraftKey = draftKey(form);
    }
  }

  function onReplySent(event) {
    var detail = event.detail || {};
    var key = detail.xhr && detail.xhr.zheliDraftKey;
    if (!key || !detail.successful) return;
    // An invalid reply comes back as the form itself (HX-Retarget): keep the draft then.
    if (detail.xhr.getResponseHeader("HX-Retarget")) return;
    clearTimeout(draftTimers[key]);
    delete draftTimers[key];
    try { window.localStorage.removeItem(key); } catch (e) { /* nothing was kept */ }
    offerDrafts(document); // the fresh form swapped in before this: hide its offer again
  }

  document.addEventListener("input", onDraftInput);
  document.addEventListener("click", onDraftRestore);
  document.addEventListener("htmx:beforeRequest", onReplyStart);
  document.addEventListener("htmx:afterRequest", onReplySent);
  window.addEventListener("pagehide", flushDrafts);
  document.addEventListener("htmx:load", function (event) { offerDrafts(event.target); });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { offerDrafts(document); });
  } else {
    offerDrafts(document);
  }
})();

/* --- Quotes and @mentions: their own closure, next to the drafts above. ----------------------
   Quote: each post's "Quote" link leads, without JS, to the reply form with ?quote=<post id>
   (the server fills the box). Here it inserts at the cursor instead: the post's selected text,
   or its paragraphs without the quotes it holds, under the header in data-quote-head (which
   links to the post, and so tells its author).
   @mention: typing "@" and a few letters asks data-mentions?q=... for a short list of people
   who may read the thread (the server's own escaped fragment); a tap, or arrow keys and Enter,
   replace "@letters" with that person's mention link. Escape closes the list. */
(function () {
  "use strict";

  var MENTION_AT = /(^|\s)@([^\s@[\]()<>]{1,30})$/;
  var MENTION_DELAY_MS = 250;
  var mentionTimer = null;
  var mentionTicket = 0;
  var mentionRange = null;

  function replyBox() {
    return document.querySelector("#reply-form textarea[name=body]");
  }

  // Replace start..end of the box with text, leave the caret after it, and let the drafts
  // code (and anything else listening) know the text changed.
  function insertText(box, text, start, end) {
    box.setRangeText(text, start, end, "end");
    box.dispatchEvent(new Event("input", { bubbles: true }));
    box.focus();
  }

  /* Quotes */

  function quotedText(post) {
    var body = post && post.querySelector(".body");
    if (!body) return "";
    var selection = window.getSelection ? window.getSelection() : null;
    if (selection && !selection.isCollapsed && body.contains(selection.anchorNode) &&
        body.contains(selection.focusNode)) {
      return selection.toString();
    }
    return Array.prototype.filter.call(body.children, function (element) {
      return element.tagName !== "BLOCKQUOTE";
    }).map(blockText).filter(Boolean).join("\n\n");
  }

  // A block of a post as Markdown again: a list keeps its bullets or numbers.
  function blockText(element) {
    if (element.tagName !== "UL" && element.tagName !== "OL") return element.innerText.trim();
    var number = parseInt(element.getAttribute("start"), 10) || 1;
    return Array.prototype.filter.call(element.children, function (item) {
      return item.tagName === "LI";
    }).map(function (item, index) {
      var marker = element.tagName === "OL" ? (number + index) + ". " : "- ";
      return marker + item.innerText.trim().replace(/\s*\n\s*/g, " ");
    }).join("\n");
  }

  function onQuote(event) {
    var link = event.target.closest("a.quote[data-quote-head]");
    var box = replyBox();
    if (!link || !box) return false;
    event.preventDefault();
    var lines = quotedText(link.closest(".post")).trim().split(/\r?\n/);
    var text = link.getAttribute("data-quote-head") + "\n" + lines.map(function (line) {
      return line.trim() ? "> " + line : ">";
    }).join("\n") + "\n\n";
    // The caret where the writer left it; at the end if they never were in the box.
    var start = box.getAttribute("data-caret") ? box.selectionStart : box.value.length;
    var end = box.getAttribute("data-caret") ? box.selectionEnd : start;
    var before = box.value.slice(0, start);
    if (before && !/\n\n$/.test(before)) text = (/\n$/.test(before) ? "\n" : "\n\n") + text;
    insertText(box, text, start, end);
    box.scrollIntoView({ block: "center" });
    return true;
  }

  /* Mentions */

  function mentionList() {
    return document.getElementById("mention-list");
  }

  function closeMentions() {
    var list = mentionList();
    if (list) list.remove();
    mentionRange = null;
  }

  function showMentions(form, box, text, range) {
    var ticket = ++mentionTicket;
    var url = form.getAttribute("data-mentions") + "?q=" + encodeURIComponent(text);
    fetch(url, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) {
        if (ticket !== mentionTicket || !html) return;
        closeMentions();
        var holder = document.createElement("div");
        holder.innerHTML = html; // rendered and escaped by the server, like any htmx fragment
        var list = holder.firstElementChild;
        if (!list) return;
        mentionRange = range;
        box.insertAdjacentElement("afterend", list);
      })
      .catch(function () { /* offline: the writer can still type the name */ });
  }

  function onMentionInput(event) {
    var box = event.target;
    var form = box.closest && box.closest("form[data-mentions]");
    if (!form || box.name !== "body") return;
    clearTimeout(mentionTimer);
    var caret = box.selectionEnd;
    var match = MENTION_AT.exec(box.value.slice(0, caret));
    if (!match) {
      closeMentions();
      return;
    }
    var range = { start: caret - match[2].length - 1, end: caret };
    mentionTimer = setTimeout(function () {
      showMentions(form, box, match[2], range);
    }, MENTION_DELAY_MS);
  }

  function onMentionPick(event) {
    var button = event.target.closest(".mention-pick");
    var box = replyBox();
    if (!button || !box) return false;
    var range = mentionRange;
    if (!range || box.value.charAt(range.start) !== "@") {
      range = { start: box.selectionStart, end: box.selectionEnd };
    }
    insertText(box, button.getAttribute("data-mention") + " ", range.start, range.end);
    closeMentions();
    return true;
  }

  function onMentionKey(event) {
    var list = mentionList();
    var box = replyBox();
    if (!list || !box || (event.target !== box && !list.contains(event.target))) return;
    var buttons = Array.prototype.slice.call(list.querySelectorAll(".mention-pick"));
    var index = buttons.indexOf(document.activeElement);
    if (event.key === "Escape") {
      closeMentions();
      box.focus();
    } else if (event.key === "ArrowDown" && buttons.length) {
      buttons[Math.min(index + 1, buttons.length - 1)].focus();
    } else if (event.key === "ArrowUp" && index >= 0) {
      (index === 0 ? box : buttons[index - 1]).focus();
    } else {
      return;
    }
    event.preventDefault();
  }

  document.addEventListener("click", function (event) {
    if (!event.target.closest) return;
    if (onQuote(event) || onMentionPick(event)) return;
    var list = mentionList();
    if (list && !list.contains(event.target)) closeMentions();
  });
  document.addEventListener("input", onMentionInput);
  document.addEventListener("keydown", onMentionKey);
  document.addEventListener("focusin", function (event) {
    if (event.target === replyBox()) event.target.setAttribute("data-caret", "1");
  });
})();
