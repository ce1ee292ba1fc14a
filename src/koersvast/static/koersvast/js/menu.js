/* The compact menu on small screens (WCAG 2.1, 1.4.10 Reflow).
 *
 * Below 48rem the account links and the main menu fold away behind a "Menu" button, a native
 * disclosure button (Enter and Space work; Escape closes the menu and returns to the button).
 * Without JavaScript the button stays hidden and the menu is a visible list.
 */
(function () {
  "use strict";

  var button = document.querySelector(".menu-toggle");
  var menu = button && document.getElementById(button.getAttribute("aria-controls"));
  if (!menu) return;

  function setOpen(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    menu.classList.toggle("site-menu--closed", !open);
  }

  button.hidden = false;
  setOpen(false);
  button.addEventListener("click", function () {
    setOpen(button.getAttribute("aria-expanded") !== "true");
  });
  menu.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true" && button.offsetParent) {
      setOpen(false);
      button.focus();
    }
  });
})();
