// The quick exit of the report's pages: leave for a neutral site, leaving nothing behind.
//
// GOV.UK's exit-this-page component (started by init.mjs) shows "Exit this page" and leaves
// when it is selected or when Shift is pressed 3 times. On the pages whose <body> has
// data-quick-exit (the report's address, like "/report"), this module adds:
//
// - Escape pressed 3 times, within 5 seconds, leaves too;
// - leaving replaces the page in the history (location.replace), so Back cannot return to it;
// - the report's pages share one entry in the history: a link or form that stays within the
//   report is fetched and swapped into the page, and history.replaceState gives the entry the
//   new address, so no report page piles up behind another; a link out of the report
//   replaces the entry too. Leaving then takes the whole report out of reach of Back.
//
// "Exit this page" links to /report/exit, which deletes the report in progress and sends the
// browser on to the neutral site. Without JavaScript it is a plain link, and the pages are
// ordinary pages; the server sends them with Cache-Control: no-store either way.

import { ExitThisPage, initAll } from "../govuk/govuk-frontend.min.js";

const scope = document.body.dataset.quickExit;
const ESCAPES_TO_LEAVE = 3;
const ESCAPE_WINDOW_MS = 5000;

let leaving = false;
let busy = false;
let escapes = 0;
let escapeTimer = null;

function exitUrl() {
  const button = document.querySelector(".govuk-js-exit-this-page-button");
  return button ? button.href : null;
}

function leave(url) {
  if (leaving || !url) return;
  leaving = true;
  document.body.classList.add("govuk-exit-this-page-hide-content");
  window.location.replace(url);
}

// Every way the component leaves (its button, Shift 3 times) goes through exitPage, which
// sets location.href and so adds to the history: make it replace the page instead. The
// component fires no event to listen for, so its method is the one place to add this.
function replaceOnExit() {
  ExitThisPage.prototype.exitPage = function exitPage() {
    if (this.$updateSpan) this.$updateSpan.textContent = "";
    const overlay = document.createElement("div");
    overlay.className = "govuk-exit-this-page-overlay";
    overlay.setAttribute("role", "alert");
    overlay.textContent = this.i18n ? this.i18n.t("activated") : "Loading.";
    document.body.appendChild(overlay);
    this.$overlay = overlay;
    leave(this.$button.href);
  };
}

function countEscapes(event) {
  if (event.key !== "Escape") {
    escapes = 0;
    return;
  }
  escapes += 1;
  window.clearTimeout(escapeTimer);
  escapeTimer = window.setTimeout(() => {
    escapes = 0;
  }, ESCAPE_WINDOW_MS);
  if (escapes >= ESCAPES_TO_LEAVE) leave(exitUrl());
}

function inReport(url) {
  return (
    url.origin === window.location.origin &&
    (url.pathname === scope || url.pathname.startsWith(`${scope}/`))
  );
}

// Show a page fetched from within the report in place of this one, in the same history entry.
function show(html, url) {
  const page = new DOMParser().parseFromString(html, "text/html");
  const body = document.adoptNode(page.body);
  for (const name of ["js-enabled", "govuk-frontend-supported"]) {
    if (document.body.classList.contains(name)) body.classList.add(name);
  }
  document.title = page.title;
  document.body.replaceWith(body);
  window.history.replaceState(null, "", url);
  window.scrollTo(0, 0);
  initAll();
  if (!document.querySelector(".govuk-error-summary")) {
    const heading = document.querySelector("main h1") || document.querySelector("main");
    if (heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus();
    }
  }
}

async function visit(url, init, fallback) {
  if (busy || leaving) return;
  busy = true;
  try {
    const response = await fetch(url, { credentials: "same-origin", ...init });
    const final = new URL(response.url);
    const isPage = (response.headers.get("Content-Type") || "").startsWith("text/html");
    if (isPage && inReport(final)) {
      show(await response.text(), final.href);
    } else {
      window.location.replace(final.href);
    }
  } catch {
    fallback();
  } finally {
    busy = false;
  }
}

function followLink(event) {
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = event.target.closest("a[href]");
  if (!link || link.target || link.hasAttribute("download")) return;
  if (link.classList.contains("govuk-js-exit-this-page-button")) return;
  const url = new URL(link.href, window.location.href);
  if (url.origin !== window.location.origin) return;
  if (url.pathname === window.location.pathname && url.hash) return;
  event.preventDefault();
  if (inReport(url)) {
    visit(url.href, {}, () => window.location.replace(url.href));
  } else {
    window.location.replace(url.href);
  }
}

function submitForm(event) {
  const form = event.target;
  if (event.defaultPrevented || !(form instanceof HTMLFormElement)) return;
  const url = new URL(form.action, window.location.href);
  if (!inReport(url)) return;
  event.preventDefault();
  let data;
  try {
    data = new FormData(form, event.submitter);
  } catch {
    data = new FormData(form);
  }
  const fields = new URLSearchParams(data);
  if (form.method.toLowerCase() === "post") {
    visit(url.href, { method: "POST", body: fields }, () => form.submit());
  } else {
    url.search = fields.toString();
    visit(url.href, {}, () => window.location.replace(url.href));
  }
}

if (scope) {
  replaceOnExit();
  document.addEventListener("keyup", countEscapes, true);
  document.addEventListener("click", followLink);
  document.addEventListener("submit", submitForm);
}
