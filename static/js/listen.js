/* "Écouter": reads a part of the page aloud with the device's own speech synthesis, in the
   page's language. The button shows only when the device has a voice of its own (not one
   that sends the text to a server) for that language; voices often load after the page,
   hence `voiceschanged`. Nothing is sent anywhere. Without this file, or without a voice,
   there is no button. Each button reads the elements marked data-listen-part="<its
   data-listen>", in the order of the page. */
(function () {
  "use strict";

  var synth = window.speechSynthesis;
  var language = (document.documentElement.lang || "").toLowerCase().split("-")[0];
  var speaking = null; // the button whose text is being read

  function localVoice() {
    var voices = synth.getVoices() || [];
    for (var i = 0; i < voices.length; i++) {
      var voice = voices[i];
      var code = String(voice.lang || "").toLowerCase().split(/[-_]/)[0];
      if (code === language && voice.localService !== false) return voice;
    }
    return null;
  }

  // The visible lines of the parts, each ended by a full stop unless it has its own
  // punctuation, so that the voice pauses between a name, an address and a paragraph.
  function textOf(name) {
    var lines = [];
    document.querySelectorAll('[data-listen-part="' + name + '"]').forEach(function (part) {
      (part.innerText || part.textContent).split(/\n+/).forEach(function (line) {
        line = line.replace(/\s+/g, " ").trim();
        if (line) lines.push(/[.!?:;…]$/.test(line) ? line : line + ".");
      });
    });
    return lines.join(" ");
  }

  function show(button, listening) {
    button.textContent = listening ? button.dataset.stopLabel : button.dataset.listenLabel;
    button.setAttribute("aria-label", listening ? button.dataset.stopName : button.dataset.listenName);
    button.classList.toggle("listening", listening);
  }

  function stop() {
    if (speaking) show(speaking, false);
    speaking = null;
    synth.cancel();
  }

  function read(button) {
    var voice = localVoice();
    var text = textOf(button.dataset.listen);
    if (!voice || !text) return;
    stop();
    var utterance = new window.SpeechSynthesisUtterance(text);
    utterance.lang = document.documentElement.lang;
    utterance.voice = voice;
    utterance.onend = utterance.onerror = function () {
      if (speaking === button) { show(button, false); speaking = null; }
    };
    speaking = button;
    show(button, true);
    synth.speak(utterance);
  }

  function offer() {
    var available = Boolean(localVoice());
    document.querySelectorAll("button[data-listen]").forEach(function (button) {
      button.hidden = !available;
    });
  }

  if (!synth || !window.SpeechSynthesisUtterance || !language) return;
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("button[data-listen]").forEach(function (button) {
      button.addEventListener("click", function () {
        if (speaking === button) stop();
        else read(button);
      });
    });
    offer();
    if (synth.addEventListener) synth.addEventListener("voiceschanged", offer);
    else synth.onvoiceschanged = offer;
  });
  window.addEventListener("pagehide", function () { if (speaking) stop(); });
})();
