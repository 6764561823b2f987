/*
 * Material's search worker, started on the first query (every page view loads this file: keep it small).
 * On the first query it fetches the index (?index=; offline it comes with SETUP), then importScripts
 * search-patient.js (?patient=) and Material's worker (?worker=) into this scope, and relays: the page's
 * messages stop here; queries, rewritten, are dispatched to Material's listener; its answers, through the
 * wrapped postMessage, are rewritten before they reach the page. Why and how: search-patient.js.
 * Protocol (SETUP 0, READY 1, QUERY 2, RESULT 3) and internals: tests/test_material_surface.py.
 *
 * Until the whole index has answered, the page keeps Material's "Initializing search" (its own words in
 * each language, in the page's HTML): Material writes "No matching documents" for any empty RESULT while the
 * box has text, and shows each RESULT against what the box holds by then. So nothing is posted for Material's
 * empty first query before the index is there (on a slow phone its answer arrived after the first letters
 * and read as "no results"), nor for a failed start, nor for a query the reader has typed past. Each RESULT
 * posted names the query it answers (data.query, which Material ignores), for the tests to wait on.
 *
 * When the index cannot be had (offline, a server error), the page is told with a STATUS message "failed"
 * (a type Material ignores; overrides/assets/javascripts/search-results-line.js says so on the results line,
 * never "no results"), and the next query tries again, first telling the page "loading". The scripts are
 * imported once only: Material's worker imported twice would answer every query twice.
 */
// In a function: Material's worker script runs in this same global scope, so no name of ours is global.
(function () {
  "use strict";

  const SETUP = 0;
  const READY = 1;
  const QUERY = 2;
  const RESULT = 3;
  const STATUS = 4;  // ours: "failed" or "loading" (search-results-line.js)

  // Offline (the iframe shim) this is a page script: its address is the script's, not the frame's.
  const here = new URL(typeof document !== "undefined" && document.currentScript
    ? document.currentScript.src : self.location.href);
  const param = (name) => here.searchParams.get(name) && new URL(here.searchParams.get(name), here).href;
  const materialWorkerUrl = param("worker");
  const patientUrl = param("patient");
  const fullIndexUrl = param("index");
  const toPage = self.postMessage.bind(self);

  let setupMessage = null;   // Material's SETUP (settings and options), kept for its own worker
  let started = null;        // Promise of the patient search state, once Material's worker answered READY
  let forwarding = false;    // true while a message of ours is dispatched to Material's listener
  let onReady = null;
  let failed = false;        // the last start failed: the page says so until the next try
  let imported = null;       // Promise of the scripts imported (once)
  let asked = 0;             // queries the page has sent, the latest answering one
  const pending = [];        // the rewritten queries Material has not answered yet, in order

  async function fetchIndex() {
    if (setupMessage.data.docs && setupMessage.data.docs.length) {
      return setupMessage.data;  // the offline copy: the whole index came with SETUP
    }
    const response = await fetch(fullIndexUrl);
    if (!response.ok) {
      throw new Error(`${fullIndexUrl}: ${response.status} ${response.statusText}`);
    }
    return response.json();
  }

  function toMaterial(message) {
    forwarding = true;
    try {
      self.dispatchEvent(new MessageEvent("message", { data: message }));
    } finally {
      forwarding = false;
    }
  }

  // Material's worker answers with a bare postMessage(): this own property of the global is found first.
  self.postMessage = (message) => {
    if (message.type === READY && onReady) {
      onReady();
    } else if (message.type === RESULT && pending.length) {
      const { state, plan, number, typed } = pending.shift();
      if (number === asked) {  // an earlier query's answer would show under the later query's letters
        const data = self.PatientSearch.rewriteResult(state, plan, message.data);
        toPage({ type: RESULT, data: Object.assign({}, data, { query: typed }) });
      }
    } else {
      toPage(message);
    }
  };

  async function start() {
    const index = await fetchIndex();
    if (imported === null) {
      imported = (async () => {
        await importScripts(patientUrl);       // synchronous in a worker, a promise in the iframe shim
        await importScripts(materialWorkerUrl);
      })();
      imported.catch(() => { imported = null; });  // a script that did not load is asked for again
    }
    await imported;
    const data = Object.assign({}, setupMessage.data, { config: index.config, docs: index.docs });
    await new Promise((resolve) => {
      onReady = resolve;
      toMaterial({ type: SETUP, data });
    });
    onReady = null;
    return self.PatientSearch.prepare(self.lunr, index.config, index.docs);
  }

  function ready() {
    if (started === null) {
      if (failed) {
        toPage({ type: STATUS, data: "loading" });
      }
      started = start();
      started.then(
        () => { failed = false; },
        () => {  // the next query tries again
          started = null;
          failed = true;
          toPage({ type: STATUS, data: "failed" });
        });
    }
    return started;
  }

  addEventListener("message", (event) => {
    if (forwarding) {
      return;  // ours, for Material's listener
    }
    event.stopImmediatePropagation();
    const message = event.data;
    if (message.type === SETUP) {
      // The stub's settings are all the page needs until someone searches.
      setupMessage = message;
      toPage({ type: READY });
    } else if (message.type === QUERY) {
      const number = ++asked;
      if (started === null && !String(message.data).trim()) {
        return;  // Material asks once with "" when it starts: "Initializing search" stays until a real answer
      }
      // Promise callbacks run in the order they were added: queries keep their order.
      ready().then(
        (state) => {
          const typed = String(message.data);
          const plan = self.PatientSearch.plan(state, typed);
          pending.push({ state, plan, number, typed });
          toMaterial({ type: QUERY, data: plan.query });
        },
        // Not "no results": the index could not be had (offline, say); the page says so (STATUS "failed"),
        // and the next letter typed tries again.
        (error) => console.error(`Search could not start: ${error.message}`));
    }
  });
})();
