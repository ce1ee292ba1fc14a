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

/* Groups in the main menu (decision 0405): native <details> disclosures, so they open and close
 * with Enter and Space without JavaScript. Here: Escape closes an open group and returns to its
 * button (before it would close the compact menu), one group is open at a time, and a click or
 * focus outside the group closes it.
 */
(function () {
  "use strict";

  var groups = Array.prototype.slice.call(document.querySelectorAll(".main-nav details"));
  if (!groups.length) return;

  function closeAll(except) {
    groups.forEach(function (group) {
      if (group !== except) group.open = false;
    });
  }

  groups.forEach(function (group) {
    group.addEventListener("toggle", function () {
      if (group.open) closeAll(group);
    });
    group.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && group.open) {
        event.stopPropagation();
        group.open = false;
        group.querySelector("summary").focus();
      }
    });
    group.addEventListener("focusout", function (event) {
      if (group.open && event.relatedTarget && !group.contains(event.relatedTarget)) {
        group.open = false;
      }
    });
  });
  document.addEventListener("click", function (event) {
    groups.forEach(function (group) {
      if (group.open && !group.contains(event.target)) group.open = false;
    });
  });
})();
