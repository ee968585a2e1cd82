/*
 * Clearsight: the site's one JavaScript file. Everything here is an
 * enhancement; every page works without it.
 *
 * It is loaded in <head> without `defer` on purpose: the first part must run
 * before the body paints, so that a page reached with Back after "Exit this
 * page" is never shown, not even for a moment.
 *
 * Nothing here is sent anywhere. sessionStorage (never localStorage or a
 * cookie) is used, so it is wiped when the tab closes and leaves no lasting
 * trace on a shared device.
 */
(function () {
  "use strict";

  var EXITED_KEY = "clearsight:exited-to";
  var INTRO_KEY = "clearsight:safety-intro-dismissed";
  var SHIFT_PRESSES = 3;
  var SHIFT_WINDOW_MS = 5000;
  var root = document.documentElement;

  function storageGet(key) {
    try {
      return window.sessionStorage.getItem(key);
    } catch (error) {
      return null;
    }
  }

  function storageSet(key, value) {
    try {
      window.sessionStorage.setItem(key, value);
    } catch (error) {
      /* Private modes may refuse storage: the page still works. */
    }
  }

  function storageRemove(key) {
    try {
      window.sessionStorage.removeItem(key);
    } catch (error) {
      /* As above. */
    }
  }

  root.classList.remove("no-js");
  root.classList.add("js");

  /* ---- Part 1: before the body paints --------------------------------- */

  function navigationType() {
    var entries = window.performance && performance.getEntriesByType
      ? performance.getEntriesByType("navigation")
      : [];
    return entries.length ? entries[0].type : "navigate";
  }

  function leaveAgain(url) {
    root.classList.add("is-exiting");
    window.location.replace(url);
  }

  var exitedTo = storageGet(EXITED_KEY);
  if (exitedTo) {
    if (navigationType() === "back_forward") {
      // The reader left with "Exit this page" and something brought them
      // back through history: leave again before anything shows.
      leaveAgain(exitedTo);
    } else {
      // A fresh visit (typed, clicked or reloaded): start over.
      storageRemove(EXITED_KEY);
    }
  }

  if (storageGet(INTRO_KEY)) {
    root.classList.add("safety-intro-dismissed");
  }

  // A page restored from the back/forward cache runs no script again, only
  // this event: hide it and leave if the reader had exited.
  window.addEventListener("pageshow", function (event) {
    var target = storageGet(EXITED_KEY);
    if (event.persisted && target) {
      leaveAgain(target);
    }
  });

  /* ---- Part 2: once the page has loaded ------------------------------- */

  function initExitThisPage(container) {
    var button = container.querySelector(".exit-this-page__button");
    var status = container.querySelector("[data-exit-status]");
    var indicator = container.querySelector("[data-exit-indicator]");
    if (!button) {
      return;
    }
    var exitUrl = button.getAttribute("data-exit-url") || button.href;
    var presses = 0;
    var timer = null;
    var otherKeyHeld = false;

    function announce(message) {
      if (status) {
        status.textContent = message;
      }
    }

    function showPresses(count) {
      if (!indicator) {
        return;
      }
      indicator.hidden = count === 0;
      var dots = indicator.querySelectorAll("span");
      for (var i = 0; i < dots.length; i += 1) {
        dots[i].classList.toggle("is-on", i < count);
      }
    }

    function reset(message) {
      presses = 0;
      showPresses(0);
      if (timer) {
        window.clearTimeout(timer);
        timer = null;
      }
      if (message) {
        announce(message);
      }
    }

    function exitPage() {
      stopReading();
      storageSet(EXITED_KEY, exitUrl);
      document.title = "Loading.";
      root.classList.add("is-exiting");
      announce("Exit this page activated.");
      window.location.replace(exitUrl);
    }

    button.addEventListener("click", function (event) {
      event.preventDefault();
      exitPage();
    });

    document.addEventListener("keydown", function (event) {
      if (event.key !== "Shift") {
        // Shift used with another key (a capital letter, Shift+Tab) is typing,
        // not a request to leave.
        otherKeyHeld = event.shiftKey;
        if (presses > 0) {
          reset();
        }
      }
    });

    document.addEventListener("keyup", function (event) {
      if (event.key !== "Shift") {
        return;
      }
      if (otherKeyHeld) {
        otherKeyHeld = false;
        return;
      }
      presses += 1;
      showPresses(presses);
      if (presses >= SHIFT_PRESSES) {
        reset();
        exitPage();
        return;
      }
      var remaining = SHIFT_PRESSES - presses;
      announce(
        "Shift, press " + remaining + " more time" + (remaining === 1 ? "" : "s") + " to exit."
      );
      if (timer) {
        window.clearTimeout(timer);
      }
      timer = window.setTimeout(function () {
        reset("Exit this page expired.");
      }, SHIFT_WINDOW_MS);
    });
  }

  function initSafetyIntro(panel) {
    // Folded on phones so that the page's heading fits the first screen.
    var fold = panel.querySelector("[data-safety-intro-fold]");
    if (fold && window.matchMedia && window.matchMedia("(min-width: 40em)").matches) {
      fold.open = true;
    }
    var dismiss = panel.querySelector("[data-safety-intro-dismiss]");
    if (!dismiss) {
      return;
    }
    dismiss.hidden = false;
    dismiss.addEventListener("click", function () {
      storageSet(INTRO_KEY, "1");
      panel.hidden = true;
      var main = document.getElementById("main-content");
      if (main) {
        main.focus();
      }
    });
  }

  function initErrorSummary(summary) {
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      var field = link && document.getElementById(link.getAttribute("href").slice(1));
      if (field) {
        event.preventDefault();
        field.focus();
        field.scrollIntoView({ block: "center" });
      }
    });
  }

  /* ---- Listen to this page ------------------------------------------- */
  // The browser's own speech, with voices that run on the device only
  // (`localService`): a network voice would send the page's words to
  // another company. No such voice, no button. It never starts by itself,
  // and it stops at once on "Exit this page" and when the page is left.

  var speech = window.speechSynthesis;
  var reading = false;
  var listenButton = null;

  function stopReading() {
    if (!speech) {
      return;
    }
    reading = false;
    speech.cancel();
    if (listenButton) {
      listenButton.textContent = listenButton.getAttribute("data-label-start");
    }
  }

  function localVoice() {
    var voices = (speech && speech.getVoices()) || [];
    var lang = (root.lang || "en").toLowerCase();
    var base = lang.split("-")[0];
    var best = null;
    for (var i = 0; i < voices.length; i += 1) {
      var voice = voices[i];
      if (voice.localService !== true) {
        continue;
      }
      var voiceLang = (voice.lang || "").toLowerCase().replace("_", "-");
      if (voiceLang === lang) {
        return voice;
      }
      if (!best && voiceLang.split("-")[0] === base) {
        best = voice;
      }
    }
    return best;
  }

  function textToRead() {
    var main = document.getElementById("main-content");
    if (!main) {
      return [];
    }
    var copy = main.cloneNode(true);
    var skip = copy.querySelectorAll(
      "[data-listen], [data-safety-intro], .breadcrumbs, [hidden], [aria-hidden='true'], script, style"
    );
    for (var i = 0; i < skip.length; i += 1) {
      skip[i].parentNode.removeChild(skip[i]);
    }
    // Block by block, so each utterance stays short (long ones can stall).
    var blocks = copy.querySelectorAll("h1, h2, h3, h4, p, li, blockquote, figcaption, summary, dt, dd");
    var parts = [];
    for (var j = 0; j < blocks.length; j += 1) {
      if (blocks[j].querySelector("p, li")) {
        continue;
      }
      var text = blocks[j].textContent.replace(/\s+/g, " ").trim();
      if (text) {
        parts.push(text);
      }
    }
    return parts;
  }

  function startReading() {
    var voice = localVoice();
    if (!voice) {
      return;
    }
    speech.cancel();
    var parts = textToRead();
    reading = true;
    listenButton.textContent = listenButton.getAttribute("data-label-stop");
    parts.forEach(function (text, index) {
      var utterance = new window.SpeechSynthesisUtterance(text);
      utterance.voice = voice;
      utterance.lang = voice.lang;
      if (index === parts.length - 1) {
        utterance.onend = function () {
          if (reading) {
            stopReading();
          }
        };
      }
      speech.speak(utterance);
    });
  }

  function initListen(container) {
    listenButton = container.querySelector("[data-listen-button]");
    if (!speech || !window.SpeechSynthesisUtterance || !listenButton) {
      return;
    }
    listenButton.setAttribute("data-label-start", listenButton.textContent);
    function reveal() {
      container.hidden = !localVoice();
    }
    reveal();
    if (speech.addEventListener) {
      speech.addEventListener("voiceschanged", reveal);
    }
    listenButton.addEventListener("click", function () {
      if (reading) {
        stopReading();
      } else {
        startReading();
      }
    });
    window.addEventListener("pagehide", stopReading);
  }

  function init() {
    var containers = document.querySelectorAll("[data-exit-this-page]");
    for (var i = 0; i < containers.length; i += 1) {
      initExitThisPage(containers[i]);
    }
    var intro = document.querySelector("[data-safety-intro]");
    if (intro) {
      initSafetyIntro(intro);
    }
    var listen = document.querySelector("[data-listen]");
    if (listen) {
      initListen(listen);
    }
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      initErrorSummary(summary);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
