/*
 * Material's script bundle (35 KB compressed) costs a page view nothing until the reader uses the page.
 *
 * A page is whole without it: the text, the menu, the language switcher and the search box open with HTML
 * and CSS alone. What the bundle adds (search results, the glossary tooltips, "back to top", keyboard
 * shortcuts) starts on the reader's first touch, click, key, scroll or mouse move, or at once when the
 * address asks for it (?q= opens search, ?h= highlights the words of a search result). Until then this file
 * does the one thing a reader can see is missing: the light/dark switch, done the way Material does it, in
 * the same place of storage, so that the bundle takes over from the state left here.
 *
 * The page inlines only the styles its own HTML uses (scripts/postprocess/pages.py); the <style> that ends them
 * names, in data-on-use, the whole stylesheet, which also styles what the bundle adds (search results,
 * tooltips). On first use this file links it right after that <style> and loads the bundle once it has
 * applied, so that nothing the bundle shows is ever unstyled.
 *
 * Material starts its components on DOMContentLoaded. When the bundle arrives after that event, this file
 * fires it again once the bundle has run (an explicit signal, not a guess at timing); when it arrives
 * before, the browser's own event starts it. tests/test_material_surface.py checks both of these
 * assumptions against the installed Material.
 *
 * Loaded with `defer` by overrides/main.html, which names the bundle in data-bundle (read from the installed
 * theme, never typed in) and the search's results-line script in data-search-line (loaded just before the
 * bundle). Loaded the same way from file:// (the offline copy).
 */
(function () {
  "use strict";

  const loader = document.currentScript;
  const bundleUrl = loader.getAttribute("data-bundle");
  const root = document.documentElement;
  const palette = document.querySelector("[data-md-component=palette]");
  const inputs = palette ? Array.from(palette.querySelectorAll("input[name=__palette]")) : [];

  // --- The light/dark switch until the bundle takes it over (Material's components/palette) -------------

  function colorOf(input) {
    return {
      media: input.getAttribute("data-md-color-media"),
      scheme: input.getAttribute("data-md-color-scheme"),
      primary: input.getAttribute("data-md-color-primary"),
      accent: input.getAttribute("data-md-color-accent"),
    };
  }

  function stored() {
    try {
      return __md_get("__palette");
    } catch (error) {
      return null; // storage refused (a private window): the system preference decides
    }
  }

  let current = 0;

  function applyPalette(index) {
    current = index;
    const color = colorOf(inputs[index]);
    for (const [key, value] of Object.entries(color)) {
      document.body.setAttribute(`data-md-color-${key}`, value);
    }
    // The visible switch is the label after the current palette's input; it points at the next palette.
    // That input is the one checked, so that Tab (which stops on a radio group's checked button, or on its
    // first when none is) reaches the switch shown: in the dark palette it reached the light one's, hidden.
    inputs.forEach((input, i) => {
      input.checked = i === index;
      const label = input.nextElementSibling;
      if (label instanceof HTMLElement) {
        label.hidden = i !== index;
      }
    });
    __md_set("__palette", { index, color });
  }

  function onPaletteChange(event) {
    const index = inputs.indexOf(event.target);
    if (index >= 0) {
      applyPalette(index);
    }
  }

  // Material switches with Enter too (a radio button alone answers to the arrow keys).
  function onPaletteKey(event) {
    if (event.key !== "Enter") {
      return;
    }
    const next = inputs[(current + 1) % inputs.length];
    next.click();
    next.focus();
  }

  if (inputs.length) {
    const saved = stored();
    const preferred = inputs.findIndex((input) => matchMedia(input.getAttribute("data-md-color-media")).matches);
    const index = saved && typeof saved.index === "number" ? saved.index : preferred;
    applyPalette(Math.max(0, Math.min(index, inputs.length - 1)));
    palette.addEventListener("change", onPaletteChange);
    palette.addEventListener("keydown", onPaletteKey);
  }

  // The search button focuses the box within the reader's tap, or a phone does not bring up its keyboard.
  const searchButton = document.querySelector("header [for=__search]");
  const searchBox = document.querySelector("input[data-md-component=search-query]");
  function focusSearch() {
    searchBox?.focus();
  }
  searchButton?.addEventListener("click", focusSearch);

  // --- The bundle, on first use -----------------------------------------------------------------------

  // Deferred, this file runs before the browser's DOMContentLoaded, whose passing it notes.
  let contentLoaded = false;
  document.addEventListener("DOMContentLoaded", () => (contentLoaded = true), { once: true });

  const FIRST_USE = ["pointerdown", "touchstart", "keydown", "focusin", "mouseover", "wheel", "scroll"];
  const options = { capture: true, passive: true };
  let requested = false;

  function handOver() {
    // Material's palette and search button handlers are in place: this file's stop.
    palette?.removeEventListener("change", onPaletteChange);
    palette?.removeEventListener("keydown", onPaletteKey);
    searchButton?.removeEventListener("click", focusSearch);
    root.setAttribute("data-md-bundle", "ready");
  }

  // The whole stylesheet, then `then()`; `failed()` when it cannot be had. It comes after the page's own
  // rules in the cascade: they are a part of it, in its order, so every element gets what it alone gives.
  let wholeApplied = false;
  function applyWholeStylesheet(then, failed) {
    const inline = document.querySelector("style[data-on-use]");
    if (!inline || wholeApplied) {
      then(); // the preview (`make serve`) links the stylesheets whole
      return;
    }
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = inline.getAttribute("data-on-use");
    link.onload = () => {
      wholeApplied = true;
      then();
    };
    link.onerror = () => {
      link.remove();
      failed();
    };
    inline.after(link);
  }

  function loadBundle() {
    if (requested) {
      return;
    }
    requested = true;
    FIRST_USE.forEach((type) => window.removeEventListener(type, loadBundle, options));
    root.setAttribute("data-md-bundle", "loading");
    applyWholeStylesheet(appendBundle, tryAgainLater);
  }

  // The page stays whole without the bundle; the next use tries again.
  function tryAgainLater() {
    requested = false;
    root.removeAttribute("data-md-bundle");
    FIRST_USE.forEach((type) => window.addEventListener(type, loadBundle, options));
  }

  function appendBundle() {
    // The search's results line (data-search-line) runs first: it must see the search worker Material starts.
    // Scripts added with async = false run in the order they were added.
    const lineUrl = loader.getAttribute("data-search-line");
    if (lineUrl && !document.querySelector(`script[src="${lineUrl}"]`)) {
      const line = document.createElement("script");
      line.src = lineUrl;
      line.async = false;
      document.body.appendChild(line);
    }
    const script = document.createElement("script");
    script.src = bundleUrl;
    script.async = false;
    script.onload = () => {
      if (contentLoaded) {
        document.dispatchEvent(new Event("DOMContentLoaded")); // Material's start signal, already past
        handOver();
      } else {
        // Material listens already (it registered when it ran), so it starts first, then this passes control on.
        document.addEventListener("DOMContentLoaded", handOver, { once: true });
      }
    };
    script.onerror = () => {
      script.remove();
      tryAgainLater();
    };
    document.body.appendChild(script);
  }

  const params = new URLSearchParams(location.search);
  if (params.has("q") || params.has("h")) {
    loadBundle();
  } else {
    FIRST_USE.forEach((type) => window.addEventListener(type, loadBundle, options));
  }

  // Opened from a printout's QR code (?v=): the notice that says whether the printout is current loads then
  // only (partials/print-qr.html names it), so an ordinary page view loads nothing more.
  const printout = document.querySelector("[data-printout-notice]");
  if (printout && params.has("v")) {
    const notice = document.createElement("script");
    notice.src = printout.getAttribute("data-printout-notice");
    document.body.appendChild(notice);
  }
})();
