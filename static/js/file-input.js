// The portal's file input (portal/widgets.py): show the chosen file's name beside the "Chọn tệp…" button.
(function () {
  "use strict";
  if (window.portalFileInput) return; // the widget template may include this file more than once
  window.portalFileInput = true;
  function show(input) {
    var box = input.closest("[data-portal-file]");
    if (!box) return;
    var label = box.querySelector(".portal-file-name");
    var names = Array.prototype.map.call(input.files || [], function (f) { return f.name; });
    label.textContent = names.length ? names.join(", ") : label.getAttribute("data-empty");
    box.classList.toggle("has-file", names.length > 0);
  }
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("[data-portal-file] input[type=file]")) show(event.target);
  });
  window.portalFileInputShow = show;
})();
