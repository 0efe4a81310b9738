/* Alerts fold away: an alert a resident folded stays folded on the pages that follow
   (for this browser session). The page works without this file: alerts fold, unremembered. */
(function () {
  "use strict";

  var KEY = "quartier-folded-alerts";

  function folded() {
    try {
      return JSON.parse(window.sessionStorage.getItem(KEY)) || [];
    } catch (error) {
      return [];
    }
  }

  function remember(list) {
    try {
      window.sessionStorage.setItem(KEY, JSON.stringify(list));
    } catch (error) { /* private mode: folding still works on this page */ }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("details.alert[data-alert]").forEach(function (alert) {
      var id = alert.dataset.alert;
      if (folded().indexOf(id) !== -1) alert.open = false;
      alert.addEventListener("toggle", function () {
        var list = folded().filter(function (other) { return other !== id; });
        if (!alert.open) list.push(id);
        remember(list);
      });
    });
  });
})();
