// The site's search as its worker runs it, without a browser: node bench/search-hits.cjs SITE_LANG_DIR MODE
// QUERIES_JSON prints, for each query, the pages of its first results, in order (JSON on stdout).
//
// MODE "patient": the site's relay (search-on-demand.js, then search-patient.js and Material's worker in one
// global scope, as in a browser's worker); MODE "material": Material's own worker on the same index, as a
// plain Material site searches. The worker scripts are the built ones, read from SITE_LANG_DIR; only the
// worker's global scope (self, importScripts, fetch, postMessage) is provided here. Used by bench/search_hits.py.
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");
const { pathToFileURL, fileURLToPath } = require("url");

const [siteDir, mode, queriesFile] = process.argv.slice(2);
const workers = path.join(siteDir, "assets", "javascripts", "workers");
const material = fs.readdirSync(workers).find((name) => /^search\.[0-9a-f]+\.min\.js$/.test(name));
const fullIndex = path.join(siteDir, "search", "search_index.full.json");
const index = JSON.parse(fs.readFileSync(fullIndex, "utf8"));
const queries = JSON.parse(fs.readFileSync(queriesFile, "utf8"));

const scope = new EventTarget();
const g = globalThis;
g.self = g;
g.addEventListener = scope.addEventListener.bind(scope);
g.dispatchEvent = scope.dispatchEvent.bind(scope);
const answers = [];
g.postMessage = (message) => answers.push(message);
const start = mode === "patient"
  ? `${pathToFileURL(path.join(workers, "search-on-demand.js")).href}?worker=${material}&patient=search-patient.js`
    + "&index=../../../search/search_index.full.json"
  : pathToFileURL(path.join(workers, material)).href;
g.location = { href: start };
g.importScripts = (...urls) => {
  for (const url of urls) {
    const file = fileURLToPath(new URL(url, start));
    vm.runInThisContext(fs.readFileSync(file, "utf8"), { filename: file });
  }
};
g.fetch = async (url) => ({ ok: true, json: async () => JSON.parse(fs.readFileSync(fileURLToPath(url), "utf8")) });
g.importScripts(start.split("?")[0]);

const send = (data) => scope.dispatchEvent(new MessageEvent("message", { data }));
async function answer(type) {
  for (let i = 0; i < 4000; i++) {
    const found = answers.findIndex((m) => m.type === type);
    if (found >= 0) return answers.splice(found, 1)[0];
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  throw new Error(`no answer of type ${type}`);
}

(async () => {
  const options = { suggest: false };
  send({ type: 0, data: mode === "patient" ? { config: index.config, docs: [], options }
    : { config: index.config, docs: index.docs, options } });
  await answer(1);
  const out = [];
  for (const query of queries) {
    send({ type: 2, data: query });
    const result = await answer(3);
    out.push(result.data.items.map((group) => group[0].location.split("#")[0]));
  }
  process.stdout.write(JSON.stringify(out));
})().catch((error) => { console.error(error.stack); process.exit(1); });
