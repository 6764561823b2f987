/*
 * Material's search worker, started only when the reader searches, with patient-friendly queries.
 *
 * Material creates its search worker on every page view and hands it the whole search index at once.
 * scripts/postprocess.py points Material's configuration ("search": the worker URL, Material's setting for
 * a custom search worker) at this file, and (online) leaves at search/search_index.json a stub with the
 * search settings and no documents. A page view then costs this file and that stub, about 2 KB.
 *
 * On the first query that is not empty, this worker fetches the real index (?index=; the offline copy
 * has it in SETUP already), loads search-patient.js (?patient=) and then Material's own worker (?worker=)
 * into this same global scope with importScripts (so it also runs in the offline copy's iframe, where no
 * worker can start another), hands Material's worker the SETUP and waits for its READY before it passes
 * on any query: an explicit signal, whatever the order in which files arrive.
 *
 * Messages from the page stop here (stopImmediatePropagation); each QUERY is rewritten by search-patient.js
 * (accents, word forms, everyday words) and dispatched to Material's listener; Material's answers pass
 * through postMessage, which is wrapped here so each RESULT is re-ranked and its terms rewritten first.
 * The documents are never changed: results and <mark>s are on the words as written.
 *
 * The messages are Material's search-worker protocol (SETUP 0, READY 1, QUERY 2, RESULT 3);
 * tests/test_material_surface.py fails if an upgrade of Material changes them.
 */
"use strict";

const SETUP = 0;
const READY = 1;
const QUERY = 2;
const RESULT = 3;

// In the offline copy's iframe this runs as a page script: its own address is the script's, not the frame's.
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
    const { state, plan } = pending.shift();
    toPage({ type: RESULT, data: self.PatientSearch.rewriteResult(state, plan, message.data) });
  } else {
    toPage(message);
  }
};

async function start() {
  const index = await fetchIndex();
  await importScripts(patientUrl);       // synchronous in a worker, a promise in the iframe shim
  await importScripts(materialWorkerUrl);
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
    started = start();
    started.catch(() => { started = null; });  // the next query tries again
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
    if (started === null && !String(message.data).trim()) {
      toPage({ type: RESULT, data: { items: [] } });  // Material asks once with "" when it starts
      return;
    }
    // Promise callbacks run in the order they were added: queries keep their order.
    ready().then(
      (state) => {
        const plan = self.PatientSearch.plan(state, String(message.data));
        pending.push({ state, plan });
        toMaterial({ type: QUERY, data: plan.query });
      },
      (error) => {
        console.error(`Search could not start: ${error.message}`);
        toPage({ type: RESULT, data: { items: [] } });
      });
  }
});
