/* Fallakte documents: drag and drop onto the upload form, the chosen files listed with a
   warning for files over the limit. Without this script
   the plain multiple file input and the forms work the same. No inline scripts (CSP). */
(function () {
  "use strict";

  function formatSize(bytes) {
    if (bytes < 1024) { return bytes + " Byte"; }
    if (bytes < 1024 * 1024) { return (bytes / 1024).toFixed(1).replace(".", ",") + " KB"; }
    return (bytes / 1024 / 1024).toFixed(1).replace(".", ",") + " MB";
  }

  function listFiles(form, input) {
    var list = form.querySelector("[data-file-list]");
    var limit = parseInt(form.getAttribute("data-max-bytes"), 10);
    var tooLarge = form.getAttribute("data-too-large");
    list.textContent = "";
    Array.prototype.forEach.call(input.files, function (file) {
      var item = document.createElement("li");
      if (limit && file.size > limit) {
        item.className = "text-danger";
        item.textContent = tooLarge.replace("{name}", file.name);
      } else {
        item.textContent = file.name + " (" + formatSize(file.size) + ")";
      }
      list.appendChild(item);
    });
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
