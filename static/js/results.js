// Results: the press-to-confirm buttons re-rank in place. Without this script they post
// the form and the server renders the whole page.
export async function fetchResults(form, submitter) {
  const response = await fetch(form.action, {
    method: "POST",
    body: new FormData(form, submitter),
    headers: { "X-Fragment": "results" },
    credentials: "same-origin",
  });
  if (!response.ok) return null;
  const holder = document.createElement("div");
  holder.innerHTML = await response.text();
  return holder.querySelector("[data-results]");
}

document.addEventListener("submit", async (event) => {
  const form = event.target;
  if (!form.matches(".results-form") || form.dataset.plain) return;
  const submitter = event.submitter;
  event.preventDefault();
  const fresh = await fetchResults(form, submitter);
  if (!fresh) {
    form.dataset.plain = "1";
    form.requestSubmit(submitter);
    return;
  }
  const card = submitter?.closest(".result");
  document.getElementById("results").replaceWith(fresh);
  const again = card && fresh.querySelector(`.result[data-slug="${card.dataset.slug}"][data-side="${card.dataset.side}"]`);
  const same = submitter && again?.querySelector(`button[value="${submitter.value}"]`);
  const target = same ?? again?.querySelector("button") ?? fresh.querySelector("h2[tabindex]");
  target?.focus();
  const live = document.getElementById("results-status");
  if (live) live.textContent = "The list has been updated.";
});
