/* Admin, a place's hours: "Copy to Monday–Friday" as a button that adds the rows at once.

   Without this script each slot has a checkbox, and the server makes the copies on save
   (directory/admin/places.py). With it, the checkbox becomes a button that adds a row
   for each weekday that lacks the slot, through the admin's own "add another" link, so
   the coordinator sees the week before saving it. */
(function () {
  "use strict";

  function rowsOf(group) {
    return Array.prototype.filter.call(group.querySelectorAll("tr.form-row"), function (row) {
      var remove = row.querySelector("input[name$='-DELETE']");
      return !row.classList.contains("empty-form") && !(remove && remove.checked);
    });
  }

  // "9:00", "9h" and "09.00" are the same time as "09:00".
  function clock(text) {
    var match = /^(\d{1,2})\s*[:h.]?\s*(\d{2})?$/.exec(text.trim());
    if (!match) return text.trim();
    return ("0" + match[1]).slice(-2) + ":" + (match[2] || "00");
  }

  function slotOf(row) {
    function value(suffix) {
      var field = row.querySelector("[name$='-" + suffix + "']");
      return field ? field.value.trim() : "";
    }
    return { day: value("weekday"), opens: value("opens_at"), closes: value("closes_at") };
  }

  function fill(row, day, slot) {
    row.querySelector("[name$='-weekday']").value = String(day);
    row.querySelector("[name$='-opens_at']").value = slot.opens;
    row.querySelector("[name$='-closes_at']").value = slot.closes;
  }

  function copy(button) {
    var box = button.previousElementSibling;
    var status = button.nextElementSibling;
    var row = button.closest("tr");
    var group = button.closest(".inline-group");
    var slot = slotOf(row);
    if (slot.day === "" || !slot.opens || !slot.closes) {
      status.textContent = box.dataset.copyIncomplete;
      return;
    }
    var present = {};
    rowsOf(group).forEach(function (other) {
      var s = slotOf(other);
      if (clock(s.opens) === clock(slot.opens) && clock(s.closes) === clock(slot.closes)) {
        present[s.day] = true;
      }
    });
    var added = 0;
    for (var day = 0; day < 5; day++) {
      if (present[String(day)]) continue;
      // An empty extra row is used before a new one is added.
      var blank = rowsOf(group).filter(function (other) {
        var s = slotOf(other);
        return other !== row && s.day === "" && !s.opens && !s.closes;
      })[0];
      if (!blank) {
        var add = group.querySelector(".add-row a");
        if (!add) break; // the most rows the form takes
        add.click();
        blank = group.querySelector("tr.empty-form").previousElementSibling;
      }
      fill(blank, day, slot);
      added++;
    }
    status.textContent = added ? box.dataset.copyDone : box.dataset.copyNothing;
  }

  function enhance(box) {
    if (box.dataset.enhanced) return;
    box.dataset.enhanced = "1";
    box.hidden = true;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button hours-copy-button";
    button.textContent = box.dataset.copyLabel;
    var status = document.createElement("span");
    status.className = "hours-copy-status";
    status.setAttribute("role", "status");
    box.after(button, status);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest(".hours-copy-button");
    if (button) copy(button);
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input.hours-copy").forEach(enhance);
  });
})();
