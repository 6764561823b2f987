/*
 * The search's results line (Material's .md-search-result__meta) right in every language, for every count,
 * and a message when search could not load.
 *
 * Counts: Material writes the line with three strings (none, one, and "# …" for every other number), so in
 * Arabic "2", "11" and "100 results" come out in the plural of 3 to 10. The build puts the site's own words,
 * one per CLDR plural category of the page's language (its catalog, translations/<lang>/…/messages.po), among
 * Material's settings (#__config "search_line", scripts/postprocess/pages.py search_line_texts); as soon as
 * Material has written a count (a MutationObserver: before the line is painted), this writes the category's
 * words that Intl.PluralRules picks for the number. For no result, the site's words say what to try
 * (Material's "No matching documents" says neither); the other lines stay Material's.
 * The same for a result's "# more on this page" (Material's two strings: in Arabic, "more than 1" for one more).
 *
 * Failure: when the index could not be loaded (offline, a server error), the search worker
 * (workers/search-on-demand.js) posts a STATUS message "failed", and "loading" when the next query tries
 * again. Material has no words for it and would keep "Initializing search" for ever, so this says that search
 * could not load, and puts Material's "Initializing search" back while it tries again. To hear the worker,
 * the Worker that Material starts is one whose messages this file also listens to: this file runs before
 * Material's bundle (material-on-use.js loads both, in order, on the reader's first use of the page).
 */
(function () {
  "use strict";

  const STATUS = 4; // workers/search-on-demand.js

  const settings = document.getElementById("__config");
  const meta = document.querySelector(".md-search-result__meta");
  if (!settings || !meta) {
    return;
  }
  const config = JSON.parse(settings.textContent);
  const line = config.search_line || {};
  const material = config.translations || {};
  const initializing = meta.textContent; // Material's "Initializing search", as the page's HTML has it
  const rules = new Intl.PluralRules(document.documentElement.lang || "en");
  let written = null; // the text this file wrote last: its own change is not a count to rewrite

  // The number a text of Material's says: its "one" string, or its "other" string with digits for the "#"
  // ("1.2k", Material's rounding of thousands, is left as Material wrote it).
  function countOf(text, key = "search.result") {
    if (text === material[`${key}.one`]) {
      return 1;
    }
    const other = material[`${key}.other`] || "";
    const at = other.indexOf("#");
    if (at < 0) {
      return null;
    }
    const before = other.slice(0, at);
    const after = other.slice(at + 1);
    if (text.length <= before.length + after.length || !text.startsWith(before) || !text.endsWith(after)) {
      return null;
    }
    const digits = text.slice(before.length, text.length - after.length);
    return /^\d+$/.test(digits) ? Number(digits) : null;
  }

  function write(text) {
    written = text;
    meta.textContent = text;
  }

  function rewriteCount() {
    const text = meta.textContent;
    if (text === written) {
      return;
    }
    written = null;
    if (text === material["search.result.none"]) {
      if (line.none) {
        write(line.none);
      }
      return;
    }
    const count = countOf(text);
    const counts = line.counts || {};
    const words = count === null ? null : counts[rules.select(count)] || counts.other;
    if (words) {
      write(words.replace("#", String(count)));
    }
  }

  new MutationObserver(rewriteCount).observe(meta, { childList: true, characterData: true, subtree: true });

  // A result with more matching sections of its page: Material's summary "# more on this page".
  function rewriteMore(list) {
    const more = line.more || {};
    for (const summary of list.querySelectorAll(".md-search-result__more > summary > div")) {
      const count = countOf(summary.textContent, "search.result.more");
      const words = count === null ? null : more[rules.select(count)] || more.other;
      const text = words ? words.replace("#", String(count)) : null;
      if (text && summary.textContent !== text) {
        summary.textContent = text;
      }
    }
  }

  const list = document.querySelector(".md-search-result__list");
  if (list) {
    new MutationObserver(() => rewriteMore(list)).observe(list, { childList: true, subtree: true });
  }

  function onStatus(event) {
    const message = event.data;
    if (!message || message.type !== STATUS) {
      return;
    }
    if (message.data === "failed" && line.failed) {
      write(line.failed);
    } else if (message.data === "loading") {
      write(initializing);
    }
  }

  // Online a Web Worker; offline the iframe stand-in (iframe-worker.js), which has replaced window.Worker
  // before this runs. Material listens with addEventListener too, and ignores a message type it does not know.
  const Base = window.Worker;
  if (typeof Base === "function" && !Base.patientSearchLine) {
    class HeardWorker extends Base {
      constructor(...args) {
        super(...args);
        this.addEventListener("message", onStatus);
      }
    }
    HeardWorker.patientSearchLine = true;
    window.Worker = HeardWorker;
  }
})();
