// "Back to your results" on a trigger-point page reached from the results: back in history
// when the results page is the one before (the browser may keep it as it was), else to the
// chart page, which rebuilds the same map and results from this tab's sessionStorage.
// Nothing about the pain map is ever put in a URL.
const LAST_REQUEST = "tpf:last-request";
const FROM_RESULTS = "tpf:from-results";

const holder = document.querySelector(".back-to-results");
const link = holder?.querySelector("a");
let stored = false;
try {
  stored = sessionStorage.getItem(LAST_REQUEST) !== null && sessionStorage.getItem(FROM_RESULTS) !== null;
} catch {
  stored = false;
}
if (holder && link && stored) {
  holder.hidden = false;
  link.addEventListener("click", (event) => {
    let from = null;
    try {
      from = document.referrer ? new URL(document.referrer) : null;
    } catch {
      from = null;
    }
    if (from && from.origin === location.origin && ["/", "/assessment/"].includes(from.pathname) && history.length > 1) {
      event.preventDefault();
      history.back();
    }
  });
}
