/* Progressive enhancement for module pages: a private reflection typed but not saved is sent
   with "Mark this module as done" and saved first (courses.views.module_complete), so that
   click never loses it; leaving the page otherwise with unsaved text asks first. */
(function () {
  "use strict";
  var boxes = Array.prototype.slice.call(document.querySelectorAll("textarea[data-reflection]"));
  if (!boxes.length) return;
  var submitting = false;

  function unsaved() {
    return boxes.filter(function (box) { return box.value !== box.defaultValue; });
  }

  document.addEventListener("submit", function (event) {
    submitting = true;
    var form = event.target;
    if (!form.hasAttribute("data-module-complete")) return;
    unsaved().forEach(function (box) {
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = "reflection:" + box.getAttribute("data-reflection");
      input.value = box.value;
      form.appendChild(input);
    });
  });

  window.addEventListener("beforeunload", function (event) {
    if (submitting || !unsaved().length) return;
    event.preventDefault();
    event.returnValue = "";
  });
})();
