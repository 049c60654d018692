// Warning-sign questions: those that matter for the regions marked stay open next to the
// submit button, under their three headings; the rest wait under "All warning signs".
// Without this script every question is shown. Each question is one checkbox that is
// moved, never copied, so an answer is never lost, and a ticked question always stays open.
const fieldset = document.getElementById("warning-signs");
const form = fieldset?.closest("form");

if (fieldset && form) {
  const byRegion = JSON.parse(document.getElementById("questions-by-region").textContent);
  const more = document.getElementById("symptoms-more");
  const moreCount = document.getElementById("symptoms-more-count");
  const note = document.getElementById("warning-signs-note");
  const items = [...fieldset.querySelectorAll("li[data-symptom]")]; // the contract's order
  let shownFor = null;

  const markedRegions = () =>
    [...form.querySelectorAll('input[name="regions"]:checked')].map((box) => box.value).sort();

  function update() {
    const marked = markedRegions();
    const key = marked.join(" ");
    if (key === shownFor) return;
    shownFor = key;
    const wanted = new Set(marked.flatMap((slug) => byRegion[slug] ?? []));
    const lists = new Map([...fieldset.querySelectorAll("ul.symptom-list")].map((list) => [list, []]));
    let waiting = 0;
    for (const item of items) {
      const group = item.dataset.group;
      const open =
        group === "about-you" || wanted.has(item.dataset.symptom) || item.querySelector("input").checked;
      waiting += open ? 0 : 1;
      lists.get(fieldset.querySelector(open ? `[data-asked="${group}"]` : `[data-more="${group}"]`)).push(item);
    }
    for (const [list, wantedItems] of lists) {
      const same =
        list.children.length === wantedItems.length && wantedItems.every((item, i) => list.children[i] === item);
      if (!same) list.append(...wantedItems);
    }
    for (const list of fieldset.querySelectorAll("ul.symptom-list")) {
      list.closest(".symptom-group").hidden = list.children.length === 0;
    }
    more.hidden = waiting === 0;
    moreCount.textContent = `(${waiting} more)`;
    rove();
    note.textContent = marked.length
      ? "Tick any that apply. These are the questions that matter for the areas you marked."
      : "Tick any that apply. Mark where it hurts and the questions that matter for it appear here.";
  }

  // The open questions are one Tab stop, and so are those under "All warning signs": the arrow
  // keys move between them and Space ticks, so a keyboard user reaches the submit button in a
  // few presses whatever the number of questions (the chart works the same way).
  const composites = () =>
    ["[data-asked]", "[data-more]"].map((lists) => [
      ...fieldset.querySelectorAll(`${lists} input[name="symptoms"]`),
    ]);
  let lastFocused = null; // Tab comes back to the question last used, else to the first
  function rove(focused = lastFocused) {
    lastFocused = focused;
    for (const boxes of composites()) {
      const current = boxes.includes(focused) ? focused : boxes[0];
      for (const box of boxes) box.tabIndex = box === current ? 0 : -1;
    }
  }
  const STEPS = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 };
  fieldset.addEventListener("keydown", (event) => {
    const box = event.target;
    if (box.name !== "symptoms" || event.altKey || event.ctrlKey || event.metaKey) return;
    const boxes = composites().find((group) => group.includes(box));
    const at = boxes.indexOf(box);
    let next = null;
    if (event.key in STEPS) next = boxes[at + STEPS[event.key]];
    else if (event.key === "Home") next = boxes[0];
    else if (event.key === "End") next = boxes.at(-1);
    else return;
    event.preventDefault();
    if (next) {
      rove(next);
      next.focus();
    }
  });
  fieldset.addEventListener("focusin", (event) => {
    if (event.target.name === "symptoms") rove(event.target);
  });
  document.getElementById("warning-signs-keys").hidden = false;

  // The chart may change the selection from a click, a key or a form control: look after
  // each of them once every handler of the event has run (a task, not a microtask, which
  // would run between handlers), and re-lay out only when the selection has changed.
  const later = () => setTimeout(update, 0);
  for (const type of ["click", "keydown", "change"]) form.addEventListener(type, later);
  note.hidden = false;
  update();
}
