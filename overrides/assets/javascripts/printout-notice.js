/*
 * Whether the printout a reader holds is current: loaded by material-on-use.js only when the page was opened
 * from a printed page's or leaflet's QR code (…/aftercare/?v=3f9c2a1b).
 *
 * The page carries, in partials/print-qr.html, the address of its language's version data (a static script
 * made by scripts/adapters/printed.py from data/page-versions.yml: a file:// page may not fetch JSON, but
 * may load a script of its own site) and its own file name. This file looks the address's version up there:
 * this page's current version, an earlier one, or the printed leaflet's; and shows the words the build wrote
 * for it, in the page's language (dates, lists and headings included). A version that is malformed or not
 * known is ignored. Nothing from the address is ever written into the page: only the build's words are, and
 * as text (textContent), never as HTML.
 */
(function () {
  "use strict";

  const VERSION = /^[0-9a-f]{8}$/;
  const slot = document.querySelector("[data-printout-notice]");
  const version = new URLSearchParams(location.search).get("v");
  if (!slot) {
    return;
  }
  // What was decided, for whoever checks (the tests): current, outdated, ignored, unknown or unavailable.
  const decided = (state) => slot.setAttribute("data-state", state);
  if (!version || !VERSION.test(version)) {
    decided("ignored");
    return;
  }

  const has = (object, key) => !!object && typeof object === "object" && Object.prototype.hasOwnProperty.call(object, key);

  // Lines are <div>s and the title <strong>: the page inlines only the style rules its own HTML uses, and the
  // box is empty in that HTML, so what goes in it is styled by the box's own rules (a grid with gaps) and by
  // the browser's (bold), never by rules about what the box contains.
  function line(text, bold) {
    const div = document.createElement("div");
    if (bold) {
      const strong = document.createElement("strong");
      strong.textContent = String(text);
      div.appendChild(strong);
    } else {
      div.textContent = String(text);
    }
    return div;
  }

  // A page's address in the data is relative to the language's site, where the data file's folder is assets/.
  function pageHref(href, dataUrl) {
    const url = new URL("../" + href, dataUrl);
    if (url.protocol === "file:" && url.pathname.endsWith("/")) {
      url.pathname += "index.html"; // a folder opened from disk is a listing, not its page
    }
    return url.href;
  }

  function show(state, title, lines, pages, dataUrl) {
    const box = slot.querySelector(".printout-notice--" + state);
    if (!box) {
      return;
    }
    box.replaceChildren(line(title, true));
    (lines || []).forEach((text) => box.appendChild(line(text, false)));
    if (pages && pages.length) {
      const list = document.createElement("ul");
      pages.forEach((page) => {
        const item = document.createElement("li");
        const link = document.createElement("a");
        link.href = pageHref(String(page.href), dataUrl);
        link.textContent = String(page.title);
        item.append(link, document.createTextNode(" — " + String(page.what)));
        list.appendChild(item);
      });
      box.appendChild(list);
    }
    box.hidden = false;
    decided(state);
  }

  function lookUp(data, dataUrl) {
    if (!data || typeof data !== "object") {
      decided("unavailable");
      return;
    }
    const page = slot.getAttribute("data-page");
    const entry = has(data.pages, page) ? data.pages[page] : null;
    const leaflet = data.leaflet || {};
    if (entry && entry.current === version) {
      show("current", data.current.title, data.current.lines, null, dataUrl);
    } else if (entry && has(entry.old, version)) {
      show("outdated", data.outdated.title, entry.old[version].lines, null, dataUrl);
    } else if (leaflet.current === version) {
      show("current", data.leaflet_current.title, data.leaflet_current.lines, null, dataUrl);
    } else if (has(leaflet.old, version)) {
      const old = leaflet.old[version];
      show("outdated", data.leaflet_outdated.title, old.lines, old.pages, dataUrl);
    } else {
      decided("unknown"); // a version this site never published: nothing to say about it
    }
  }

  const script = document.createElement("script");
  script.src = slot.getAttribute("data-versions");
  script.onload = () => lookUp(self.pagePrintoutVersions, script.src);
  script.onerror = () => decided("unavailable");
  document.body.appendChild(script);
})();
