/* The « Quitter ce site » button of pages about violence: it leaves for a neutral site,
   replacing this page in the history so that "back" does not return to it, and blanks the
   page at once. Escape pressed three times within two seconds does the same, as on GOV.UK.
   Without this file the button is a plain link to the neutral site. */
(function () {
  "use strict";

  var PRESSES = 3;
  var WITHIN_MS = 2000;

  function leave(url) {
    // The neutral site is not told where the visitor came from.
    var policy = document.createElement("meta");
    policy.name = "referrer";
    policy.content = "no-referrer";
    document.head.appendChild(policy);
    document.body.classList.add("quick-exit-leaving");
    window.location.replace(url);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector(".quick-exit-button");
    if (!button) return;
    button.addEventListener("click", function (event) {
      event.preventDefault();
      leave(button.href);
    });
    var presses = [];
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      var now = Date.now();
      presses = presses.filter(function (time) { return now - time < WITHIN_MS; });
      presses.push(now);
      if (presses.length >= PRESSES) leave(button.href);
    });
  });
})();
