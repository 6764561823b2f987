/*
 * Material's search worker, started only when the reader searches.
 *
 * Material creates its search worker on every page view and hands it the whole search index at once
 * (20-28 KB and, in French or Italian, the stemmers). scripts/postprocess.py points Material's
 * configuration ("search": the worker URL, Material's setting for a custom search worker) at this file,
 * and leaves at search/search_index.json a stub with the search settings and no documents. A page view
 * then costs this file and that stub, about 1 KB.
 *
 * On the first query that is not empty, this worker fetches the real index (?index=), starts Material's
 * own worker (?worker=) with it, and waits for that worker's READY message before it passes on any query:
 * an explicit signal, whatever the order in which files arrive. From then on it relays messages both ways.
 *
 * The messages are Material's search-worker protocol (SETUP 0, READY 1, QUERY 2, RESULT 3);
 * tests/test_material_surface.py fails if an upgrade of Material changes them.
 */
"use strict";

const SETUP = 0;
const READY = 1;
const QUERY = 2;
const RESULT = 3;

const here = new URL(self.location.href);
const materialWorkerUrl = new URL(here.searchParams.get("worker"), here);
const fullIndexUrl = new URL(here.searchParams.get("index"), here);

let setupMessage = null;   // Material's SETUP (settings and options), kept for its own worker
let realWorker = null;     // Promise of Material's worker, once it has answered READY

async function fetchIndex() {
  const response = await fetch(fullIndexUrl);
  if (!response.ok) {
    throw new Error(`${fullIndexUrl}: ${response.status} ${response.statusText}`);
  }
  return response.json();
}

function startRealWorker(index) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(materialWorkerUrl);
    worker.onerror = (event) => reject(new Error(`${materialWorkerUrl}: ${event.message || "did not start"}`));
    worker.onmessage = (event) => {
      if (event.data.type !== READY) {
        return;
      }
      worker.onmessage = (answer) => postMessage(answer.data);
      resolve(worker);
    };
    const data = Object.assign({}, setupMessage.data, { config: index.config, docs: index.docs });
    worker.postMessage({ type: SETUP, data });
  });
}

function ready() {
  if (realWorker === null) {
    realWorker = fetchIndex().then(startRealWorker);
    realWorker.catch(() => { realWorker = null; });  // the next query tries again
  }
  return realWorker;
}

addEventListener("message", (event) => {
  const message = event.data;
  if (message.type === SETUP) {
    // The stub's settings are all the page needs until someone searches.
    setupMessage = message;
    postMessage({ type: READY });
  } else if (message.type === QUERY) {
    if (realWorker === null && !String(message.data).trim()) {
      postMessage({ type: RESULT, data: { items: [] } });  // Material asks once with "" when it starts
      return;
    }
    // Promise callbacks run in the order they were added: queries keep their order.
    ready().then(
      (worker) => worker.postMessage(message),
      (error) => {
        console.error(`Search could not start: ${error.message}`);
        postMessage({ type: RESULT, data: { items: [] } });
      });
  }
});
