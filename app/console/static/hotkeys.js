// Keyboard-first console: every page's keys in one place.
//
// Declarative (no script needed, so a system's page stays within the CSP):
//   <button data-hotkey="a" data-hotkey-label="Answer">   key clicks it
//   <a href=... data-hotkey="g r" data-hotkey-label="Rooms">  "g" then "r" follows it
//   <input data-hotkey-search>                             "/" focuses it
// From a system's own script file:
//   Switchboard.keys.register("t", "Transfer", () => ...)
// "?" lists every key of the page; Esc closes the list or leaves a field.
(function () {
  "use strict";
  const registered = new Map(); // sequence -> {label, run}
  const SEQUENCE_MS = 1200;
  let pending = "";
  let pendingSince = 0;

  function register(sequence, label, run) {
    registered.set(sequence, { label: label, run: run });
  }

  function typing(target) {
    if (!(target instanceof Element)) return false;
    return target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
  }

  function declared() {
    const keys = new Map();
    document.querySelectorAll("[data-hotkey]").forEach(function (element) {
      const sequence = element.getAttribute("data-hotkey");
      if (!sequence || keys.has(sequence)) return;
      keys.set(sequence, {
        label: element.getAttribute("data-hotkey-label") || element.textContent.trim(),
        run: function () {
          if (element.matches("input, textarea, select")) element.focus();
          else element.click();
        },
      });
    });
    return keys;
  }

  function everyKey() {
    const keys = new Map([
      ["/", { label: "Search", run: focusSearch }],
      ["?", { label: "This list of keys", run: showHelp }],
    ]);
    declared().forEach(function (entry, sequence) { keys.set(sequence, entry); });
    registered.forEach(function (entry, sequence) { keys.set(sequence, entry); });
    return keys;
  }

  function focusSearch() {
    const field = document.querySelector("[data-hotkey-search], input[type=search]");
    if (field) { field.focus(); if (field.select) field.select(); }
  }

  function showHelp() {
    const dialog = document.getElementById("hotkey-help");
    const list = document.getElementById("hotkey-list");
    if (!dialog || !list) return;
    list.replaceChildren();
    everyKey().forEach(function (entry, sequence) {
      const row = document.createElement("tr");
      const key = document.createElement("td");
      sequence.split(" ").forEach(function (part) {
        const kbd = document.createElement("kbd");
        kbd.textContent = part;
        key.appendChild(kbd);
      });
      const label = document.createElement("td");
      label.textContent = entry.label;
      row.append(key, label);
      list.appendChild(row);
    });
    if (!dialog.open) dialog.showModal();
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "Escape") {
      if (typing(event.target)) event.target.blur();
      pending = "";
      return; // an open <dialog> closes itself on Esc
    }
    if (typing(event.target) || event.key.length !== 1) return;
    const now = Date.now();
    const sequence = (pending && now - pendingSince < SEQUENCE_MS ? pending + " " : "") + event.key;
    const keys = everyKey();
    const entry = keys.get(sequence);
    if (entry) {
      event.preventDefault();
      pending = "";
      entry.run();
      return;
    }
    const starts = Array.from(keys.keys()).some(function (k) { return k.startsWith(sequence + " "); });
    pending = starts ? sequence : "";
    pendingSince = now;
    if (starts) event.preventDefault();
  });

  document.addEventListener("click", function (event) {
    const target = event.target instanceof Element ? event.target.closest("[data-hotkey-help]") : null;
    if (target) showHelp();
  });

  window.Switchboard = window.Switchboard || {};
  window.Switchboard.keys = { register: register, list: everyKey, help: showHelp };
})();
