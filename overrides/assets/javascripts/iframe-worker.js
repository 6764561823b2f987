/*
 * Search in the offline copy, opened from file://, where browsers refuse to start a Web Worker.
 *
 * Material's offline plugin expects a polyfill that replaces window.Worker on file:// pages
 * (extra.polyfills, set by scripts/cli/site.py for the offline build; a name containing "iframe-worker" stops
 * the plugin adding one from a CDN). Like the iframe-worker package, this runs the worker script in a
 * hidden same-origin <iframe>. Unlike it, it loads the script with a script element instead of writing an
 * inline script into the frame, so the page's Content-Security-Policy needs no exception, and it passes
 * on a message only once the worker script has run (an explicit ready signal, not a race).
 */
(function () {
  "use strict";
  if (location.protocol !== "file:") {
    return;
  }

  function loadScript(frameDocument, src) {
    return new Promise((resolve, reject) => {
      const script = frameDocument.createElement("script");
      script.src = src;
      script.onload = () => resolve();
      script.onerror = () => reject(new Error(`${src} did not load`));
      frameDocument.head.appendChild(script);
    });
  }

  class FrameWorker extends EventTarget {
    constructor(url) {
      super();
      this.onmessage = null;
      this.onerror = null;
      this.frame = document.createElement("iframe");
      this.frame.hidden = true;
      this.frame.setAttribute("aria-hidden", "true");
      this.frame.tabIndex = -1;
      document.body.appendChild(this.frame);
      const scope = this.frame.contentWindow;
      // What a worker script calls on its global scope: answers go to this object's listeners, later,
      // as a worker's would; importScripts loads in order and returns a promise (Material awaits it).
      scope.postMessage = (data) => {
        const copy = structuredClone(data);
        setTimeout(() => this.deliver(copy));
      };
      scope.importScripts = (...urls) => urls.reduce(
        (done, src) => done.then(() => loadScript(scope.document, new URL(src, location.href).href)),
        Promise.resolve());
      this.started = loadScript(scope.document, new URL(url, location.href).href);
      this.started.catch((error) => this.fail(error));
    }

    postMessage(data) {
      const copy = structuredClone(data);
      this.started.then(() => {
        this.frame.contentWindow.dispatchEvent(new MessageEvent("message", { data: copy }));
      }, () => {});
    }

    terminate() {
      this.frame.remove();
    }

    deliver(data) {
      const event = new MessageEvent("message", { data });
      this.dispatchEvent(event);
      if (typeof this.onmessage === "function") {
        this.onmessage(event);
      }
    }

    fail(error) {
      const event = new ErrorEvent("error", { message: error.message, error });
      this.dispatchEvent(event);
      if (typeof this.onerror === "function") {
        this.onerror(event);
      }
    }
  }

  // Material's worker looks for this name on its parent to find the stemmers it loads (lunr languages).
  window.IFrameWorker = FrameWorker;
  window.Worker = FrameWorker;
})();
