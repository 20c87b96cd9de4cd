/* Fallakte: every table outside Flask-Admin's list box gets a box of its own that scrolls
   sideways (responsive.css keeps its first column in view), so that a wide table never makes
   the whole page scroll on a phone. A box that does scroll is a named, focusable region, so
   that keyboard users can scroll it too. Static file: the Content-Security-Policy forbids
   inline scripts. */
(function () {
  "use strict";

  function boxName(table) {
    var caption = table.querySelector("caption");
    if (caption && caption.textContent.trim()) { return caption.textContent.trim(); }
    var section = table.closest("section[aria-labelledby], section[aria-label]");
    if (section) {
      var label = section.getAttribute("aria-label");
      var heading = document.getElementById(section.getAttribute("aria-labelledby"));
      if (label) { return label; }
      if (heading) { return heading.textContent.trim(); }
    }
    return document.body.getAttribute("data-table-label") || "Tabelle";
  }

  function markScrolling(box) {
    var scrolls = box.scrollWidth > box.clientWidth + 1;
    if (scrolls) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", box.getAttribute("data-name"));
    } else {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
    }
  }

  function wrapTables() {
    var boxes = [];
    document.querySelectorAll("main table").forEach(function (table) {
      var parent = table.parentElement;
      if (parent.classList.contains("table-responsive") || parent.classList.contains("table-scroll")) {
        boxes.push(parent);
        return;
      }
      var box = document.createElement("div");
      box.className = "table-scroll";
      parent.insertBefore(box, table);
      box.appendChild(table);
      boxes.push(box);
    });
    boxes.forEach(function (box) {
      box.setAttribute("data-name", boxName(box.querySelector("table")));
      markScrolling(box);
    });
    window.addEventListener("resize", function () { boxes.forEach(markScrolling); });
  }

  document.addEventListener("DOMContentLoaded", wrapTables);
}());
