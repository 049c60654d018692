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
    note.textContent = marked.length
      ? "Tick any that apply. These are the questions that matter for the areas you marked."
      : "Tick any that apply. Mark where it hurts and the questions that matter for it appear here.";
  }

  // The chart may change the selection from a click, a key or a form control: look after
  // each of them once every handler of the event has run (a task, not a microtask, which
  // would run between handlers), and re-lay out only when the selection has changed.
  const later = () => setTimeout(update, 0);
  for (const type of ["click", "keydown", "change"]) form.addEventListener(type, later);
  note.hidden = false;
  update();
}
