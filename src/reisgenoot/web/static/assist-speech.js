/* Reisgenoot live assist by voice: capture the call audio (with the employee's consent), send
   it over the conversation's WebSocket (assist.js) and show what is being said. Final turns
   arrive as ordinary suggestions; each turn can be corrected. */
(function () {
  "use strict";

  var root = document.getElementById("gesprek");
  var box = document.getElementById("spraak");
  if (!root || !box || !window.AudioWorkletNode || !navigator.mediaDevices) {
    return;
  }
  box.hidden = false;
  var button = document.getElementById("spraak-knop");
  var consent = document.getElementById("spraak-toestemming");
  var stereo = document.getElementById("spraak-stereo");
  var status = document.getElementById("spraak-status");
  var partial = document.getElementById("spraak-deel");
  var turns = document.getElementById("beurten");
  var panel = document.getElementById("suggesties");
  var announcer = document.getElementById("voorstellen-melding");
  var labels = { medewerker: "Medewerker", inwoner: "Inwoner" };
  var capture = null;

  function say(text) {
    status.textContent = text;
  }

  function stopCapture(text) {
    if (capture) {
      capture.stream.getTracks().forEach(function (track) { track.stop(); });
      capture.context.close();
      capture = null;
      root.assistSend(JSON.stringify({ type: "spraak_stop" }));
    }
    box.removeAttribute("data-opname");
    button.textContent = "Meeschrijven starten";
    button.setAttribute("aria-pressed", "false");
    partial.textContent = "";
    say(text || "Meeschrijven is gestopt.");
  }

  function startCapture() {
    if (!consent.checked) {
      say("Vertel de inwoner eerst dat het gesprek wordt omgezet in tekst, en vink dat aan.");
      consent.focus();
      return;
    }
    var channels = stereo.checked ? 2 : 1;
    if (!root.assistSend(JSON.stringify({ type: "spraak_start", kanalen: channels, medewerker: 0 }))) {
      say("Er is geen verbinding. Laad de pagina opnieuw.");
      return;
    }
    var constraints = {
      audio: {
        channelCount: channels,
        echoCancellation: channels === 1,
        noiseSuppression: false,
        autoGainControl: false
      }
    };
    say("Microfoon wordt gestart …");
    navigator.mediaDevices.getUserMedia(constraints).then(function (stream) {
      var context = new AudioContext({ sampleRate: 16000 });
      return context.audioWorklet.addModule("/static/assist-audio-worklet.js").then(function () {
        var source = context.createMediaStreamSource(stream);
        var node = new AudioWorkletNode(context, "reisgenoot-pcm", {
          channelCount: 2,
          channelCountMode: "explicit",
          channelInterpretation: channels === 2 ? "discrete" : "speakers",
          processorOptions: { channels: channels }
        });
        var silent = context.createGain();
        silent.gain.value = 0;
        node.port.onmessage = function (event) { root.assistSend(event.data); };
        source.connect(node);
        node.connect(silent);
        silent.connect(context.destination);
        capture = { stream: stream, context: context };
        box.setAttribute("data-opname", "bezig");
        button.textContent = "Meeschrijven stoppen";
        button.setAttribute("aria-pressed", "true");
        say("Meeschrijven loopt. De beurten verschijnen als iemand even stil is.");
      });
    }).catch(function () {
      root.assistSend(JSON.stringify({ type: "spraak_stop" }));
      say("De microfoon kan niet worden gebruikt. Geef de browser toestemming of typ de beurten.");
    });
  }

  button.addEventListener("click", function () {
    if (capture) {
      stopCapture();
    } else {
      startCapture();
    }
  });

  // --- messages from the server ---------------------------------------------------------------
  root.addEventListener("assist:bericht", function (event) {
    var result = event.detail;
    if (result.type === "spraak") {
      partial.textContent = result.text
        ? (labels[result.speaker] ? labels[result.speaker] + ": " : "") + result.text + " …"
        : "";
    } else if (result.type === "suggesties" && result.bron === "spraak") {
      partial.textContent = "";
      addEditButton(turns.lastElementChild);
    } else if (result.type === "spraak_status" && !result.actief && result.message) {
      stopCapture(result.message);
    } else if (result.type === "fout" && result.bron === "spraak") {
      say(result.message);
    } else if (result.type === "correctie") {
      var item = turns.children[result.positie];
      if (item) {
        item.outerHTML = result.turn_html;
        addEditButton(turns.children[result.positie]);
      }
      panel.innerHTML = result.html;
      if (announcer) {
        announcer.textContent = result.melding;
      }
    }
  });

  // --- correcting a turn ----------------------------------------------------------------------
  function addEditButton(item) {
    if (!item || item.querySelector(".turn-edit")) {
      return;
    }
    var edit = document.createElement("button");
    edit.type = "button";
    edit.className = "turn-edit link-button";
    edit.textContent = "Aanpassen";
    edit.addEventListener("click", function () { openEditor(item); });
    item.appendChild(edit);
  }

  function openEditor(item) {
    var position = Array.prototype.indexOf.call(turns.children, item);
    var speakerLabel = item.querySelector(".turn-speaker");
    var isEmployee = item.classList.contains("turn-medewerker");
    var text = item.textContent.replace(speakerLabel ? speakerLabel.textContent : "", "")
      .replace(/Aanpassen$/, "").trim();
    var form = document.createElement("form");
    form.className = "turn-form";
    var id = "correctie-" + position;
    form.innerHTML =
      '<label for="' + id + '-spreker">Wie sprak er?</label>' +
      '<select id="' + id + '-spreker"><option value="inwoner">Inwoner</option>' +
      '<option value="medewerker">Medewerker (ik)</option></select>' +
      '<label for="' + id + '-tekst">Wat is er gezegd?</label>' +
      '<textarea id="' + id + '-tekst" rows="3" maxlength="4000"></textarea>' +
      '<button type="submit" class="button">Opslaan</button> ' +
      '<button type="button" class="button button-secondary">Annuleren</button>';
    var select = form.querySelector("select");
    var area = form.querySelector("textarea");
    select.value = isEmployee ? "medewerker" : "inwoner";
    area.value = text;
    var original = item.innerHTML;
    item.innerHTML = "";
    item.appendChild(form);
    area.focus();
    form.querySelector("button[type=button]").addEventListener("click", function () {
      item.innerHTML = original;
      item.querySelector(".turn-edit").addEventListener("click", function () { openEditor(item); });
    });
    form.addEventListener("submit", function (submitEvent) {
      submitEvent.preventDefault();
      root.assistSend(JSON.stringify({
        type: "correctie", positie: position, speaker: select.value, text: area.value
      }));
    });
  }

  Array.prototype.forEach.call(turns.children, addEditButton);
  new MutationObserver(function () {
    Array.prototype.forEach.call(turns.children, addEditButton);
  }).observe(turns, { childList: true });
})();
