// "Add a row" for a Django formset table: clones the <template data-empty-row> (the formset's
// empty_form, __prefix__ in its names) and bumps TOTAL_FORMS. Without JavaScript the extra empty
// rows the server adds still work; blank rows are ignored when saved.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-add-row]");
  if (!button) return;
  const prefix = button.dataset.addRow;
  const total = document.getElementById(`id_${prefix}-TOTAL_FORMS`);
  const template = document.querySelector(`template[data-empty-row="${prefix}"]`);
  const body = document.querySelector(`[data-rows="${prefix}"]`);
  if (!total || !template || !body) return;
  const index = Number(total.value);
  const html = template.innerHTML.replaceAll("__prefix__", String(index)).replaceAll("__number__", String(index + 1));
  body.insertAdjacentHTML("beforeend", html);
  total.value = String(index + 1);
  const first = body.lastElementChild && body.lastElementChild.querySelector("input, select");
  if (first) first.focus();
});
