/* The evaluator's checklist on the shop floor: save a card without reloading, and keep what
   was recorded while the connection is down.

   Each card's form still works without this script (it posts and the page reloads). Here a
   card posts the same fields with "Accept: application/json": the answer carries the card,
   the verdict and the element steps as they now read, put in place of the old ones, and the
   card's status line says it was saved. When the network is unreachable the record (fields and photo) goes to an
   outbox in IndexedDB on this device, listed above the checklist, and is sent in order when
   the connection returns or the page is opened again. The words come from the page. */
(function () {
  "use strict";
  var checklist = document.querySelector("[data-checklist]");
  var outbox = document.querySelector("[data-outbox]");
  if (!checklist || !outbox || !window.fetch || !window.FormData) return;

  var words = {
    saving: checklist.getAttribute("data-saving"),
    queued: checklist.getAttribute("data-queued"),
    failed: checklist.getAttribute("data-failed"),
    pendingOne: outbox.getAttribute("data-pending-one"),
    pendingMany: outbox.getAttribute("data-pending-many"),
    sending: outbox.getAttribute("data-sending"),
    allSent: outbox.getAttribute("data-all-sent"),
    refused: outbox.getAttribute("data-refused")
  };
  var PLACE_KEY = "puente.evaluation.place";
  var STORE = "outbox";
  var database = null;
  var flushing = false;

  function open() {
    if (database) return Promise.resolve(database);
    return new Promise(function (resolve, reject) {
      var request = window.indexedDB.open("puente-evaluation", 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, { keyPath: "id", autoIncrement: true });
      };
      request.onsuccess = function () { database = request.result; resolve(database); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function transact(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var result = work(tx.objectStore(STORE));
        tx.oncomplete = function () { resolve(result && result.result); };
        tx.onerror = function () { reject(tx.error); };
      });
    });
  }

  function queued() { return transact("readonly", function (store) { return store.getAll(); }); }

  /* A record as IndexedDB keeps it: the fields as pairs, the photo as a Blob. */
  function entryOf(form) {
    var fields = [];
    var photo = null;
    new FormData(form).forEach(function (value, name) {
      if (value instanceof Blob) {
        if (value.size) photo = { name: name, blob: value, filename: value.name || "photo" };
      } else {
        fields.push([name, value]);
      }
    });
    return { url: form.action || window.location.href, code: form.getAttribute("data-evidence"),
             fields: fields, photo: photo, at: Date.now() };
  }

  function bodyOf(entry) {
    var body = new FormData();
    entry.fields.forEach(function (pair) { body.append(pair[0], pair[1]); });
    if (entry.photo) body.append(entry.photo.name, entry.photo.blob, entry.photo.filename);
    return body;
  }

  /* Resolves with the server's answer; rejects only when the network could not be reached. */
  function send(entry) {
    return fetch(entry.url, {
      method: "POST", body: bodyOf(entry), credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      return response.json().catch(function () {
        return { saved: false, message: response.status + " " + response.statusText };
      });
    });
  }

  function describe(answer) {
    return [answer.message].concat(answer.errors || []).filter(Boolean).join(" ");
  }

  function statusOf(form) {
    return form.closest(".criterion").querySelector("[data-card-status]");
  }

  function errorOf(form) {
    return form.closest(".criterion").querySelector("[data-card-error]");
  }

  /* A part of the page as the server renders it now, in place of the old one. */
  function replace(old, html) {
    if (!old || !html) return old;
    var holder = document.createElement("div");
    holder.innerHTML = html.trim();
    var fresh = holder.firstElementChild;
    old.replaceWith(fresh);
    return fresh;
  }

  /* After a save: the verdict (what the evidence now supports) and the recorded counts. */
  function refresh(answer) {
    replace(document.querySelector("[data-evaluation-status]"), answer.status);
    replace(document.querySelector("[data-element-steps]"), answer.steps);
  }

  function showPending() {
    return queued().then(function (entries) {
      var text = outbox.querySelector("[data-outbox-text]");
      var list = outbox.querySelector("[data-outbox-list]");
      list.textContent = "";
      entries.forEach(function (entry) {
        var item = document.createElement("li");
        item.textContent = entry.code + (entry.refusal ? " — " + words.refused + " " + entry.refusal : "");
        list.appendChild(item);
      });
      var waiting = entries.filter(function (entry) { return !entry.refusal; }).length;
      if (entries.length) {
        text.textContent = waiting === 1 ? words.pendingOne
          : words.pendingMany.replace("{count}", String(waiting));
        outbox.hidden = false;
      } else if (!outbox.hidden) {
        text.textContent = words.allSent;
      }
    });
  }

  function flush() {
    if (flushing || !navigator.onLine) return Promise.resolve();
    flushing = true;
    return queued().then(function (entries) {
      entries = entries.filter(function (entry) { return !entry.refusal; });
      if (entries.length) outbox.querySelector("[data-outbox-text]").textContent = words.sending;
      return entries.reduce(function (chain, entry) {
        return chain.then(function () {
          return send(entry).then(function (answer) {
            if (answer.saved) {
              refresh(answer);
              return transact("readwrite", function (store) { return store.delete(entry.id); });
            }
            entry.refusal = describe(answer);  // kept and shown: the evaluator decides
            return transact("readwrite", function (store) { return store.put(entry); });
          });
        });
      }, Promise.resolve());
    }).catch(function () { /* still offline: try again when the connection returns */ })
      .then(function () { flushing = false; return showPending(); });
  }

  function submit(event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-evidence]")) return;
    event.preventDefault();
    var status = statusOf(form);
    var error = errorOf(form);
    var button = form.querySelector("button[type=submit]");
    var entry = entryOf(form);
    status.textContent = words.saving;
    error.textContent = "";
    button.disabled = true;
    function keep() {
      return transact("readwrite", function (store) { return store.add(entry); }).then(function () {
        status.textContent = words.queued;
        form.closest("details").open = false;
        return showPending();
      });
    }
    var attempt = navigator.onLine ? send(entry).then(function (answer) {
      if (answer.saved && answer.card) {
        var fresh = replace(form.closest(".criterion"), answer.card);
        fresh.querySelector("[data-card-status]").textContent = answer.message;
        refresh(answer);
      } else {  // refused: what was typed stays in the form, the reason beside it
        status.textContent = "";
        error.textContent = words.failed + " " + describe(answer);
      }
    }, keep) : keep();
    attempt.then(function () { button.disabled = false; }, function () { button.disabled = false; });
  }

  /* The place is the same for a whole visit: remember it on this device, fill the cards. */
  function rememberPlace(event) {
    var field = event.target;
    if (!/-place$/.test(field.name || "")) return;
    try { window.localStorage.setItem(PLACE_KEY, field.value); } catch (error) { /* private mode */ }
    checklist.querySelectorAll("input[name$='-place']").forEach(function (other) {
      if (other !== field && !other.value) other.value = field.value;
    });
  }

  var place = null;
  try { place = window.localStorage.getItem(PLACE_KEY); } catch (error) { /* private mode */ }
  if (place) {
    checklist.querySelectorAll("input[name$='-place']").forEach(function (field) {
      if (!field.value) field.value = place;
    });
  }
  checklist.addEventListener("submit", submit);
  checklist.addEventListener("change", rememberPlace);
  window.addEventListener("online", flush);
  showPending().then(flush);
})();
