// Results: the press-to-confirm buttons re-rank in place. Without this script they post
// the form and the server renders the whole page. While an answer is on its way the button
// is disabled and says so (no double submit). The last request is kept in this tab's
// sessionStorage (never in a URL) so "Back to your results" on a trigger-point page can
// bring the same results back.
export const LAST_REQUEST = "tpf:last-request";
export const FROM_RESULTS = "tpf:from-results";

// The request as name/value pairs, without the CSRF token.
export function entriesOf(form, submitter) {
  return [...new FormData(form, submitter)].filter(([name]) => name !== "csrfmiddlewaretoken");
}

export async function fetchResults(form, submitter, entries = null) {
  const body = new FormData();
  body.append("csrfmiddlewaretoken", form.querySelector('[name="csrfmiddlewaretoken"]').value);
  for (const [name, value] of entries ?? entriesOf(form, submitter)) body.append(name, value);
  let response;
  try {
    response = await fetch(form.action, {
      method: "POST",
      body,
      headers: { "X-Fragment": "results" },
      credentials: "same-origin",
    });
  } catch {
    return null;
  }
  if (!response.ok) return null;
  const holder = document.createElement("div");
  holder.innerHTML = await response.text();
  const fresh = holder.querySelector("[data-results]");
  const kept = fresh?.querySelector(".results-form");
  if (kept) remember(kept);
  return fresh;
}

// What the results were made from (the results form holds the whole map and the answers).
export function remember(resultsForm) {
  try {
    sessionStorage.setItem(LAST_REQUEST, JSON.stringify(entriesOf(resultsForm)));
  } catch {
    // storage full or switched off: the way back simply is not offered
  }
}

// A busy button: disabled, saying what is happening; the region it updates is aria-busy.
export function busy(button, region, on) {
  if (!button) return;
  if (on) {
    button.dataset.label = button.innerHTML;
    button.textContent = button.dataset.busyText || "Updating…";
  } else if (button.dataset.label) {
    button.innerHTML = button.dataset.label;
  }
  button.disabled = on;
  button.classList.toggle("is-busy", on);
  region?.setAttribute("aria-busy", String(on));
}

// Following a card's link, remember which card: the way back scrolls to it.
document.addEventListener("click", (event) => {
  const link = event.target.closest?.(".result a[href^='/trigger-points/']");
  if (!link) return;
  try {
    sessionStorage.setItem(FROM_RESULTS, link.closest(".result").id);
  } catch {
    // nothing to come back to
  }
});

const initial = document.querySelector(".results-form");
if (initial && !document.getElementById("results-slot")) remember(initial);

document.addEventListener("submit", async (event) => {
  const form = event.target;
  if (!form.matches(".results-form") || form.dataset.plain) return;
  event.preventDefault();
  if (form.dataset.busy) return;
  const submitter = event.submitter;
  const entries = entriesOf(form, submitter);
  form.dataset.busy = "1";
  const results = document.getElementById("results");
  busy(submitter, results, true);
  const fresh = await fetchResults(form, submitter, entries);
  if (!fresh) {
    busy(submitter, results, false);
    delete form.dataset.busy;
    form.dataset.plain = "1";
    form.requestSubmit(submitter);
    return;
  }
  const card = submitter?.closest(".result");
  results.replaceWith(fresh);
  const again = card && fresh.querySelector(`.result[data-slug="${card.dataset.slug}"][data-side="${card.dataset.side}"]`);
  const same = submitter && again?.querySelector(`button[value="${submitter.value}"]`);
  const target = same ?? again?.querySelector("button") ?? fresh.querySelector("h2[tabindex]");
  target?.focus();
  const live = document.getElementById("results-status");
  if (live) live.textContent = "The list has been updated.";
});
