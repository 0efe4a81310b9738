/* Progressive enhancement of a service page: "copy the link" and "print" buttons, and
   today's opening hours marked by the reader's own clock (a page kept offline or cached
   stays right the next day). The page works without this file. */
(function () {
  "use strict";

  function initCopyLink() {
    var button = document.querySelector(".copy-link");
    if (!button || !navigator.clipboard) return;
    var status = button.parentNode.querySelector(".copy-status");
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.dataset.url).then(function () {
        if (status) status.textContent = button.dataset.copied;
      });
    });
  }

  function initPrint() {
    var button = document.querySelector(".print-page");
    if (!button || typeof window.print !== "function") return;
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  }

  function markToday() {
    var today = String((new Date().getDay() + 6) % 7); // Monday is 0, as on the server
    document.querySelectorAll(".hours tr[data-weekday]").forEach(function (row) {
      var isToday = row.dataset.weekday === today;
      row.classList.toggle("today", isToday);
      if (isToday) row.setAttribute("aria-current", "date");
      else row.removeAttribute("aria-current");
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    initCopyLink();
    initPrint();
    markToday();
  });
})();
