/* Reisgenoot: small progressive enhancements. Everything works without this file. */
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  // Every HTMX request carries the CSRF token in a header (checked on state-changing requests).
  document.addEventListener("htmx:configRequest", function (event) {
    event.detail.headers["X-CSRF-Token"] = csrfToken();
  });

  // A swap that removed the focused field (a practice line, a chat question) must not leave
  // keyboard and screen-reader users on <body>: after HTMX has settled, the element the new
  // content marks autofocus gets the focus if nothing else has it. HTMX focuses it itself in a
  // settle task, but not always before the next key is pressed (seen in the keyboard test).
  document.addEventListener("htmx:afterSettle", function () {
    var active = document.activeElement;
    if (active && active !== document.body && document.body.contains(active)) {
      return;
    }
    var marked = document.querySelector("[autofocus]");
    if (marked) {
      marked.focus();
    }
  });

  // Move focus to the error summary, so screen-reader and keyboard users hear what went wrong.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
  });
})();
