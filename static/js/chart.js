import { fetchResults } from "./results.js";

// Body chart: toggle regions by click, tap or keyboard; keep the form's list, the
// selection panel and the picture in step. The form works without this script.
const form = document.querySelector(".chart-form");
const config = JSON.parse(document.getElementById("chart-config").textContent);
const panel = document.getElementById("selected-marks");
const emptyNote = document.getElementById("selection-empty");
const count = document.getElementById("selection-count");
const hover = document.getElementById("region-hover");
const list = document.getElementById("region-list");

const rowOf = (slug) => form.querySelector(`li.mark[data-region="${CSS.escape(slug)}"]`);
const shapesOf = (slug) => form.querySelectorAll(`.chart--interactive .region[data-region="${CSS.escape(slug)}"]`);

function paint(slug) {
  const row = rowOf(slug);
  const checked = row.querySelector('input[type="checkbox"]').checked;
  const intensity = row.querySelector("select").value;
  for (const shape of shapesOf(slug)) {
    shape.setAttribute("aria-checked", String(checked));
    shape.classList.toggle("is-selected", checked);
    shape.setAttribute("fill", checked ? `url(#pattern-selected-${intensity})` : config.baseFill);
  }
  row.querySelector(".mark-remove").hidden = !checked;
  place(row, checked);
}

function place(row, checked) {
  if (checked && row.parentElement !== panel) {
    insertInOrder(panel, row);
  } else if (!checked && row.parentElement === panel) {
    insertInOrder(list.querySelector(`ul[data-area="${row.dataset.area}"]`), row);
  }
  const selected = panel.children.length;
  count.textContent = `(${selected})`;
  emptyNote.hidden = selected > 0;
}

function insertInOrder(container, row) {
  const position = Number(row.dataset.position);
  const after = [...container.children].find((other) => Number(other.dataset.position) > position);
  container.insertBefore(row, after ?? null);
}

function toggle(slug) {
  const box = rowOf(slug).querySelector('input[type="checkbox"]');
  box.checked = !box.checked;
  paint(slug);
}

form.addEventListener("click", (event) => {
  const shape = event.target.closest(".chart--interactive .region");
  if (shape) {
    toggle(shape.dataset.region);
    return;
  }
  const remove = event.target.closest(".mark-remove");
  if (remove) {
    const slug = remove.dataset.remove;
    toggle(slug);
    shapesOf(slug)[0]?.focus();
  }
});

form.addEventListener("keydown", (event) => {
  const shape = event.target.closest(".chart--interactive .region");
  if (shape && (event.key === " " || event.key === "Enter")) {
    event.preventDefault();
    toggle(shape.dataset.region);
  }
});

form.addEventListener("change", (event) => {
  const row = event.target.closest("li.mark");
  if (row) paint(row.dataset.region);
});

function showName(event) {
  const shape = event.target.closest?.(".chart--interactive .region");
  if (shape) hover.textContent = shape.getAttribute("aria-label");
}
form.addEventListener("pointerover", showName);
form.addEventListener("focusin", showName);

if (!panel.children.length) list.open = false;

// With this script the results appear in place, under the chart; without it the form posts.
form.addEventListener("submit", async (event) => {
  if (form.dataset.plain) return;
  event.preventDefault();
  const fresh = await fetchResults(form, event.submitter);
  if (!fresh) {
    form.dataset.plain = "1";
    form.requestSubmit(event.submitter);
    return;
  }
  const slot = document.getElementById("results-slot");
  slot.replaceChildren(fresh);
  slot.hidden = false;
  const heading = slot.querySelector("h2[tabindex]");
  heading?.focus();
  heading?.scrollIntoView({ behavior: "smooth", block: "start" });
});
