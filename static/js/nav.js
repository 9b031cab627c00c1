// On a phone the main navigation folds behind a "Menü" button, so that a page's content starts on the first
// screen. Without JavaScript the button stays hidden and the whole list shows, wrapped.
(function () {
  "use strict";
  const nav = document.querySelector(".site-nav");
  const toggle = nav && nav.querySelector(".site-nav__toggle");
  if (!toggle) {
    return;
  }
  nav.classList.add("site-nav--foldable");
  toggle.hidden = false;
  toggle.addEventListener("click", function () {
    const open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    nav.classList.toggle("site-nav--open", open);
  });
})();
