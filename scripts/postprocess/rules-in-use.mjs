// The rules of a stylesheet that can apply to a page before Material's bundle runs, judged by matching
// each selector against the page's elements (css-select), not by the words it names as PurgeCSS does:
// `[dir=ltr] .md-typeset ul` stays on an Arabic page only if a list sits inside a left-to-right element,
// not because a `<bdi dir=ltr>` and a list are both somewhere on it.
//
// What the reader or a script can change before the bundle runs is taken as possible, so the answer is
// never short of a rule the page could need:
// - states (`:hover`, `:focus-visible`, `:checked`, `:target`...) and pseudo-elements are left out of
//   the match: `.md-nav__link:hover` stays when a `.md-nav__link` is on the page. Only positional and
//   logical pseudo-classes, which the HTML settles, are matched as written. A state inside `:not()`
//   keeps the selector whole.
// - the page is matched as delivered (a reader without JavaScript), with `js` for `no-js` on <html> (the
//   first script in <head>, overrides/main.html), and once per colour palette with its attributes on
//   <body> and its switch shown (Material's palette script and material-on-use.js, which apply the
//   reader's saved choice or the system's before the first paint).
// A selector css-select cannot read is kept.
import { compile, selectAll, selectOne } from "css-select";
import { isTraversal, parse } from "css-what";
import { parseDocument } from "htmlparser2";
import postcss from "postcss";

// Pseudo-classes the HTML settles; every other one is a state, left out of the match.
const SETTLED = new Set([
  "not", "is", "where", "matches", "has", "root",
  "first-child", "last-child", "only-child", "first-of-type", "last-of-type", "only-of-type",
  "nth-child", "nth-last-child", "nth-of-type", "nth-last-of-type",
]);
const KEEP = Symbol("keep");
// What the states below change: <html>'s class (`no-js` → `js`), <body>'s palette attributes and the
// palette switches' `hidden`.
const STATEFUL = /\.(?:no-)?js(?![\w-])|data-md-color-|hidden/;

// One selector (css-what's tokens) with its states and pseudo-elements left out, or KEEP.
function loosen(tokens, negated) {
  const out = [];
  let compound = [];
  const close = (combinator) => {
    // A compound left empty (`.md-typeset :target`) matches any element.
    if (compound.length === 0 && (out.length > 0 || !combinator)) compound.push({ type: "universal", namespace: null });
    out.push(...compound);
    if (combinator) out.push(combinator);
    compound = [];
  };
  for (const token of tokens) {
    if (isTraversal(token)) {
      close(token);
    } else if (token.type === "pseudo-element") {
      continue;
    } else if (token.type === "pseudo" && !SETTLED.has(token.name)) {
      if (negated) return KEEP;
    } else if (token.type === "pseudo" && Array.isArray(token.data)) {
      const inner = [];
      for (const selector of token.data) {
        const loose = loosen(selector, negated || token.name === "not");
        if (loose === KEEP) return KEEP;
        inner.push(loose);
      }
      compound.push({ ...token, data: inner });
    } else {
      compound.push(token);
    }
  }
  close(null);
  return out;
}

// A test for one selector, or KEEP, with what an element must be for it to match, from the class and element
// names its compounds name outside their pseudo-classes (`.md-typeset ol > li.x`): `needs`, those of the last
// compound, which the matched element has; `within`, those of the compounds joined to it by descendant or child
// combinators (ol, .md-typeset: the matched element is inside an element that has them; `+` and `~` keep the
// containers before them); `requires`, those of every compound before the last (a page without such an element
// has no match). These only choose which elements are tested: the test is css-select's, of the whole selector.
// A selector that names what the states change (STATEFUL: <html> gets the class `js`) requires and is within
// nothing, since the page is indexed as delivered.
function matcher(selector) {
  try {
    const loose = parse(selector).map((tokens) => loosen(tokens, false));
    if (loose.includes(KEEP)) return KEEP;
    const test = compile(loose);
    if (loose.length !== 1) return { test, needs: [], within: [], requires: [] };
    const compounds = [[]];
    const within = [];
    for (const token of loose[0]) {
      if (isTraversal(token)) {
        if (token.type === "descendant" || token.type === "child") within.push(...compounds.at(-1));
        else if (token.type !== "sibling" && token.type !== "adjacent") within.length = 0;
        compounds.push([]);
      } else if (token.type === "tag") {
        compounds.at(-1).push(token.name.toLowerCase());
      } else if (isClass(token)) {
        compounds.at(-1).push(`.${token.value}`);
      }
    }
    const needs = compounds.pop();
    if (STATEFUL.test(selector)) return { test, needs, within: [], requires: [] };
    return { test, needs, within, requires: compounds.flat() };
  } catch {
    return KEEP;
  }
}

// A class as the index has it: `[class~=x i]` matches whatever the case, and is not one.
const isClass = (token) =>
  token.type === "attribute" && token.name === "class" && token.action === "element" && token.ignoreCase !== true;

const NONE = [];

// The page's elements by class (".name") and by element name, and all of them (null), in the document's order:
// `index` of the whole page, and `inside(key)` of what the elements that have `key` hold (made when first asked
// for). `spread(key)`: how many elements those hold, to choose the smaller place to look.
class PageIndex {
  constructor(document) {
    this.sizes = new Map(); // element → how many elements it holds
    this.index = this.#indexOf([document], true);
    this.held = new Map();
    this.spreads = new Map();
  }

  #indexOf(roots, measure) {
    const index = new Map([[null, []]]);
    const add = (key, element) => {
      const list = index.get(key);
      if (list) list.push(element);
      else index.set(key, [element]);
    };
    const walk = (node) => {
      let count = 0;
      for (const child of node.children ?? []) {
        if (child.type !== "tag" && child.type !== "script" && child.type !== "style") continue;
        add(null, child);
        add(child.name, child);
        for (const name of (child.attribs.class ?? "").split(/\s+/)) if (name) add(`.${name}`, child);
        const inner = walk(child);
        if (measure) this.sizes.set(child, inner);
        count += 1 + inner;
      }
      return count;
    };
    for (const root of roots) walk(root);
    return index;
  }

  spread(key) {
    let count = this.spreads.get(key);
    if (count === undefined) {
      count = 0;
      for (const element of this.index.get(key) ?? NONE) count += this.sizes.get(element);
      this.spreads.set(key, count);
    }
    return count;
  }

  inside(key) {
    let index = this.held.get(key);
    if (index) return index;
    // An element of `key` inside another is held by it: its elements are listed once.
    const holders = new Set(this.index.get(key) ?? NONE);
    const outer = [...holders].filter((element) => !heldBy(holders, element));
    index = this.#indexOf(outer, false);
    this.held.set(key, index);
    return index;
  }
}

function heldBy(holders, element) {
  for (let node = element.parent; node; node = node.parent) if (holders.has(node)) return true;
  return false;
}

// Whether an element of the page passes `test`. It looks among the elements that have all of `needs`, inside the
// elements of the `within` key that hold fewest (or in the whole page), then at <html> and <body>, whose
// attributes the states change; at none when an element `requires` names is missing.
function matchesIn(page, changing, { test, needs, within, requires }) {
  for (const key of requires) if (!page.index.has(key)) return false;
  let candidates = fewestOf(page.index, needs);
  for (const key of within) {
    if (page.spread(key) < candidates.length) candidates = fewestOf(page.inside(key), needs);
  }
  return candidates.some((element) => test(element)) || changing.some((element) => test(element));
}

// The elements of `index` that have the key of `needs` fewest have (all of them when it names none).
function fewestOf(index, needs) {
  let candidates = index.get(null) ?? NONE;
  for (const key of needs) {
    const some = index.get(key) ?? NONE;
    if (some.length < candidates.length) candidates = some;
  }
  return candidates;
}

// The states of a page before the bundle runs (see the top of this file), as functions that put the
// document in that state: <html>'s class, <body>'s palette attributes, and which palette switch shows
// (material-on-use.js shows the label after the current palette's input and hides the others).
function states(document) {
  const html = selectOne("html", document);
  const body = selectOne("body", document);
  const classAsDelivered = html?.attribs.class ?? "";
  const withJs = classAsDelivered.replace(/(^|\s)no-js(?=\s|$)/, "$1js");
  const bodyAsDelivered = { ...(body?.attribs ?? {}) };
  const inputs = selectAll("input[data-md-color-scheme]", document);
  const switches = inputs.map((input) => {
    let next = input.next;
    while (next && next.type !== "tag") next = next.next;
    return next && next.name === "label" ? next : null;
  });
  const hiddenAsDelivered = switches.map((label) => label?.attribs.hidden);
  const put = (htmlClass, palette) => () => {
    if (html) html.attribs.class = htmlClass;
    if (body) body.attribs = { ...bodyAsDelivered };
    switches.forEach((label, i) => {
      if (!label) return;
      delete label.attribs.hidden;
      const hidden = palette === null ? hiddenAsDelivered[i] : i === palette ? undefined : "";
      if (hidden !== undefined) label.attribs.hidden = hidden;
    });
    if (palette === null || !body) return;
    for (const key of ["media", "scheme", "primary", "accent"]) {
      const value = inputs[palette].attribs[`data-md-color-${key}`];
      if (value !== undefined) body.attribs[`data-md-color-${key}`] = value;
    }
  };
  return [put(classAsDelivered, null), put(withJs, null), ...inputs.map((_, i) => put(withJs, i))];
}

// Compiled selectors, kept across the pages of a build.
const matchers = new Map();
function cachedMatcher(selector) {
  if (!matchers.has(selector)) matchers.set(selector, matcher(selector));
  return matchers.get(selector);
}

// A stylesheet read once for all the pages that use it: its rules (those of @keyframes left out), each
// rule's selectors, and its reductions already made (by the selectors kept), which pages that match the
// same selectors share. Reading, reducing and writing a stylesheet took most of the time per page, and
// pages of one kind match the same selectors. Only the last few stylesheets are kept, so that memory
// does not grow with the number of kinds of page: purge-css.mjs passes the pages on one kind at a time.
const KEPT_SHEETS = 4;
const sheets = new Map();
function readSheet(css) {
  let sheet = sheets.get(css);
  if (sheet) {
    sheets.delete(css); // most recently used last
    sheets.set(css, sheet);
    return sheet;
  }
  const root = postcss.parse(css);
  const rules = rulesOf(root);
  sheet = { root, selectors: rules.map((rule) => rule.selectors), reduced: new Map() };
  sheets.set(css, sheet);
  if (sheets.size > KEPT_SHEETS) sheets.delete(sheets.keys().next().value);
  return sheet;
}

function rulesOf(root) {
  const rules = [];
  root.walkRules((rule) => {
    if (rule.parent?.type === "atrule" && /keyframes$/.test(rule.parent.name)) return;
    rules.push(rule);
  });
  return rules;
}

// The stylesheet with only the selectors of `used`: rules left without one go, then at-rules left empty.
function reduce(sheet, used) {
  const key = sheet.selectors.map((selectors) => selectors.map((selector) => (used.has(selector) ? 1 : 0)).join("")).join(",");
  if (sheet.reduced.has(key)) return sheet.reduced.get(key);
  const root = sheet.root.clone();
  rulesOf(root).forEach((rule, i) => {
    const selectors = sheet.selectors[i];
    const kept = selectors.filter((selector) => used.has(selector));
    if (kept.length === 0) rule.remove();
    else if (kept.length < selectors.length) rule.selectors = kept;
  });
  let emptied = true;
  while (emptied) {
    emptied = false;
    root.walkAtRules((atRule) => {
      if (atRule.nodes && atRule.nodes.length === 0) {
        atRule.remove();
        emptied = true;
      }
    });
  }
  const css = root.toString();
  sheet.reduced.set(key, css);
  return css;
}

// Each stylesheet of `sheets` reduced to the rules that may apply to the page `html`, in their order;
// at-rules left empty go too. `@font-face` and `@keyframes` are left as they are. The page is read, indexed
// and put through its states once for all the sheets.
export function rulesInUse(sheetTexts, html) {
  const document = typeof html === "string" ? parseDocument(html) : html; // a page, or its parsed document
  // The index is of the page as delivered; <html> and <body>, whose attributes the states change, are
  // always looked at.
  const page = new PageIndex(document);
  const changing = [selectOne("html", document), selectOne("body", document)].filter(Boolean);
  const [asDelivered, ...later] = states(document);
  return sheetTexts.map((css) => {
    const sheet = readSheet(css);
    const open = new Set();
    const used = new Set();
    for (const selectors of sheet.selectors) {
      for (const selector of selectors) {
        if (cachedMatcher(selector) === KEEP) used.add(selector);
        else open.add(selector);
      }
    }
    // Only selectors that name what the states change are matched again in the later states; the first
    // state (as delivered) also undoes what the last sheet's states changed.
    const stateful = [...open].filter((selector) => STATEFUL.test(selector));
    for (const [apply, selectors] of [[asDelivered, [...open]], ...later.map((apply) => [apply, stateful])]) {
      apply();
      for (const selector of selectors) {
        if (!open.has(selector)) continue;
        if (matchesIn(page, changing, cachedMatcher(selector))) {
          used.add(selector);
          open.delete(selector);
        }
      }
    }
    return reduce(sheet, used);
  });
}
