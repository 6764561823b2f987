// What the style rules' caches are keyed by (scripts/postprocess/purge-css.mjs keeps its answers under these):
// what of the pages' words decides a language's whole stylesheet, what of a page's HTML decides its rules, and the
// digest of both. Each is a function of the stylesheets, so that a key tells apart exactly what PurgeCSS and the
// selectors can, and no more: a sentence added, or another file of page versions named, leaves them as they were.
import { createHash } from "node:crypto";

export const digest = (...parts) => {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(`${Buffer.byteLength(part)}\0`).update(part);
  return hash.digest("hex");
};

// --- "full" kept by the words that decide it ---------------------------------------------------------------
// PurgeCSS keeps a rule of "full" by whether the words of the pages and scripts are, exactly, classes, ids, element
// or attribute names of its selectors, or begin, end or hold the value of an attribute selector (^=, |=, $=, *=,
// ~=): no other word can change it. So "full" is decided by the words that are words of the stylesheets or could
// match such a value, and it is kept in the pages' cache under their digest: an edit that adds a sentence leaves
// them as they were, and "full" is not worked out again. Where the stylesheets have an attribute selector this
// does not read (a value quoted otherwise, say), every word counts: nothing is ruled out.
const ATTRIBUTE_VALUE = /\[[\w-]+\s*([~|^$*]?)=\s*["']?([^\]"']*?)["']?\s*(?:\s[is])?\]/g;
const ANY_ATTRIBUTE_VALUE = /\[[^\]]*=/g;
const prefixOf = (word, part) => word.startsWith(part);
const partOf = (word, part) => part.trim().split(" ").some((piece) => word.includes(piece));
const VALUE_TESTS = {
  "": (word, part) => word === part,
  "^": prefixOf,
  "|": prefixOf,
  "$": (word, part) => word.endsWith(part),
  "*": partOf,
  "~": partOf,
};

// Whether a word can decide a rule of `rules` (stylesheets' text), as a function of the word: a word of theirs, or one
// an attribute selector's value could match (stylesheetWords, below).
export function decidingWords(rules) {
  const { vocabulary, isMatchable } = stylesheetWords(rules);
  return (word) => vocabulary.has(word) || isMatchable(word);
}

// The words of stylesheets (`rules`: their text) and whether some attribute selector of theirs could match a value:
// what PurgeCSS and the selectors can tell apart in a page.
export function stylesheetWords(rules) {
  const vocabulary = new Set(rules.match(/[\w-]+/g));
  // As PurgeCSS tests a value (VALUE_TESTS: `*=` and `~=` by each word of the selector's value, `|=` as `^=`), which
  // also covers what the selector itself matches.
  const selectorValues = [...rules.matchAll(ATTRIBUTE_VALUE)].map(([, operator, part]) => [
    VALUE_TESTS[operator],
    part.replace(/\\/g, ""),
  ]);
  // an attribute selector this does not read (decidingWords): every value could match
  const unread = selectorValues.length !== (rules.match(ANY_ATTRIBUTE_VALUE) ?? []).length;
  // Whether some attribute selector could match a value, worked out once per value: the pages of a language
  // share most of theirs (classes, paths, the palette's), and each was tested against every selector. A value is
  // kept as a copy (as in wordsOf): htmlparser2 cuts it from the page, and V8 would keep the page alive with it.
  const matchableValues = new Map();
  const isMatchable = (value) => {
    let matchable = matchableValues.get(value);
    if (matchable === undefined) {
      matchable = unread || selectorValues.some(([test, part]) => test(value, part));
      matchableValues.set(value.length < 13 ? value : ` ${value}`.slice(1), matchable);
    }
    return matchable;
  };
  return { vocabulary, isMatchable };
}

// --- A page's rules kept by its shape ------------------------------------------------------------------------
// Every page names the file of the pages' versions (assets/page-versions.<digest>.js), whose name changes with any
// page: after an edit every page's HTML is new, and every page's rules were worked out again, though only one page
// changed. A page's rules depend on less than its HTML: its elements, their order and nesting, the attributes the
// stylesheets name (class and id always), the values of others only where an attribute selector could match them,
// and whether an element holds text other than white space (`:empty`; all of its text where a selector asks what
// it says, `:contains`). Pages alike in these have the same rules: the pages' cache keeps each page's rules under
// a digest of them too, its shape, and a page whose HTML is new is parsed and looked up by its shape before it is
// worked out. Comments and the doctype are nothing a selector sees.
const TEXT_SELECTORS = /:(?:i?contains|parent)\b/;
const WHITE_SPACE = /^[ \t\r\n]*$/; // as css-select's `:empty` reads a text
export function pageShaper({ css, site }, { vocabulary, isMatchable } = stylesheetWords(css + site)) {
  const named = new Set([...vocabulary].map((word) => word.toLowerCase()));
  const wholeText = TEXT_SELECTORS.test(css + site);
  const namesTold = new Map(); // an attribute's name → whether its value counts whatever it is
  const told = (name) => {
    let yes = namesTold.get(name);
    if (yes === undefined) namesTold.set(name, (yes = name === "class" || name === "id" || named.has(name.toLowerCase())));
    return yes;
  };
  // each name and value written with its length before it, so that no two shapes write the same
  const put = (parts, text) => parts.push(`${text.length}:`, text);
  return (document) => {
    const parts = [];
    const walk = (node) => {
      for (const child of node.children ?? []) {
        if (child.type === "text") {
          if (wholeText) put(parts, `t${child.data}`);
          else if (!WHITE_SPACE.test(child.data)) parts.push("t");
        } else if (child.type === "tag" || child.type === "script" || child.type === "style" || child.type === "cdata") {
          parts.push("<");
          put(parts, child.name ?? child.type);
          for (const name in child.attribs ?? {}) {
            const value = child.attribs[name];
            put(parts, name);
            if (told(name) || value.split(" ").some(isMatchable)) put(parts, `=${value}`);
          }
          walk(child);
          parts.push(">");
        }
      }
    };
    walk(document);
    return digest(parts.join(""));
  };
}
