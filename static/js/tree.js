// The union tree: a toggle button opens and closes the list it controls (htmx loads it the first time).
// Buttons rather than <details>/<summary>, so that the unit's link is not nested inside another control.
document.addEventListener("click", (event) => {
  const toggle = event.target.closest(".tree-toggle");
  if (!toggle) return;
  const open = toggle.getAttribute("aria-expanded") !== "true";
  toggle.setAttribute("aria-expanded", String(open));
  document.getElementById(toggle.getAttribute("aria-controls")).hidden = !open;
});
