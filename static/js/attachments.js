// Attachments (portal/attachments): send the chosen file with XMLHttpRequest and a progress bar, and
// make a big photo (a phone camera's 4 MB picture of a paper page) smaller in the browser first, so it
// crosses a slow mountain link in seconds. Without this script the form is an ordinary POST.
(function () {
  "use strict";
  if (window.portalAttachments) return; // included once per form
  window.portalAttachments = true;

  var MAX_SIDE = 2000; // pixels on the long side: a page stays readable
  var MAX_BYTES = 1.5 * 1024 * 1024; // photos above this are re-encoded even when small enough in pixels
  var QUALITY = 0.82;

  // The decoded photo, upright as the camera meant it. createImageBitmap reads the file directly; older
  // browsers get a data: URL (the CSP allows data: images, not blob: ones).
  function loadImage(file) {
    if (window.createImageBitmap) {
      return createImageBitmap(file, { imageOrientation: "from-image" });
    }
    return new Promise(function (resolve, reject) {
      var reader = new FileReader();
      reader.onload = function () {
        var img = new Image();
        img.onload = function () { resolve(img); };
        img.onerror = reject;
        img.src = reader.result;
      };
      reader.onerror = reject;
      reader.readAsDataURL(file);
    });
  }

  // A smaller JPEG of a JPEG/PNG photo, or the file itself when it is already small or not a photo.
  function shrink(file) {
    if (!/^image\/(jpeg|png)$/.test(file.type)) return Promise.resolve(file);
    return loadImage(file).then(function (img) {
      var width = img.naturalWidth || img.width, height = img.naturalHeight || img.height;
      var side = Math.max(width, height);
      if (side <= MAX_SIDE && file.size <= MAX_BYTES) return file;
      var scale = Math.min(1, MAX_SIDE / side);
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(width * scale);
      canvas.height = Math.round(height * scale);
      var ctx = canvas.getContext("2d");
      ctx.fillStyle = "#fff"; // a transparent PNG becomes white paper, not black
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
      return new Promise(function (resolve) {
        canvas.toBlob(function (blob) {
          if (!blob || blob.size >= file.size) return resolve(file);
          var name = file.name.replace(/\.(png|jpe?g)$/i, "") + ".jpg";
          resolve(new File([blob], name, { type: "image/jpeg", lastModified: Date.now() }));
        }, "image/jpeg", QUALITY);
      });
    }).catch(function () { return file; });
  }

  function send(form, file) {
    var bar = form.querySelector("[data-attachment-progress]");
    var inner = bar.querySelector(".progress-bar");
    var status = form.querySelector("[data-attachment-status]");
    var errors = form.querySelector("[data-attachment-errors]");
    var button = form.querySelector("button[type=submit]");
    var input = form.querySelector("input[type=file]");
    function progress(pct) {
      bar.setAttribute("aria-valuenow", String(pct));
      inner.style.width = pct + "%";
      inner.textContent = pct + "%";
    }
    function fail(messages) {
      button.disabled = false;
      bar.classList.add("d-none");
      status.textContent = "";
      errors.textContent = "";
      messages.forEach(function (text, i) {
        if (i) errors.appendChild(document.createElement("br"));
        errors.appendChild(document.createTextNode(text));
      });
      input.classList.add("is-invalid");
    }
    // Refused here rather than after minutes on a slow link; the server checks again anyway.
    if (file.size > Number(form.getAttribute("data-max-bytes"))) return fail([form.getAttribute("data-too-big")]);
    var data = new FormData(form);
    data.set(input.name, file, file.name);
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
    xhr.responseType = "json";
    xhr.upload.addEventListener("progress", function (event) {
      if (event.lengthComputable) progress(Math.round((event.loaded / event.total) * 100));
    });
    xhr.addEventListener("load", function () {
      var body = xhr.response || {};
      if (xhr.status === 200 && body.url) {
        progress(100);
        window.location.assign(body.url);
      } else {
        fail(body.errors && body.errors.length ? body.errors : [form.getAttribute("data-failed")]);
      }
    });
    xhr.addEventListener("error", function () { fail([form.getAttribute("data-failed")]); });
    errors.textContent = "";
    input.classList.remove("is-invalid");
    status.textContent = form.getAttribute("data-sending") + " " + file.name;
    bar.classList.remove("d-none");
    progress(0);
    xhr.send(data);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.matches("form[data-confirm]")) {
      if (!window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
      return;
    }
    if (!form.matches("form[data-attachment-form]") || !window.FormData || !window.XMLHttpRequest) return;
    var input = form.querySelector("input[type=file]");
    var file = input.files && input.files[0];
    if (!file) return; // the server says "choose a file"
    event.preventDefault();
    form.querySelector("button[type=submit]").disabled = true;
    form.querySelector("[data-attachment-status]").textContent = form.getAttribute("data-shrinking");
    shrink(file).then(function (ready) { send(form, ready); });
  });
})();
