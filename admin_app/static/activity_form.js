// Activity form: kinds and topics follow the chosen level (003: "passen sich ... an").
// The options are grouped by level (optgroups named like the level's label); the groups of
// the other level are disabled and hidden. Without JavaScript every option stays available
// and the server checks the combination.
(function () {
  "use strict";
  var level = document.querySelector("select[name=level]");
  if (!level) { return; }
  function sync() {
    var chosen = level.options[level.selectedIndex] ? level.options[level.selectedIndex].text : "";
    ["kind", "topic"].forEach(function (name) {
      var select = document.querySelector("select[name=" + name + "]");
      if (!select) { return; }
      Array.prototype.forEach.call(select.querySelectorAll("optgroup"), function (group) {
        var own = group.label === chosen || group.label === "";
        group.disabled = !own;
        group.hidden = !own;
      });
      var current = select.options[select.selectedIndex];
      if (current && current.parentNode.disabled) {
        var first = select.querySelector("optgroup:not([disabled]) option");
        if (first) { first.selected = true; }
      }
    });
  }
  level.addEventListener("change", sync);
  if (window.jQuery) { window.jQuery(level).on("change", sync); }
  sync();
}());
