// The stylesheets of one built language: the whole of what it uses, and what each page needs to paint.
//
//   node scripts/postprocess/purge-css.mjs SITE_DIR STYLESHEET SITE_CSS [SCRIPT...] < pages.json  → JSON on stdout
//   node scripts/postprocess/purge-css.mjs --request < request.json       the same, asked as the server is
//   (serve-style-rules.mjs: the same for every language of a build, from one process)
//
// pages.json: the built pages of SITE_DIR to judge (paths relative to it). The answer:
//   {"full": Material's STYLESHEET without the rules this language never uses,
//    "critical": [[material, site], ...]   the rules of "full" and SITE_CSS one page's HTML uses,
//    "pages": {"PAGE": index into critical, ...}}
//
// "full" is judged against every built page and Material's JavaScript (SCRIPT: the classes its bundle adds
// at run time are words in it), with a safelist for names the bundle builds from parts; SITE_CSS (the site's
// own stylesheet) is read with it, so that Material's variables it uses are kept.
//
// "critical" is what a page inlines so that a phone paints from the first round trip: judged against that
// page's HTML alone, by its elements, classes, ids and attributes (what purgecss-from-html would find, read by
// `selectorsIn` from the one parse of the page; not every word of the text), from "full", then by matching each
// selector against the page's elements (rules-in-use.mjs), so it is a subset of it in the same order. Pages
// that PurgeCSS cannot tell apart share its first pass, worked out once (signature, below). The one class set by script before Material's bundle
// runs (`js`, overrides/main.html) is kept; everything the bundle adds comes with "full", which the page
// applies before the bundle runs (overrides/assets/javascripts/material-on-use.js).
// PurgeCSS, its HTML extractor, css-select and PostCSS are pinned in package-lock.json.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { availableParallelism } from "node:os";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { pathToFileURL } from "node:url";
import { MemoPurgeCSS as PurgeCSS } from "./memo-purgecss.mjs";
import { parseDocument } from "htmlparser2";
import { foreignContent } from "parse5";
import { rulesInUse } from "./rules-in-use.mjs";
import { decidingWords, digest, pageShaper, stylesheetWords } from "./style-keys.mjs";

const options = { variables: true, keyframes: true, fontFace: true };
// A selector made of pseudo-classes alone (`:focus-visible`, the site's focus ring) applies on every page,
// but PurgeCSS finds no element, class or attribute in it to look for and drops it. Listed here, a
// pseudo-class keeps such a selector; one with a class or element as well still needs those on the page.
const anyElement = /^::?[a-z-]+$/;

// The rules each page of a language had at its last build, kept in pagesCache (a file of its own per
// language folder, scripts/postprocess/style_cache.py names it) and used while Material's stylesheet is the
// same: a page's rules depend only on that, the site's stylesheet, the page's HTML and this code (codeKey).
// After an edit, the pages whose HTML did not change are not worked out again.
function keptRules(pagesCache, rulesKey) {
  if (!pagesCache) return null;
  try {
    const kept = JSON.parse(readFileSync(pagesCache, "utf8"));
    return kept.rulesKey === rulesKey ? kept : null;
  } catch {
    return null; // none yet, or cut short: work every page out
  }
}

function keepRules(pagesCache, rulesKey, critical, byHtml, shapes, whole) {
  if (!pagesCache) return;
  try {
    mkdirSync(dirname(pagesCache), { recursive: true });
    const temporary = `${pagesCache}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify({ rulesKey, critical, pages: byHtml, shapes, whole }));
    renameSync(temporary, pagesCache); // a build reading it meanwhile never reads half
  } catch {
    // a read-only or full disk: the next build works the pages out again
  }
}

// PurgeCSS (with its selector lists parsed once) that takes the stylesheets it would write from `kept` ({key, results})
// when the words it found decide them as they did then (`decides`), and says what it wrote otherwise (`found`).
class KeptPurgeCSS extends PurgeCSS {
  constructor(key, decides, kept) {
    super();
    this.key = key;
    this.decides = decides;
    this.kept = kept;
    this.found = null;
  }

  async getPurgedCSS(cssOptions, selectors) {
    const sets = ["undetermined", "attrNames", "attrValues", "classes", "ids", "tags"];
    const words = sets.map((set) => [...selectors[set]].filter(this.decides).sort());
    const key = digest(this.key, JSON.stringify(words));
    if (this.kept?.key === key) return this.kept.results;
    const results = await super.getPurgedCSS(cssOptions, selectors);
    this.found = { key, results: results.map(({ file, css }) => ({ file, css })) };
    return results;
  }
}

// PurgeCSS's default extractor, each page's words once and each long word copied. V8 keeps a word of 13
// characters or more that a regular expression cuts from a page as a slice of it, and so the whole page alive
// while PurgeCSS holds the word; every page has words of its own (its addresses), so all the built HTML stayed in
// the heap: at 650 pages a language it outgrew the shared process's cap, which then died, and each language
// worked its style rules out in a process of its own (544 MB).
export function wordsOf(content) {
  return Array.from(new Set(content.match(/[A-Za-z0-9_-]+/g) || []), (word) =>
    word.length < 13 ? word : ` ${word}`.slice(1),
  );
}

// What purgecss-from-html finds in a page (its elements' names, classes, ids, attribute names and values), read
// from the document rules-in-use.mjs matches rather than from a second parse with parse5: as there, only
// elements count (a <script>'s or <style>'s own attributes do not), and class, id and every attribute value are
// split at spaces. Where the two parsers read a page differently, it reads as parse5 does: inside <svg> and
// <math> an attribute has its SVG or MathML name (viewBox, not viewbox), and what a <noscript> holds is its text.
// tests/test_style_rules_words.py holds it to purgecss-from-html's answer.
const HTML_INSIDE = { svg: new Set(["foreignObject", "desc", "title"]), math: new Set(["mi", "mo", "mn", "ms", "mtext"]) };

function foreignAttributes(attribs, space) {
  const token = { attrs: Object.entries(attribs).map(([name, value]) => ({ name, value })) };
  if (space === "svg") foreignContent.adjustTokenSVGAttrs(token);
  else foreignContent.adjustTokenMathMLAttrs(token);
  foreignContent.adjustTokenXMLAttrs(token);
  return token.attrs.map(({ name, value }) => [name, value]);
}

export function selectorsIn(document) {
  const found = { attributes: { names: [], values: [] }, classes: [], ids: [], tags: [], undetermined: [] };
  const walk = (node, space) => {
    for (const child of node.children ?? []) {
      if (child.type === "root") walk(child, space);
      if (child.type !== "tag") continue;
      const inside = space ?? (child.name === "svg" || child.name === "math" ? child.name : null);
      found.tags.push(child.name);
      const attributes = inside ? foreignAttributes(child.attribs, inside) : Object.entries(child.attribs);
      for (const [name, value] of attributes) {
        if (name === "class") found.classes.push(...value.split(" "));
        else if (name === "id") found.ids.push(...value.split(" "));
        found.attributes.names.push(name);
        found.attributes.values.push(...value.split(" "));
      }
      if (inside) walk(child, HTML_INSIDE[inside].has(child.name) ? null : inside);
      else if (child.name !== "noscript") walk(child, null);
    }
  };
  walk(document, null);
  return found;
}

// What works out one page's rules ([material, own], as "critical" holds them) from its HTML, judged against `css`
// (Material's stylesheet) and `site` (the site's own stylesheet): an async function of the HTML, to be called for
// one page at a time. It remembers PurgeCSS's pass for each kind of page it has met (below).
export function pageJudge({ css, site, shapes = true }) {
  // What PurgeCSS can tell apart in a page: what the HTML extractor finds, less what no rule could match.
  // Classes, ids, attribute names and other words count only when they are words of the stylesheets; an
  // attribute value only when some rule's attribute selector could match it (=, ^=, $=, *=, ~=, |=). So pages
  // that differ only in their text, links and headings' ids share PurgeCSS's answer: at 50 times the
  // content, a language has a few dozen to work out, not a thousand (the match by selector, which is quicker,
  // runs on every page).
  const { vocabulary, isMatchable } = stylesheetWords(css + site);
  function signature(found) {
    const known = (values) => [...new Set(values)].filter((value) => vocabulary.has(value)).sort();
    const matchable = (values) => [...new Set(values)].filter(isMatchable).sort();
    return JSON.stringify([
      known(found.attributes.names),
      matchable(found.attributes.values),
      known(found.classes),
      known(found.ids),
      [...new Set(found.tags)].sort(),
      known(found.undetermined),
    ]);
  }

  // Each page is parsed once (htmlparser2): what PurgeCSS can tell apart in it (`selectorsIn`) names its kind,
  // and the same document is matched selector by selector. The first page of each kind gives the kind's PurgeCSS
  // pass its words; the pages after it share that pass. The page's shape (pageShaper) comes with its rules.
  const sheetsOfKind = new Map(); // signature → [material, own]: PurgeCSS's pass for the first page of the kind
  // (only where the pages' cache keeps them: a build without it has no use for them)
  const shapeOf = shapes ? pageShaper({ css, site }, { vocabulary, isMatchable }) : () => undefined;
  return async (html) => {
    const document = parseDocument(html);
    const shape = shapeOf(document); // as delivered: rulesInUse puts the document through its states
    const words = selectorsIn(document);
    const key = signature(words);
    let sheets = sheetsOfKind.get(key);
    if (sheets === undefined) {
      const [material, own] = await new PurgeCSS().purge({
        ...options,
        content: [{ raw: html, extension: "html" }],
        css: [{ raw: css }, { raw: site }],
        extractors: [{ extractor: () => words, extensions: ["html"] }],
        safelist: { standard: ["js", anyElement] },
      });
      sheets = [material.css, own.css];
      sheetsOfKind.set(key, sheets);
    }
    return [rulesInUse(sheets, document), shape];
  };
}

// Each page's rules of `pages` (paths in siteDir) and its shape, as pageJudge works them out; a Map page → [rules,
// shape].
export async function pageRules({ siteDir, css, site, pages, shapes = true }) {
  const judge = pageJudge({ css, site, shapes });
  const answer = new Map();
  for (const page of pages) answer.set(page, await judge(readFileSync(join(siteDir, page), "utf8")));
  return answer;
}

// Two threads work the pages out when a language has this many to work out and there is a second core: the
// build takes a language of 100 pages or more on its own (scripts/cli/language_builds.py), and its Python
// process waits for this answer, so the second core was idle. Fewer pages are not worth a second V8 heap.
export const THREADED_FROM = 100;

export function threadsFor(pagesToWorkOut, cores = availableParallelism()) {
  return pagesToWorkOut >= THREADED_FROM && cores > 1 ? 2 : 1;
}

// The main thread's share of the pages when there are two threads: it also makes "full" (the pass over every
// page), about a fifth of Node.js's work at 650 pages a language.
export const MAIN_SHARE = 0.4;

// `pages` in `parts` runs of consecutive pages (pages of one kind are mostly next to each other, and a run
// works out PurgeCSS's pass once per kind it meets), the first run first: `firstShare` of the pages, the rest
// shared evenly by the others.
export function splitFor(pages, parts, firstShare = 1 / parts) {
  const first = parts === 1 ? pages.length : Math.round(pages.length * firstShare);
  const size = Math.ceil((pages.length - first) / Math.max(parts - 1, 1));
  return [pages.slice(0, first), ...Array.from({ length: parts - 1 }, (_, i) => pages.slice(first + i * size, first + (i + 1) * size))];
}

// The worker thread's heap, capped as the process's own is (scripts/postprocess/style_rules.py HEAP_MB): left to
// itself it grew to about 110 MB beside the main thread's, and the build's summed peak at 50 times the pages
// reached 395 MB. Its young generation is kept small for the same reason (more frequent, cheaper collections).
export const WORKER_LIMITS = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 12 };
// A worker thread takes this process's options, but not the one that says how to read a script given as text
// (--input-type, as the tests run modules): a worker of this file refuses it, and would never start. Only then are
// they given: a worker also refuses V8's options (the shared process's memory caps) given, not inherited.
const INHERITED = process.execArgv.filter((option) => !option.startsWith("--input-type"));
const WORKER_OPTIONS = {
  resourceLimits: WORKER_LIMITS,
  ...(INHERITED.length < process.execArgv.length ? { execArgv: INHERITED } : {}),
};

// pageRules in a worker thread of this module; its answer as the same Map. Should the thread fail (its heap
// cap), its pages are worked out in this thread instead: slower, the same answer.
export const threadFailures = { count: 0 }; // how many times a worker thread failed here (the tests ask)

function inThread(request) {
  const inWorker = new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: { pageRules: request }, ...WORKER_OPTIONS });
    worker.once("message", (entries) => resolve(new Map(entries)));
    worker.once("error", reject);
    worker.once("exit", (code) => code !== 0 && reject(new Error(`style rules' worker thread ended with ${code}`)));
  });
  return inWorker.catch(() => {
    threadFailures.count += 1;
    return pageRules(request);
  });
}

// --- Pages worked out ahead ----------------------------------------------------------------------------------
// A language of many pages is built alone (scripts/cli/language_builds.py), and while MkDocs rendered its pages a
// core waited: no page's rules were worked out before the last page was written. The build now names each page as
// soon as MkDocs has written it (scripts/postprocess/style_rules.py PagesAhead, through serve-style-rules.mjs), and
// a worker thread works its rules out meanwhile. What it found is used for a page only when the request at the end
// finds the same HTML and the same stylesheets (their digests, as the pages' cache is keyed): a page written again,
// or never named, is worked out then, as before. So the answer is the same either way.
const READY = "ready"; // what the worker says once it listens
const WORDS_GATHERED = "words-gathered-ahead"; // the whole pass's content, when the worker gathered the pages' words

export class PagesAhead {
  constructor({ siteDir, stylesheet, site, pagesCache, codeKey = "" }) {
    this.siteDir = siteDir;
    const ahead = { siteDir, stylesheet, site, pagesCache, codeKey };
    this.worker = new Worker(new URL(import.meta.url), { workerData: { ahead }, ...WORKER_OPTIONS });
    this.ready = false; // its code loaded and listening (a worker loads its modules again: about 0.25 s)
    this.found = new Promise((resolve) => {
      this.giveUp = () => resolve(null);
      this.worker.on("message", (message) => {
        if (message === READY) {
          this.ready = true;
          return;
        }
        resolve(message);
        this.worker.terminate();
      });
      this.worker.once("error", () => resolve(null)); // its heap cap, say: the pages are worked out at the end
      this.worker.once("exit", () => resolve(null));
    });
    this.ended = false;
  }

  // One more page written (its path in siteDir).
  add(page) {
    if (!this.ended) this.worker.postMessage(page);
  }

  // No more pages: what was found ({rulesKey, critical, pages: digest of a page's HTML → index in critical}, as
  // the pages' cache holds it), or null. The worker stops after the page it is on: the pages named that it has not
  // reached are worked out with the request, on every core then free, rather than after it. `all`: it works out
  // every page named first (the tests see what it finds).
  end({ all = false } = {}) {
    if (!this.ended && !this.ready && !all) {
      // Not started yet (few pages, written in less time than a worker takes to load): it has found nothing,
      // and waiting for it to say so would only delay the request.
      this.worker.terminate();
      this.giveUp();
    } else if (!this.ended) {
      this.worker.postMessage({ all });
    }
    this.ended = true;
    return this.found;
  }
}

// The worker thread of PagesAhead: the pages it is named, one after the other, each once per HTML; a page the
// pages' cache already has is skipped. A page it cannot read or work out is left to the end.
function workAhead({ siteDir, stylesheet, site, pagesCache, codeKey }) {
  let stopped = false;
  let judge = null;
  let rulesKey = null;
  let kept = null;
  const critical = [];
  const byHtml = {};
  const shapes = {}; // the digest of a page's HTML → its shape (pageShaper)
  const distinct = new Map(); // the rules as JSON → their index in critical
  const words = new Set(); // every page's words (wordsOf), for the language's whole stylesheet
  const wordKeys = {}; // page → the digest of the HTML its words were read from
  const work = async (page) => {
    // PurgeCSS's pass resolves without waiting for anything, so the pages queued would all run before the message
    // that says stop were read: it is read between two pages.
    await new Promise((resolve) => setImmediate(resolve));
    if (stopped) return;
    try {
      if (judge === null) {
        // read at the first page, not before: MkDocs has copied the stylesheet by then
        const css = readFileSync(stylesheet, "utf8");
        rulesKey = digest(codeKey, css, site);
        kept = keptRules(pagesCache, rulesKey);
        judge = pageJudge({ css, site, shapes: Boolean(pagesCache) });
      }
      const html = readFileSync(join(siteDir, page), "utf8");
      const htmlKey = digest(html);
      if (!(page in wordKeys)) {
        for (const word of wordsOf(html)) words.add(word);
        wordKeys[page] = htmlKey;
      }
      if (htmlKey in byHtml || kept?.pages[htmlKey] !== undefined) return;
      const [rules, shape] = await judge(html);
      const text = JSON.stringify(rules);
      if (!distinct.has(text)) distinct.set(text, critical.push(rules) - 1);
      byHtml[htmlKey] = distinct.get(text);
      shapes[htmlKey] = shape;
    } catch {
      // worked out at the end, where a failure is reported
    }
  };
  let queue = Promise.resolve();
  parentPort.on("message", (page) => {
    if (typeof page === "string") {
      queue = queue.then(() => work(page));
      return;
    }
    stopped = !page.all;
    queue.then(() => parentPort.postMessage({ rulesKey, critical, pages: byHtml, shapes, words: [...words], wordKeys }));
  });
  parentPort.postMessage(READY);
}

// The answer (above) for the pages of one built language. `ahead`: what PagesAhead.end() promises, if this
// language's pages were named as they were written.
export async function styleRules(
  { siteDir, stylesheet, siteCss, scripts, pages, pagesCache, codeKey = "", threads },
  { ahead = null } = {},
) {
  const site = readFileSync(siteCss, "utf8");
  // Each page's rules are judged against Material's whole stylesheet, not against "full": a rule that a page's
  // elements use is a rule the language uses, so both give the same rules (tests/test_style_rules.py holds them
  // to it), and the pages need not wait for the pass over every page that makes "full".
  const whole = readFileSync(stylesheet, "utf8");

  // Then each page keeps, of its set's rules, those whose selectors match its elements (rules-in-use.mjs):
  // PurgeCSS looks for the words of a selector anywhere in the page, not for its structure. The answer is put
  // together in the pages' order.
  const rulesOfPage = new Map(); // page → its rules, one copy for the pages that have the same
  const distinct = new Map(); // the rules as JSON → that copy
  const keepOnce = (rules) => {
    const text = JSON.stringify(rules);
    if (!distinct.has(text)) distinct.set(text, rules);
    return distinct.get(text);
  };
  const rulesKey = digest(codeKey, whole, site);
  const kept = keptRules(pagesCache, rulesKey);
  const found = await ahead;
  const early = found?.rulesKey === rulesKey ? found : null; // worked out ahead for these stylesheets
  const htmlKeys = new Map(); // page → the digest of its HTML
  const shapes = new Map(); // page → its shape, where known
  // The words of every page for the language's whole stylesheet (below): those the worker gathered ahead, with
  // those of the pages it had not reached. A page written again since it was named would leave its old words in:
  // then every page is read for them again, as without the worker.
  let words = early?.wordKeys ? new Set(early.words) : null;
  // The kept pages by their shapes (pageShaper), and what gives a new page's shape: only where there are some.
  const keptShapes = new Map();
  for (const [htmlKey, shape] of Object.entries(kept?.shapes ?? {})) {
    const index = kept.pages[htmlKey];
    if (index !== undefined && kept.critical[index]) keptShapes.set(shape, index);
  }
  const shapeOf = keptShapes.size > 0 ? pageShaper({ css: whole, site }) : null;
  const toWorkOut = [];
  let fresh = 0; // pages not taken from the pages' cache by their HTML
  for (const page of pages) {
    const html = readFileSync(join(siteDir, page), "utf8");
    const htmlKey = digest(html);
    htmlKeys.set(page, htmlKey);
    if (words !== null) {
      const named = early.wordKeys[page];
      if (named === undefined) for (const word of wordsOf(html)) words.add(word);
      else if (named !== htmlKey) words = null;
    }
    const index = kept?.pages[htmlKey];
    if (index !== undefined && kept.critical[index]) {
      rulesOfPage.set(page, keepOnce(kept.critical[index]));
      shapes.set(page, kept.shapes?.[htmlKey]);
      continue;
    }
    fresh += 1;
    const before = early?.pages[htmlKey];
    if (before !== undefined) {
      rulesOfPage.set(page, keepOnce(early.critical[before]));
      shapes.set(page, early.shapes?.[htmlKey]);
      continue;
    }
    if (shapeOf !== null) {
      const shape = shapeOf(parseDocument(html));
      shapes.set(page, shape);
      const alike = keptShapes.get(shape);
      if (alike !== undefined) {
        rulesOfPage.set(page, keepOnce(kept.critical[alike]));
        continue;
      }
    }
    toWorkOut.push(page);
  }

  // The pages to work out, in one thread or, when there are many and a core to spare, two (`threadsFor`; a
  // request may say how many). A worker thread starts on its share at once; this thread makes "full" meanwhile,
  // and so takes the smaller share of the pages (MAIN_SHARE).
  const count = threads ?? threadsFor(toWorkOut.length);
  const parts = splitFor(toWorkOut, count, count > 1 ? MAIN_SHARE : 1);
  const shapesKept = Boolean(pagesCache);
  const inWorker = parts.slice(1).map((part) => inThread({ siteDir, css: whole, site, pages: part, shapes: shapesKept }));
  const wholePass = new KeptPurgeCSS(rulesKey, decidingWords(whole + site), kept?.whole);
  // Every page's words, as PurgeCSS would read them from each HTML file of siteDir (the pages asked about: all of
  // them), or from the files themselves.
  const everything = await wholePass.purge({
    ...options,
    content: [words ? { raw: "", extension: WORDS_GATHERED } : `${siteDir}/**/*.html`, ...scripts],
    extractors: words ? [{ extractor: () => [...words], extensions: [WORDS_GATHERED] }] : [],
    defaultExtractor: wordsOf,
    css: [stylesheet, siteCss],
    safelist: {
      standard: [
        /^md-nav__link--active$/,
        /^md-search-result/,
        /^md-tooltip/,
        /^focus-visible$/,
        /^md-typeset$/,
        anyElement,
      ],
      greedy: [/data-md-/],
    },
  });
  const full = everything.find((result) => result.file === stylesheet);
  if (!full) throw new Error(`${stylesheet} was not processed`);
  const answers = [
    await pageRules({ siteDir, css: whole, site, pages: parts[0], shapes: shapesKept }),
    ...(await Promise.all(inWorker)),
  ];
  for (const answer of answers) {
    for (const [page, [rules, shape]] of answer) {
      rulesOfPage.set(page, keepOnce(rules));
      shapes.set(page, shape);
    }
  }
  const critical = [];
  const byPage = {};
  const byHtml = {};
  const shapeOfHtml = {};
  const byRules = new Map();
  for (const page of pages) {
    const rules = rulesOfPage.get(page);
    if (!byRules.has(rules)) {
      byRules.set(rules, critical.length);
      critical.push(rules);
    }
    byPage[page] = byRules.get(rules);
    byHtml[htmlKeys.get(page)] = byRules.get(rules);
    if (shapes.get(page) !== undefined) shapeOfHtml[htmlKeys.get(page)] = shapes.get(page);
  }
  if (fresh > 0 || !kept || wholePass.found) {
    keepRules(pagesCache, rulesKey, critical, byHtml, shapeOfHtml, wholePass.found ?? kept?.whole);
  }
  return { full: full.css, critical, pages: byPage };
}

// As a script: one language, from its arguments and standard input, or (--request) from the request's JSON
// on standard input, as serve-style-rules.mjs gets it for every language of a build.
if (isMainThread && process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const request =
    process.argv[2] === "--request"
      ? JSON.parse(readFileSync(0, "utf8"))
      : (([siteDir, stylesheet, siteCss, ...scripts]) => ({ siteDir, stylesheet, siteCss, scripts }))(
          process.argv.slice(2),
        );
  if (process.argv[2] !== "--request") request.pages = JSON.parse(readFileSync(0, "utf8"));
  try {
    process.stdout.write(JSON.stringify(await styleRules(request)));
  } catch (error) {
    console.error(`purge-css: ${error?.message ?? error}`);
    process.exit(1);
  }
}

// As a worker thread (inThread): one run of pages, its answer posted back as [page, [rules, shape]] pairs.
if (!isMainThread && workerData?.pageRules) {
  parentPort.postMessage([...(await pageRules(workerData.pageRules))]);
}

// As PagesAhead's worker thread.
if (!isMainThread && workerData?.ahead) workAhead(workerData.ahead);
