/* Crieur kiosk player: plain JavaScript, no framework, no build step.
 *
 * Cycles through the slides of the kiosk's playlist, polls the playlist every
 * minute (ETag), reports a heartbeat every minute, and keeps going offline: the
 * service worker (/kiosk/sw.js) serves the page, this file, the images and the
 * last playlist when the server cannot be reached. Slides whose `until` has
 * passed (past events, ended campaigns, expired consent) are dropped here, even
 * offline. Touching the screen pauses; touching again moves on.
 */
(function () {
  "use strict";

  var KEY = "crieur-kiosk-url";
  var DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
  var body = document.body;
  var cfg = body.dataset;
  var preview = cfg.preview === "1";
  var stage = document.getElementById("stage");
  var progress = document.getElementById("progress");
  var counter = document.getElementById("counter");
  var status = document.getElementById("status");
  var reducedMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)");

  var state = {
    playlist: null,
    current: null, // the slide object shown
    position: -1,
    rounds: 0,
    timer: null,
    revealTimer: null,
    pauseTimer: null,
    paused: false,
    etag: null,
    onlineSince: null
  };

  function seconds(value, fallback) {
    var number = parseFloat(value);
    return number > 0 ? number : fallback;
  }

  function slideSeconds() {
    var kiosk = state.playlist && state.playlist.kiosk;
    return seconds(kiosk && kiosk.seconds, seconds(cfg.seconds, 12));
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function img(src, className, alt) {
    var node = el("img", className);
    node.alt = alt || "";
    node.decoding = "async";
    node.addEventListener("error", function () { node.remove(); });
    node.src = src;
    return node;
  }

  function labelsFor(lang) {
    var all = (state.playlist && state.playlist.labels) || {};
    return all[lang] || all[Object.keys(all)[0]] || {};
  }

  /* -- opening hours, in the kiosk's time zone --------------------------------- */

  function localNow(timeZone) {
    var parts = {};
    try {
      new Intl.DateTimeFormat("en-GB", {
        timeZone: timeZone, weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23"
      }).formatToParts(new Date()).forEach(function (part) { parts[part.type] = part.value; });
    } catch (error) {
      var now = new Date();
      parts = { weekday: DAYS[(now.getDay() + 6) % 7], hour: ("0" + now.getHours()).slice(-2), minute: ("0" + now.getMinutes()).slice(-2) };
    }
    return { day: DAYS.indexOf(parts.weekday), time: parts.hour + ":" + parts.minute };
  }

  function isOpen() {
    var kiosk = state.playlist.kiosk || {};
    var hours = kiosk.hours || [];
    if (!hours.length) return true;
    var now = localNow(kiosk.timezone);
    return hours.some(function (row) {
      return row[0] === now.day && row[1] <= now.time && now.time < row[2];
    });
  }

  function liveSlides() {
    var now = Date.now();
    return (state.playlist.slides || []).filter(function (slide) {
      return !slide.until || Date.parse(slide.until) > now;
    });
  }

  /* -- building slides ------------------------------------------------------------ */

  function qrBlock(slide, labels) {
    var figure = el("figure", "qr");
    figure.appendChild(img(slide.qr, "", ""));
    var caption = el("figcaption", "", labels.scan);
    var address = el("span", "qr__url");
    // Long host names break after a slash, never inside the code.
    String(slide.short_url || "").split("/").forEach(function (part, index) {
      if (index) {
        address.appendChild(document.createTextNode("/"));
        address.appendChild(document.createElement("wbr"));
      }
      address.appendChild(document.createTextNode(part));
    });
    caption.appendChild(address);
    figure.appendChild(caption);
    return figure;
  }

  function build(slide) {
    var labels = labelsFor(slide.lang);
    var section = el("section", "slide slide--" + slide.kind);
    section.dataset.id = slide.id;
    section.lang = slide.lang || "";
    var main = el("div", "slide__body");
    section.appendChild(main);
    if (slide.kind === "service") {
      if (slide.pictogram) main.appendChild(img(slide.pictogram, "picto", ""));
      main.appendChild(el("h1", "title", slide.title));
      if (slide.text) main.appendChild(el("p", "text", slide.text));
      if (slide.trial) {
        var trial = el("p", "trial", slide.trial);
        trial.insertBefore(el("strong", "", labels["try"]), trial.firstChild);
        main.appendChild(trial);
      }
    } else if (slide.kind === "testimonial") {
      main.appendChild(el("p", "kicker", labels.testimonial));
      if (slide.image) main.appendChild(img(slide.image, "portrait-img", slide.image_alt));
      main.appendChild(el("blockquote", "text quote", slide.text));
      main.appendChild(el("p", "attribution", "— " + slide.attribution));
    } else if (slide.kind === "regulation") {
      main.appendChild(el("p", "kicker", labels.question));
      main.appendChild(el("h1", "title", slide.title));
      var answer = el("div", "answer");
      answer.appendChild(el("p", "answer__word", slide.answer));
      answer.appendChild(el("p", "text", slide.text));
      main.appendChild(answer);
    } else if (slide.kind === "event") {
      main.appendChild(el("p", "kicker", labels.event));
      main.appendChild(el("h1", "title", slide.title));
      main.appendChild(el("p", "when", slide.date));
      main.appendChild(el("p", "where", slide.place));
      if (slide.text) main.appendChild(el("p", "text", slide.text));
    } else {
      main.appendChild(el("p", "kicker", labels.campaign));
      main.appendChild(el("h1", "title", slide.title));
      if (slide.text) main.appendChild(el("p", "text", slide.text));
      if (slide.image) main.appendChild(img(slide.image, "photo", slide.image_alt));
    }
    if (slide.qr) section.appendChild(qrBlock(slide, labels));
    return section;
  }

  function buildStandby() {
    var playlist = state.playlist;
    var lang = (playlist.kiosk.languages || [])[0];
    var labels = labelsFor(lang);
    var section = el("section", "slide slide--standby");
    section.dataset.id = "standby";
    var main = el("div", "slide__body");
    main.appendChild(el("p", "kicker", playlist.theme && playlist.theme.authority));
    main.appendChild(el("h1", "title", labels.standby));
    var lines = (playlist.hours_text || {})[lang] || [];
    if (lines.length) {
      main.appendChild(el("p", "text", labels.hours));
      var list = el("ul", "hours");
      lines.forEach(function (line) { list.appendChild(el("li", "", line)); });
      main.appendChild(list);
    }
    section.appendChild(main);
    return section;
  }

  function buildIdle() {
    var playlist = state.playlist;
    var labels = labelsFor((playlist.kiosk.languages || [])[0]);
    var section = el("section", "slide slide--idle");
    section.dataset.id = "idle";
    var main = el("div", "slide__body");
    main.appendChild(el("h1", "title", playlist.theme && playlist.theme.authority));
    main.appendChild(el("p", "text", labels.idle));
    section.appendChild(main);
    return section;
  }

  /* -- showing slides ------------------------------------------------------------- */

  function renderProgress(position, total, duration) {
    progress.textContent = "";
    var segments = Math.min(total, 40);
    var current = total > 40 ? Math.floor((position * 40) / total) : position;
    for (var i = 0; i < segments; i += 1) {
      progress.appendChild(el("i", i < current ? "done" : i === current ? "now" : ""));
    }
    progress.style.setProperty("--slide-duration", duration + "s");
    counter.textContent = total ? position + 1 + " / " + total : "";
  }

  function put(section, slide) {
    var old = stage.querySelectorAll(".slide");
    stage.appendChild(section);
    // Force a style computation so that the transition runs from opacity 0.
    void section.offsetWidth;
    section.classList.add("is-active");
    var instant = reducedMotion && reducedMotion.matches;
    old.forEach(function (node) {
      node.classList.remove("is-active");
      if (instant) node.remove();
      else window.setTimeout(function () { node.remove(); }, 800);
    });
    state.current = slide;
    body.dataset.slide = section.dataset.id;
    body.dataset.rounds = String(state.rounds);
    document.documentElement.lang = section.lang || document.documentElement.lang;
    var campaign = document.getElementById("campaign");
    campaign.textContent = (slide && slide.campaign) || "";
  }

  function schedule(delaySeconds) {
    window.clearTimeout(state.timer);
    state.timer = window.setTimeout(advance, delaySeconds * 1000);
  }

  function advance() {
    window.clearTimeout(state.timer);
    window.clearTimeout(state.revealTimer);
    if (!state.playlist) return;
    var duration = slideSeconds();
    if (!isOpen()) {
      if (!state.current || state.current.id !== "standby") {
        put(buildStandby(), { id: "standby" });
        renderProgress(0, 0, duration);
      }
      schedule(Math.min(30, duration));
      return;
    }
    var slides = liveSlides();
    if (!slides.length) {
      put(buildIdle(), { id: "idle" });
      renderProgress(0, 0, duration);
      schedule(duration);
      return;
    }
    var position = -1;
    if (state.current) {
      position = slides.findIndex(function (slide) { return slide.id === state.current.id; });
      if (position < 0) position = Math.min(state.position, slides.length) - 1;
    }
    var next = position + 1;
    if (next >= slides.length) {
      next = 0;
      if (state.current) state.rounds += 1;
    }
    var slide = slides[next];
    var section = build(slide);
    state.position = next;
    put(section, slide);
    renderProgress(next, slides.length, duration);
    if (slide.kind === "regulation") {
      state.revealTimer = window.setTimeout(function () {
        section.classList.add("revealed");
      }, duration * 400);
    }
    if (!state.paused) schedule(duration);
  }

  function applyTheme(theme) {
    if (!theme) return;
    var root = document.documentElement.style;
    ["primary", "accent"].forEach(function (name) {
      if (/^#[0-9a-fA-F]{6}$/.test(theme[name] || "")) root.setProperty("--" + name, theme[name]);
    });
    document.getElementById("authority").textContent = theme.authority || "";
  }

  function apply(playlist) {
    if (!playlist || !Array.isArray(playlist.slides) || !playlist.kiosk) return;
    if (state.playlist && state.playlist.version === playlist.version) return;
    var first = !state.playlist;
    state.playlist = playlist;
    document.documentElement.className = playlist.kiosk.orientation === "portrait" ? "portrait" : "landscape";
    applyTheme(playlist.theme);
    body.dataset.playlist = playlist.version || "";
    if (first) advance();
  }

  /* -- touch: pause, then move on ----------------------------------------------------- */

  function pause() {
    state.paused = true;
    window.clearTimeout(state.timer);
    window.clearTimeout(state.revealTimer);
    // Someone is reading: show the answer of a question right away.
    var active = stage.querySelector(".slide.is-active");
    if (active) active.classList.add("revealed");
    body.classList.add("paused");
    status.textContent = labelsFor(state.current && state.current.lang).paused || "";
    status.hidden = false;
    // Nobody came back: carry on by itself after a while.
    state.pauseTimer = window.setTimeout(resume, Math.max(60, 5 * slideSeconds()) * 1000);
  }

  function resume() {
    state.paused = false;
    window.clearTimeout(state.pauseTimer);
    body.classList.remove("paused");
    status.hidden = true;
    advance();
  }

  function touched(event) {
    if (!state.playlist) return;
    if (event.type === "keydown" && [" ", "Enter", "ArrowRight"].indexOf(event.key) < 0) return;
    event.preventDefault();
    if (state.paused) resume();
    else pause();
  }

  /* -- network: playlist, heartbeat, token ----------------------------------------------- */

  function timed(url, options, ms) {
    var controller = window.AbortController ? new AbortController() : null;
    var timer = window.setTimeout(function () { if (controller) controller.abort(); }, ms);
    options.signal = controller && controller.signal;
    options.credentials = "omit";
    return fetch(url, options).finally(function () { window.clearTimeout(timer); });
  }

  function online(isOnline) {
    if (isOnline && !state.onlineSince) state.onlineSince = new Date().toISOString();
    if (!isOnline) state.onlineSince = null;
    body.classList.toggle("offline", !isOnline);
  }

  function forget() {
    // The token was regenerated or the kiosk deleted: show a new pairing code.
    try {
      if (window.localStorage.getItem(KEY) === cfg.homeUrl) window.localStorage.removeItem(KEY);
    } catch (error) { /* storage may be disabled */ }
    window.location.replace(cfg.pairUrl);
  }

  function poll() {
    var headers = { Accept: "application/json" };
    if (state.etag) headers["If-None-Match"] = state.etag;
    return timed(cfg.playlistUrl, { headers: headers, cache: "no-store" }, 15000)
      .then(function (response) {
        if (response.status === 404) return forget();
        var fromCache = response.headers.get("X-Kiosk-Offline") === "1";
        online(!fromCache);
        if (response.status === 304) return null;
        if (!response.ok) throw new Error("playlist: " + response.status);
        var etag = response.headers.get("ETag");
        return response.json().then(function (playlist) {
          if (etag && !fromCache) state.etag = etag;
          apply(playlist);
        });
      })
      .catch(function () { online(false); });
  }

  function heartbeat() {
    var report = {
      slide: String((state.current && state.current.id) || "").slice(0, 100),
      version: String(cfg.version || "").slice(0, 40),
      online_since: state.onlineSince || "",
      playlist: String((state.playlist && state.playlist.version) || "").slice(0, 64)
    };
    return timed(cfg.heartbeatUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(report),
      cache: "no-store"
    }, 15000).then(function (response) {
      if (response.status === 404) forget();
    }).catch(function () { online(false); });
  }

  function every(secondsValue, task) {
    window.setInterval(task, secondsValue * 1000);
  }

  function registerWorker() {
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.register(cfg.swUrl, { scope: cfg.pairUrl }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      // Keep this page and its playlist for the day the server cannot be reached.
      if (registration.active) {
        registration.active.postMessage({ type: "keep", urls: [cfg.homeUrl, cfg.playlistUrl] });
      }
    }).catch(function () { /* the player works without, only not offline */ });
  }

  function start() {
    document.addEventListener("pointerdown", touched);
    document.addEventListener("keydown", touched);
    if (preview) {
      var data = document.getElementById("kiosk-playlist");
      apply(JSON.parse(data.textContent));
      return;
    }
    try { window.localStorage.setItem(KEY, cfg.homeUrl); } catch (error) { /* private mode */ }
    registerWorker();
    poll().then(heartbeat);
    every(seconds(cfg.pollSeconds, 60), poll);
    every(seconds(cfg.heartbeatSeconds, 60), heartbeat);
  }

  start();
})();
