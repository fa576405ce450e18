/* Self-service chat: small enhancements on top of htmx. The chat works without this file. */
(function () {
  "use strict";

  function errorBox() {
    return document.getElementById("chat-fout");
  }

  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (!form || form.id !== "chat-form" || !event.detail.successful) {
      return;
    }
    var retargeted = event.detail.xhr && event.detail.xhr.getResponseHeader("HX-Retarget");
    if (retargeted) {
      return; // an error message was shown; keep the question so nothing is lost
    }
    var box = errorBox();
    if (box) {
      box.innerHTML = "";
    }
    form.reset();
    var items = document.querySelectorAll("#gesprek > li");
    if (items.length) {
      items[items.length - 1].scrollIntoView({ block: "start" });
    }
    var field = document.getElementById("vraag");
    if (field) {
      field.focus({ preventScroll: true });
    }
  });

  // A rating replaces its own block, and with it the focused button: put the focus on the
  // thanks (read aloud), so the keyboard goes on from there (to "Vraag contact" after a Nee).
  document.addEventListener("htmx:afterSwap", function (event) {
    var path = event.detail.pathInfo && event.detail.pathInfo.requestPath;
    var rated = path && /\/hulp\/chat\/beoordeling\/(\d+)$/.exec(path);
    if (!rated) {
      return;
    }
    var block = document.getElementById("beoordeling-" + rated[1]);
    var thanks = block && block.querySelector(".rating-done");
    if (thanks) {
      thanks.focus();
    }
  });

  // A failed request (expired form, server error): say so instead of doing nothing.
  document.addEventListener("htmx:responseError", function () {
    var box = errorBox();
    if (box) {
      box.innerHTML =
        '<div class="error-summary" role="alert"><p>Er ging iets mis. Laad de pagina opnieuw en probeer het nog eens. Of bel 14 0999.</p></div>';
    }
  });
})();
