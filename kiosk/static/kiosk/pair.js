/* Crieur kiosk pairing: a new screen shows a code until staff enter it in the admin.
 * A screen that was paired before goes straight back to its kiosk. */
(function () {
  "use strict";

  var KEY = "crieur-kiosk-url";
  var cfg = document.body.dataset;
  var codeNode = document.getElementById("code");
  var errorNode = document.getElementById("pair-error");
  var pollMs = Math.max(1, parseFloat(cfg.pollSeconds) || 3) * 1000;
  var secret = null;
  var expires = 0;

  function stored() {
    try { return window.localStorage.getItem(KEY); } catch (error) { return null; }
  }

  function post(url, payload) {
    return fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(payload),
      credentials: "omit",
      cache: "no-store"
    });
  }

  function failed() {
    errorNode.hidden = false;
    window.setTimeout(begin, 10000);
  }

  function begin() {
    post(cfg.startUrl, {}).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    }).then(function (data) {
      errorNode.hidden = true;
      secret = data.secret;
      expires = Date.now() + data.expires_in * 1000 - pollMs;
      codeNode.textContent = data.code;
      wait();
    }).catch(failed);
  }

  function wait() {
    window.setTimeout(check, pollMs);
  }

  function check() {
    if (Date.now() > expires) return begin();
    post(cfg.statusUrl, { secret: secret }).then(function (response) {
      if (response.status === 404) return begin();
      if (!response.ok) throw new Error(response.status);
      return response.json().then(function (data) {
        if (!data.paired) return wait();
        try { window.localStorage.setItem(KEY, data.url); } catch (error) { /* private mode */ }
        window.location.replace(data.url);
      });
    }).catch(function () {
      errorNode.hidden = false;
      wait();
    });
  }

  var known = stored();
  if (cfg.revoked === "1" && known === window.location.pathname) {
    try { window.localStorage.removeItem(KEY); } catch (error) { /* ignore */ }
    known = null;
  }
  if (known && known !== window.location.pathname && /^\/kiosk\/[A-Za-z0-9_-]+\/$/.test(known)) {
    window.location.replace(known);
  } else {
    begin();
  }
})();
