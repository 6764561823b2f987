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

// A test for one selector, or KEEP: `test` is css-select's compiled test of an element, and `needs` a class
// or element name the matched element must have (from the selector's last compound), to look only at the
// elements that have it.
function matcher(selector) {
  try {
    const loose = parse(selector).map((tokens) => loosen(tokens, false));
    if (loose.includes(KEEP)) return KEEP;
    const test = compile(loose);
    if (loose.length !== 1) return { test, needs: null };
    const last = loose[0].slice(loose[0].findLastIndex((token) => isTraversal(token)) + 1);
    const byClass = last.find((token) => token.type === "attribute" && token.name === "class" && token.action === "element");
    const byName = last.find((token) => token.type === "tag");
    return {
      test,
      needs: byClass ? `.${byClass.value}` : byName ? byName.name : null,
    };
  } catch {
    return KEEP;
  }
}

// The page's elements by class (".name") and by element name, and all of them (null).
function indexOf(document) {
  const index = new Map([[null, []]]);
  const add = (key, element) => {
    if (!index.has(key)) index.set(key, []);
    index.get(key).push(element);
  };
  const walk = (node) => {
    for (const child of node.children ?? []) {
      if (child.type !== "tag" && child.type !== "script" && child.type !== "style") continue;
      add(null, child);
      add(child.name, child);
      for (const name of (child.attribs.class ?? "").split(/\s+/)) if (name) add(`.${name}`, child);
      walk(child);
    }
  };
  walk(document);
  return index;
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
  const index = indexOf(document);
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
        const { test, needs } = cachedMatcher(selector);
        const candidates = needs === null ? index.get(null) : [...(index.get(needs) ?? []), ...changing];
        if (candidates.some((element) => test(element))) {
          used.add(selector);
          open.delete(selector);
        }
      }
    }
    return reduce(sheet, used);
  });
}
