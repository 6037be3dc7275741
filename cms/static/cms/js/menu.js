/* At phone width the main menu folds behind a "Menu" button (a disclosure: aria-expanded,
   Escape closes it and returns focus). Without this file, or on wider screens, the menu is
   always shown. */
(function () {
  "use strict";
  var toggle = document.querySelector(".menu-toggle");
  var nav = document.getElementById("site-nav");
  if (!toggle || !nav || !window.matchMedia) return;
  var narrow = window.matchMedia("(max-width: 47.99rem)");

  function expanded() {
    return toggle.getAttribute("aria-expanded") === "true";
  }

  function apply() {
    toggle.hidden = !narrow.matches;
    nav.hidden = narrow.matches && !expanded();
  }

  toggle.addEventListener("click", function () {
    toggle.setAttribute("aria-expanded", String(!expanded()));
    apply();
  });
  nav.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !narrow.matches) return;
    toggle.setAttribute("aria-expanded", "false");
    apply();
    toggle.focus();
  });
  if (narrow.addEventListener) narrow.addEventListener("change", apply);
  apply();
})();
