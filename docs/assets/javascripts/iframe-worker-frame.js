/* Runs inside the frame iframe-worker-shim.js makes for the offline copy's search worker (from
   iframe-worker 1.0.4, MIT licence, (c) Martin Donath): a file rather than an inline script, so
   the page's Content-Security-Policy can refuse every inline script it has no hash for. */
postMessage = function (s, n) { parent.postMessage(s, n || "*") };
importScripts = function (...s) {
  return s.reduce((n, e) => n.then(() => new Promise(r => {
    let t = document.createElement("script"); t.src = e, t.onload = r, document.body.appendChild(t)
  })), Promise.resolve())
};
addEventListener("error", ({ error }) => {
  parent.dispatchEvent(new ErrorEvent("error", { filename: frameElement.dataset.worker, error }))
});
