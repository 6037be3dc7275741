/* Progressive enhancement for quiz attempts: autosave each question, and a countdown.
   Without this file the quiz still works: answers are saved on every page change. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.FormData) return;
  var url = form.getAttribute("data-autosave");
  // The page gives the words in its own language (attempt.html), so none is written here.
  var words = {
    saving: form.getAttribute("data-saving"),
    saved: form.getAttribute("data-saved"),
    failed: form.getAttribute("data-failed"),
    up: form.getAttribute("data-time-up")
  };
  var timers = {};

  function save(fieldset) {
    var position = fieldset.getAttribute("data-position");
    var seqInput = fieldset.querySelector("[data-seq]");
    var status = fieldset.querySelector("[data-status]");
    var data = new FormData();
    data.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
    data.append("position", position);
    data.append("seq", seqInput.value);
    fieldset.querySelectorAll("input, select, textarea").forEach(function (el) {
      if (!el.name || el === seqInput) return;
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) return;
      data.append(el.name, el.value);
    });
    var sent = parseInt(seqInput.value, 10);
    seqInput.value = String(sent + 1); // the next save (or the page form) must be newer
    status.textContent = words.saving;
    fetch(url, { method: "POST", body: data, credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.json().then(function (body) { return [response.status, body]; }); })
      .then(function (result) {
        var code = result[0], body = result[1];
        if (code === 200) { status.textContent = words.saved; return; }
        if (code === 409 && body.sequence !== undefined && !body.closed) {
          seqInput.value = String(Math.max(parseInt(seqInput.value, 10), body.sequence + 1));
        }
        status.textContent = body.error || words.failed;
        if (body.closed) { window.location.reload(); }
      })
      .catch(function () { status.textContent = words.failed; });
  }

  form.querySelectorAll("fieldset[data-position]").forEach(function (fieldset) {
    var handler = function () {
      var position = fieldset.getAttribute("data-position");
      clearTimeout(timers[position]);
      timers[position] = setTimeout(function () { save(fieldset); }, 600);
    };
    fieldset.addEventListener("change", handler);
    fieldset.addEventListener("input", handler);
  });

  var countdown = document.querySelector("[data-countdown]");
  if (countdown) {
    var text = countdown.querySelector("[data-countdown-text]");
    var end = Date.now() + parseInt(countdown.getAttribute("data-countdown"), 10) * 1000;
    var tick = function () {
      var left = Math.max(0, Math.round((end - Date.now()) / 1000));
      var minutes = Math.floor(left / 60), seconds = left % 60;
      text.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
      if (left === 0) { text.textContent = words.up; form.requestSubmit ? form.requestSubmit() : form.submit(); return; }
      setTimeout(tick, 1000);
    };
    tick();
  }
})();
