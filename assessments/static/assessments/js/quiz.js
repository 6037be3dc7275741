/* Progressive enhancement for quiz attempts: autosave each question, flags for review and the
   navigator's states kept live, and a countdown that warns 5 and 1 minutes before the end.
   Without this file the quiz still works: answers are saved on every page change and the
   flag buttons post the page form. */
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
    up: form.getAttribute("data-time-up"),
    flagOn: form.getAttribute("data-flag-on"),
    flagOff: form.getAttribute("data-flag-off"),
    answered: form.getAttribute("data-state-answered"),
    unanswered: form.getAttribute("data-state-unanswered"),
    flagged: form.getAttribute("data-state-flagged")
  };
  var flagUrl = form.getAttribute("data-flag");

  function csrf() {
    return form.querySelector("[name=csrfmiddlewaretoken]").value;
  }

  // Answered as the server counts it: some option picked or some text, rank or partner given.
  function isAnswered(fieldset) {
    var fields = fieldset.querySelectorAll("input:not([type=hidden]), select, textarea");
    for (var i = 0; i < fields.length; i++) {
      var el = fields[i];
      if (el.type === "radio" || el.type === "checkbox") { if (el.checked) return true; }
      else if (el.value.trim() !== "") return true;
    }
    return false;
  }

  // The navigator entry of question `position`: its classes and the words a screen reader hears.
  function showState(position, changes) {
    var entry = document.querySelector("[data-nav='" + position + "']");
    if (!entry) return;
    if ("answered" in changes) entry.classList.toggle("is-answered", changes.answered);
    if ("flagged" in changes) entry.classList.toggle("is-flagged", changes.flagged);
    var label = entry.getAttribute("data-nav-label") + ", " +
      (entry.classList.contains("is-answered") ? words.answered : words.unanswered);
    if (entry.classList.contains("is-flagged")) label += ", " + words.flagged;
    entry.setAttribute("aria-label", label);
  }
  var timers = {};

  function save(fieldset) {
    var position = fieldset.getAttribute("data-position");
    var seqInput = fieldset.querySelector("[data-seq]");
    var status = fieldset.querySelector("[data-status]");
    var data = new FormData();
    data.append("csrfmiddlewaretoken", csrf());
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
        if (code === 200) {
          status.textContent = words.saved;
          showState(position, { answered: isAnswered(fieldset) });
          return;
        }
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

  // Flag for review without reloading the page (the button posts the form without JS).
  form.querySelectorAll("[data-flag-toggle]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      event.preventDefault();
      var fieldset = button.closest("fieldset[data-position]");
      var position = fieldset.getAttribute("data-position");
      var status = fieldset.querySelector("[data-status]");
      var wanted = button.getAttribute("aria-pressed") !== "true";
      var data = new FormData();
      data.append("csrfmiddlewaretoken", csrf());
      data.append("position", position);
      data.append("flagged", wanted ? "1" : "0");
      fetch(flagUrl, { method: "POST", body: data, credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
        .then(function (response) { return response.json().then(function (body) { return [response.status, body]; }); })
        .then(function (result) {
          var code = result[0], body = result[1];
          if (code !== 200) {
            status.textContent = body.error || words.failed;
            if (body.closed) { window.location.reload(); }
            return;
          }
          button.setAttribute("aria-pressed", body.flagged ? "true" : "false");
          button.value = position + ":" + (body.flagged ? "0" : "1");
          status.textContent = body.flagged ? words.flagOn : words.flagOff;
          showState(position, { flagged: body.flagged });
        })
        .catch(function () { status.textContent = words.failed; });
    });
  });

  var countdown = document.querySelector("[data-countdown]");
  if (countdown) {
    var text = countdown.querySelector("[data-countdown-text]");
    var warning = countdown.querySelector("[data-countdown-warning]");
    var end = Date.now() + parseInt(countdown.getAttribute("data-countdown"), 10) * 1000;
    // Each warning is said once per attempt, also when it came due while changing page.
    var said = "puente-warned-" + countdown.getAttribute("data-attempt") + "-";
    var warn = function (left) {
      [60, 300].forEach(function (threshold) {
        if (left > threshold || warning.getAttribute("data-said") === String(threshold)) return;
        if (threshold === 300 && left <= 60) return; // the one-minute warning says it all
        var key = said + threshold, seen = false;
        try { seen = window.sessionStorage.getItem(key) === "1"; window.sessionStorage.setItem(key, "1"); } catch (e) { /* private mode */ }
        countdown.classList.add("countdown--urgent");
        warning.setAttribute("data-said", String(threshold));
        if (!seen) warning.textContent = countdown.getAttribute("data-warn-" + threshold);
      });
    };
    var tick = function () {
      var left = Math.max(0, Math.round((end - Date.now()) / 1000));
      var minutes = Math.floor(left / 60), seconds = left % 60;
      text.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
      warn(left);
      if (left === 0) { text.textContent = words.up; form.requestSubmit ? form.requestSubmit() : form.submit(); return; }
      setTimeout(tick, 1000);
    };
    tick();
  }
})();
