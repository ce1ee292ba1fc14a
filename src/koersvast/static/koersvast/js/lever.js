/* The lever form shows only the fields of the chosen kind of lever.
 *
 * Every field is in the page, those of other kinds hidden; choosing another kind shows its
 * fields at once. Without JavaScript the button "Velden voor deze soort tonen" reloads the page
 * for the chosen kind, so the form works either way.
 */
(function () {
  "use strict";

  var form = document.querySelector(".lever-form");
  var kind = form && form.querySelector("select[name=kind]");
  if (!kind) return;

  function show() {
    form.querySelectorAll("[data-lever-kinds]").forEach(function (field) {
      field.hidden = field.getAttribute("data-lever-kinds").split(" ").indexOf(kind.value) < 0;
    });
  }

  form.querySelector(".lever-form__show").hidden = true;
  kind.addEventListener("change", show);
  show();
})();
