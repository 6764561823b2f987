// PurgeCSS with each rule's selector list parsed once per process, not once per purge.
//
// PurgeCSS (pinned in package-lock.json) parses a rule's selector list with postcss-selector-parser, asks
// shouldKeepSelector of each selector in it, removes the others and writes the list back, in every purge.
// purge-css.mjs purges Material's stylesheet once for the language and again for each kind of page, and
// the parsing and writing were most of the time. Here a list is parsed once: the decisions are PurgeCSS's
// own (shouldKeepSelector, on that parse, which nothing changes), and the list it writes for a set of
// decisions is worked out by PurgeCSS's own code the first time and reused after. So the stylesheets are
// byte for byte what PurgeCSS writes. A rule PurgeCSS treats specially (an ignore comment, rules inside
// @keyframes, the rejected-selector options) goes through PurgeCSS's own evaluateRule.
import { PurgeCSS } from "purgecss";
import selectorParser from "postcss-selector-parser";

// selector list → { selectors: its selector nodes in PurgeCSS's walk order, written: decisions → list }
const lists = new Map();

function listOf(text) {
  let list = lists.get(text);
  if (list === undefined) {
    const selectors = [];
    selectorParser().astSync(text).walk((node) => {
      if (node.type === "selector") selectors.push(node);
    });
    list = { selectors, written: new Map() };
    lists.set(text, list);
  }
  return list;
}

// PurgeCSS's own isRuleEmpty (not exported).
function isRuleEmpty(node) {
  return (
    (node?.type === "rule" && !node.selector) ||
    (node?.nodes && !node.nodes.length) ||
    (node?.type === "atrule" && ((!node.nodes && !node.params) || (!node.params && node.nodes && !node.nodes.length)))
  );
}

function hasComment(rule) {
  let found = false;
  rule.walkComments(() => {
    found = true;
    return false;
  });
  return found;
}

export class MemoPurgeCSS extends PurgeCSS {
  evaluateRule(node, selectors) {
    if (
      this.ignore ||
      node.type !== "rule" ||
      node.prev()?.type === "comment" ||
      (node.parent?.type === "atrule" && node.parent.name.endsWith("keyframes")) ||
      this.options.rejected ||
      this.options.rejectedCss ||
      hasComment(node)
    ) {
      return super.evaluateRule(node, selectors);
    }
    const list = listOf(node.selector);
    const decisions = list.selectors.map((selector) => (this.shouldKeepSelector(selector, selectors) ? "1" : "0")).join("");
    let written = list.written.get(decisions);
    if (written === undefined) {
      written = this.writeList(node.selector, selectors, decisions);
      list.written.set(decisions, written);
    }
    node.selector = written;
    // What PurgeCSS's evaluateRule does after the selectors.
    if (node.selector && typeof node.nodes !== "undefined") {
      for (const childNode of node.nodes) {
        if (childNode.type === "decl") this.collectDeclarationsData(childNode);
      }
    }
    const parent = node.parent;
    if (!node.selector) node.remove();
    if (isRuleEmpty(parent)) parent?.remove();
  }

  // PurgeCSS's own selector transform (evaluateRule's), on a fresh parse; its decisions must be those
  // worked out on the kept parse, or the reuse above would be wrong.
  writeList(text, selectors, expected) {
    const made = [];
    const written = selectorParser((selectorsParsed) => {
      selectorsParsed.walk((selector) => {
        if (selector.type !== "selector") return;
        const keep = this.shouldKeepSelector(selector, selectors);
        made.push(keep ? "1" : "0");
        if (!keep) selector.remove();
      });
      selectorsParsed.walk((selector) => {
        if (selector.type !== "selector") return;
        if (selector.toString() && /(:where)|(:is)/.test(selector.toString())) {
          selector.walk((inner) => {
            if (inner.type !== "pseudo") return;
            if (inner.value !== ":where" && inner.value !== ":is") return;
            if (inner.nodes.length === 0) selector.remove();
          });
        }
      });
    }).processSync(text);
    if (made.join("") !== expected) {
      throw new Error(`memo-purgecss: PurgeCSS decided differently on a second parse of "${text}"`);
    }
    return written;
  }
}
