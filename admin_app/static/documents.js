/* Fallakte documents: drag and drop onto the upload form, the chosen files listed with a
   warning for files over the limit and, where the record takes several kinds, a kind select
   per file, preselected from the file name as models/documents/file_kinds.py does (the page
   passes its keywords); posted as one "kind" per file in the order of the files. Without this
   script the plain multiple file input with one kind for all files works the same. No inline
   scripts (CSP). */
(function () {
  "use strict";

  function formatSize(bytes) {
    if (bytes < 1024) { return bytes + " Byte"; }
    if (bytes < 1024 * 1024) { return (bytes / 1024).toFixed(1).replace(".", ",") + " KB"; }
    return (bytes / 1024 / 1024).toFixed(1).replace(".", ",") + " MB";
  }

  // The same folding as models.core.text.fold: lower case, no diacritics, ae/oe/ue as a/o/u.
  var SPECIAL = {"ß": "ss", "ø": "o", "đ": "d", "ł": "l", "æ": "ae", "œ": "oe", "ı": "i"};
  function fold(text) {
    var lowered = text.trim().toLowerCase().replace(/[ßøđłæœı]/g, function (ch) {
      return SPECIAL[ch];
    });
    return lowered.normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .replace(/([aou])e/g, "$1");
  }

  // The one kind whose keywords the name holds (file_kinds.kind_from_keywords), else null.
  function suggestKind(form, name) {
    var keywords = JSON.parse(form.getAttribute("data-kind-words") || "[]");
    var prefix = parseInt(form.getAttribute("data-kind-prefix"), 10);
    var found = {};
    fold(name).split(/[^a-z0-9]+/).forEach(function (word) {
      if (!word) { return; }
      keywords.forEach(function (pair) {
        if (word === pair[0] || (pair[0].length >= prefix && word.indexOf(pair[0]) === 0)) {
          found[pair[1]] = true;
        }
      });
    });
    var kinds = Object.keys(found);
    return kinds.length === 1 ? kinds[0] : null;
  }

  function kindSelect(form, general, file, index) {
    var wrapper = document.createElement("div");
    var select = general.cloneNode(true);
    var label = document.createElement("label");
    select.id = general.id + "-" + index;
    select.disabled = false;
    select.removeAttribute("data-kind-default");
    select.removeAttribute("aria-describedby");
    select.classList.remove("is-invalid");
    select.classList.add("form-control-sm");
    select.value = suggestKind(form, file.name) || general.value;
    label.htmlFor = select.id;
    label.className = "mb-0";
    label.textContent = form.getAttribute("data-kind-label").replace("{name}", file.name);
    wrapper.className = "form-group mb-2";
    wrapper.appendChild(label);
    wrapper.appendChild(select);
    return wrapper;
  }

  function listFiles(form, input) {
    var list = form.querySelector("[data-file-list]");
    var limit = parseInt(form.getAttribute("data-max-bytes"), 10);
    var tooLarge = form.getAttribute("data-too-large");
    var general = form.hasAttribute("data-kind-words") &&
      form.querySelector("select[data-kind-default]");
    var group = form.querySelector("[data-kind-group]");
    list.textContent = "";
    Array.prototype.forEach.call(input.files, function (file, index) {
      var item = document.createElement("li");
      var text = document.createElement("span");
      if (limit && file.size > limit) {
        text.className = "text-danger";
        text.textContent = tooLarge.replace("{name}", file.name);
      } else {
        text.textContent = file.name + " (" + formatSize(file.size) + ")";
      }
      item.appendChild(text);
      if (general) { item.appendChild(kindSelect(form, general, file, index)); }
      list.appendChild(item);
    });
    if (general) {
      // One select per file replaces the one for all: only the per-file ones are posted.
      var perFile = input.files.length > 0;
      general.disabled = perFile;
      if (group) { group.hidden = perFile; }
    }
  }

  function enableDrop(form) {
    var zone = form.querySelector("[data-drop-zone]");
    var input = form.querySelector("input[type=file]");
    if (!zone || !input) { return; }
    zone.classList.add("drop-enabled");
    var hint = zone.querySelector(".drop-hint");
    if (hint) { hint.hidden = false; }
    input.addEventListener("change", function () { listFiles(form, input); });
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) {
        event.preventDefault();
        zone.classList.add("drop-active");
      });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function (event) {
        event.preventDefault();
        zone.classList.remove("drop-active");
      });
    });
    zone.addEventListener("drop", function (event) {
      if (!event.dataTransfer || !event.dataTransfer.files.length) { return; }
      input.files = event.dataTransfer.files;
      listFiles(form, input);
      input.focus();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-documents-upload]").forEach(enableDrop);
  });
}());
