/* Reisgenoot live assist: send turns over a WebSocket and show the suggestions.
   Without this file the page still works: the form posts and the page reloads. */
(function () {
  "use strict";

  var root = document.getElementById("gesprek");
  if (!root || root.getAttribute("data-closed") === "ja") {
    return;
  }
  var uuid = root.getAttribute("data-uuid");
  var form = document.getElementById("beurt-form");
  var input = document.getElementById("beurt-tekst");
  var turns = document.getElementById("beurten");
  var panel = document.getElementById("suggesties");
  var errorBox = document.getElementById("beurt-fout");
  var announcer = document.getElementById("voorstellen-melding");
  var socket = null;
  var pending = {};
  var counter = 0;

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  function showError(text) {
    errorBox.textContent = text || "";
    errorBox.hidden = !text;
  }

  function show(result) {
    if (result.type === "fout") {
      showError(result.message);
      return;
    }
    showError("");
    turns.insertAdjacentHTML("beforeend", result.turn_html);
    turns.lastElementChild.scrollIntoView({ block: "nearest" });
    panel.innerHTML = result.html;
    root.setAttribute("data-beurten", String(result.turns));
    if (announcer && result.melding) {
      announcer.textContent = result.melding;
    }
    if (result.verbanden) {
      refreshLinked();
    }
  }

  // The turn named a BSN, e-mail address, phone, IBAN or KVK number: search earlier contacts
  // again. The panel is only on the page for roles that may see it.
  function refreshLinked() {
    var linked = document.getElementById("eerdere-contacten");
    if (!linked) {
      return;
    }
    var url = "/contacten/" + uuid + "/verbanden";
    if (window.htmx) {
      window.htmx.ajax("GET", url, { target: "#eerdere-contacten", swap: "outerHTML" });
      return;
    }
    fetch(url, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) { if (html) { linked.outerHTML = html; } });
  }

  function connect() {
    if (!("WebSocket" in window)) {
      return;
    }
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var ws = new WebSocket(scheme + window.location.host + "/assist/" + uuid + "/ws");
    ws.addEventListener("open", function () {
      socket = ws;
      root.setAttribute("data-verbinding", "websocket");
    });
    ws.addEventListener("message", function (event) {
      var result = JSON.parse(event.data);
      delete pending[result.id];
      // assist-speech.js listens too (partial segments, corrections, status)
      root.dispatchEvent(new CustomEvent("assist:bericht", { detail: result }));
      if (result.type === "suggesties" || result.type === "fout") {
        show(result);
      }
    });
    ws.addEventListener("close", function () {
      socket = null;
      root.setAttribute("data-verbinding", "formulier");
    });
  }

  function postTurn(speaker, text) {
    var body = new URLSearchParams();
    body.set("speaker", speaker);
    body.set("text", text);
    return fetch("/assist/" + uuid + "/beurt", {
      method: "POST",
      headers: { "X-CSRF-Token": csrfToken(), Accept: "application/json" },
      body: body,
      credentials: "same-origin"
    })
      .then(function (response) { return response.json(); })
      .then(show)
      .catch(function () { showError("Het toevoegen is niet gelukt. Probeer het opnieuw."); });
  }

  function sendTurn(speaker, text) {
    if (!text.trim()) {
      showError("Typ eerst wat er gezegd is.");
      return;
    }
    if (socket && socket.readyState === WebSocket.OPEN) {
      counter += 1;
      pending[counter] = true;
      socket.send(JSON.stringify({ id: counter, speaker: speaker, text: text }));
    } else {
      postTurn(speaker, text);
    }
  }

  function chosenSpeaker() {
    var checked = form.querySelector('input[name="speaker"]:checked');
    return checked ? checked.value : "inwoner";
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    sendTurn(chosenSpeaker(), input.value);
    input.value = "";
    input.focus();
  });

  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  // Replay a demo conversation at speaking pace (about 2.5 words per second). The same button
  // starts and stops it, so the keyboard focus stays where it is.
  var demoButton = document.getElementById("demo-start");
  var demoStatus = document.getElementById("demo-status");
  var demoTimer = null;

  function stopDemo(text) {
    window.clearTimeout(demoTimer);
    demoTimer = null;
    demoButton.textContent = "Afspelen";
    root.removeAttribute("data-demo");
    demoStatus.textContent = text;
  }

  function startDemo() {
    var lines = JSON.parse(demoButton.getAttribute("data-demo") || "[]");
    var speed = Number(document.getElementById("demo-tempo").value) || 1;
    var index = 0;
    demoButton.textContent = "Stoppen";
    root.setAttribute("data-demo", "bezig");
    function next() {
      if (index >= lines.length) {
        stopDemo("Het voorbeeldgesprek is afgelopen.");
        return;
      }
      var line = lines[index];
      index += 1;
      demoStatus.textContent = "Beurt " + index + " van " + lines.length + " wordt uitgesproken …";
      var words = line.text.split(/\s+/).length;
      var wait = Math.max(1200, (words / 2.5) * 1000) / speed;
      demoTimer = window.setTimeout(function () {
        sendTurn(line.speaker, line.text);
        next();
      }, wait);
    }
    next();
  }

  if (demoButton) {
    demoButton.addEventListener("click", function () {
      if (demoTimer !== null) {
        stopDemo("Gestopt. Druk op Afspelen om opnieuw te beginnen.");
      } else {
        startDemo();
      }
    });
  }

  // For assist-speech.js: send a message (text or audio) over the open WebSocket.
  root.assistSend = function (data) {
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(data);
      return true;
    }
    return false;
  };

  connect();
})();
