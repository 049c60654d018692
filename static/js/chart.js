import { fetchResults } from "./results.js";

// Body chart: toggle regions by tap, click or keyboard; keep the form's list, the selection
// panel and the picture in step. Without this script the picture is only a picture and the
// list of body areas does everything.
const form = document.querySelector(".chart-form");
const config = JSON.parse(document.getElementById("chart-config").textContent);
const panel = document.getElementById("selected-marks");
const emptyNote = document.getElementById("selection-empty");
const count = document.getElementById("selection-count");
const hint = document.getElementById("region-hover");
const tapLabel = document.getElementById("tap-label");
const list = document.getElementById("region-list");
const area = form.querySelector(".chart-area");
const shapes = [...form.querySelectorAll(".chart--interactive .region")];

const rowOf = (slug) => form.querySelector(`li.mark[data-region="${CSS.escape(slug)}"]`);
const shapesOf = (slug) => shapes.filter((shape) => shape.dataset.region === slug);
const nameOf = (shape) => shape.getAttribute("aria-label");
const boxOf = (slug) => rowOf(slug).querySelector('input[name="regions"]');

// The picture becomes one composite widget: a group of checkboxes with one Tab stop.
for (const svg of form.querySelectorAll(".chart--interactive svg")) {
  svg.setAttribute("role", "group");
  svg.setAttribute("aria-label", svg.dataset.label);
}
for (const shape of shapes) {
  shape.setAttribute("role", "checkbox");
  shape.setAttribute("tabindex", "-1");
  shape.setAttribute("aria-checked", String(boxOf(shape.dataset.region).checked));
}
shapes[0].setAttribute("tabindex", "0");
form.querySelector(".chart--interactive").classList.add("is-live");

// A row's strength and kind of pain wait as text in its <noscript> until it is first marked
// (markup from this page's own server, so building it is safe).
function detailsOf(row) {
  const spare = row.querySelector(":scope > noscript");
  if (spare) {
    spare.insertAdjacentHTML("afterend", spare.textContent);
    spare.remove();
  }
  return row.querySelector(".mark-details");
}

function paint(slug) {
  const row = rowOf(slug);
  const checked = boxOf(slug).checked;
  const details = checked ? detailsOf(row) : row.querySelector(".mark-details");
  const strength = details?.querySelector('input[type="number"]');
  const intensity = Math.min(10, Math.max(1, Number(strength?.value) || 5));
  for (const shape of shapesOf(slug)) {
    shape.setAttribute("aria-checked", String(checked));
    shape.classList.toggle("is-selected", checked);
    shape.setAttribute("fill", checked ? `url(#pattern-selected-${intensity})` : config.baseFill);
  }
  place(row, checked);
}

function place(row, checked) {
  if (checked && row.parentElement !== panel) {
    insertInOrder(panel, row);
  } else if (!checked && row.parentElement === panel) {
    insertInOrder(list.querySelector(`ul[data-area="${row.dataset.area}"]`), row);
  }
  showCount();
}

function showCount() {
  const selected = panel.children.length;
  count.textContent = `(${selected})`;
  emptyNote.hidden = selected > 0;
}

function insertInOrder(container, row) {
  const position = Number(row.dataset.position);
  const after = [...container.children].find((other) => Number(other.dataset.position) > position);
  container.insertBefore(row, after ?? null);
}

// Near the finger (or the focused shape): the name of what was just marked or unmarked.
let labelTimer = 0;
function announce(shape, checked, point) {
  const where = area.getBoundingClientRect();
  const box = shape.getBoundingClientRect();
  const x = point ? point.x : box.left + box.width / 2;
  const y = point ? point.y : box.top;
  tapLabel.textContent = `${checked ? "✓ Marked" : "✕ Unmarked"}: ${nameOf(shape)}`;
  tapLabel.hidden = false;
  const half = tapLabel.offsetWidth / 2;
  const left = Math.min(Math.max(x - where.left, half + 4), where.width - half - 4);
  tapLabel.style.left = `${left}px`;
  tapLabel.style.top = `${y - where.top}px`;
  clearTimeout(labelTimer);
  labelTimer = setTimeout(() => { tapLabel.hidden = true; }, 2500);
}

function toggle(slug, shape, point) {
  const box = boxOf(slug);
  box.checked = !box.checked;
  paint(slug);
  if (shape) announce(shape, box.checked, point);
}

function focusShape(shape) {
  for (const other of shapes) other.setAttribute("tabindex", other === shape ? "0" : "-1");
  shape.focus();
}

// A finger selects the shape exactly under the touch point. The browser's own tap target
// is "adjusted" towards nearby focusable things by their boxes, which for neighbouring SVG
// shapes is often the wrong one, so touches are hit-tested here and their clicks ignored.
let touch = null;
let touchedAt = -Infinity;
function shapeAt(x, y) {
  const svg = document.elementFromPoint(x, y)?.closest(".chart--interactive svg");
  if (!svg) return null;
  const point = new DOMPoint(x, y).matrixTransform(svg.getScreenCTM().inverse());
  const inside = shapes.filter((shape) => svg.contains(shape) && shape.isPointInFill(point));
  return inside.at(-1) ?? document.elementFromPoint(x, y).closest(".chart--interactive .region");
}
const chartBox = form.querySelector(".chart--interactive");
chartBox.addEventListener("pointerdown", (event) => {
  touch = event.pointerType === "mouse" ? null : { x: event.clientX, y: event.clientY, id: event.pointerId };
});
chartBox.addEventListener("pointercancel", () => { touch = null; });
chartBox.addEventListener("pointerup", (event) => {
  if (!touch || touch.id !== event.pointerId) return;
  const { x, y } = touch;
  touch = null;
  touchedAt = event.timeStamp;
  if (Math.hypot(event.clientX - x, event.clientY - y) > 12) return;
  const shape = shapeAt(x, y);
  if (shape) select(shape, { x, y });
});

function select(shape, point) {
  for (const other of shapes) other.setAttribute("tabindex", other === shape ? "0" : "-1");
  toggle(shape.dataset.region, shape, point);
}

form.addEventListener("click", (event) => {
  const shape = event.target.closest(".chart--interactive .region");
  if (!shape) return;
  if (event.timeStamp - touchedAt < 1000) return;  // the touch has already been handled
  select(shape, event.detail ? { x: event.clientX, y: event.clientY } : null);
});

// Arrow keys go to the nearest region in that direction, as drawn on the screen now.
const DIRECTIONS = { ArrowRight: [1, 0], ArrowLeft: [-1, 0], ArrowDown: [0, 1], ArrowUp: [0, -1] };
function centre(shape) {
  const box = shape.getBoundingClientRect();
  return [box.left + box.width / 2, box.top + box.height / 2];
}
function neighbour(from, [dx, dy]) {
  const [x0, y0] = centre(from);
  let best = null;
  let bestCost = Infinity;
  for (const shape of shapes) {
    if (shape === from) continue;
    const [x, y] = centre(shape);
    const along = (x - x0) * dx + (y - y0) * dy;
    if (along <= 1) continue;
    const across = Math.abs((x - x0) * dy - (y - y0) * dx);
    const cost = along + 2.5 * across;
    if (cost < bestCost) { bestCost = cost; best = shape; }
  }
  return best;
}

// Typing a name jumps to it: "tem" goes to the next temple (any word of a name counts, so
// "left" and "temple" both work); Space always marks, it never continues a name.
let typed = "";
let typedAt = 0;
function byName(from, letter, now) {
  typed = now - typedAt > 900 ? letter : typed + letter;
  typedAt = now;
  const start = shapes.indexOf(from);
  const order = [...shapes.slice(start + (typed.length === 1 ? 1 : 0)), ...shapes.slice(0, start + 1)];
  const matches = (shape) => nameOf(shape).toLowerCase().split(/\s+/).some((word) => word.startsWith(typed));
  return order.find((shape) => nameOf(shape).toLowerCase().startsWith(typed)) ?? order.find(matches);
}

form.addEventListener("keydown", (event) => {
  const shape = event.target.closest(".chart--interactive .region");
  if (!shape || event.altKey || event.ctrlKey || event.metaKey) return;
  let next = null;
  if (event.key === " " || event.key === "Enter") {
    event.preventDefault();
    toggle(shape.dataset.region, shape);
    return;
  } else if (event.key in DIRECTIONS) {
    next = neighbour(shape, DIRECTIONS[event.key]);
  } else if (event.key === "Home") {
    next = shapes[0];
  } else if (event.key === "End") {
    next = shapes[shapes.length - 1];
  } else if (event.key.length === 1 && /\S/.test(event.key)) {
    next = byName(shape, event.key.toLowerCase(), event.timeStamp);
  } else {
    return;
  }
  event.preventDefault();
  if (next) focusShape(next);
});

for (const type of ["change", "input"]) {
  form.addEventListener(type, (event) => {
    const row = event.target.closest("li.mark");
    if (row) paint(row.dataset.region);
  });
}

function showName(event) {
  const shape = event.target.closest?.(".chart--interactive .region");
  if (shape) hint.textContent = nameOf(shape);
}
form.addEventListener("pointerover", showName);
form.addEventListener("focusin", showName);

showCount();
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
