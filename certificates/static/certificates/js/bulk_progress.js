// Polls the bulk issuance status and updates the progress bar; reloads when it is finished.
(function () {
  "use strict";
  const box = document.querySelector("[data-bulk-progress]");
  if (!box || box.dataset.running !== "1") return;
  const bar = box.querySelector("[data-bulk-bar]");
  const count = box.querySelector("[data-bulk-count]");
  const label = box.querySelector("[data-bulk-label]");
  async function poll() {
    try {
      const response = await fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" } });
      const data = await response.json();
      bar.value = data.percent;
      bar.textContent = data.percent + "%";
      count.textContent = data.processed + "/" + data.total;
      label.textContent = data.status_label;
      if (data.status === "done" || data.status === "failed") {
        window.location.reload();
        return;
      }
    } catch (error) {
      // Network hiccup: try again on the next tick.
    }
    window.setTimeout(poll, 1500);
  }
  window.setTimeout(poll, 1000);
})();
