// Live updates over server-sent events (GET /events). Each event is
// {"id", "topic", "payload"}. A page shows them without a script of its own:
//   <span data-live-topic="hotel.call" data-live-field="room">   text set to payload.room
//   <ul data-live-topic="hotel.alert" data-live-field="text" data-live-append>  one <li> per event
// and htmx elements refresh on them: hx-trigger="live:hotel.call from:body".
// Scripts listen for the same "live:<topic>" DOM event (detail = payload).
(function () {
  "use strict";
  const status = document.getElementById("live-status");

  function show(state) {
    if (!status) return;
    status.textContent = state;
    status.setAttribute("data-state", state);
  }

  function apply(event) {
    document.querySelectorAll("[data-live-topic]").forEach(function (element) {
      if (element.getAttribute("data-live-topic") !== event.topic) return;
      const field = element.getAttribute("data-live-field");
      const value = field ? event.payload[field] : JSON.stringify(event.payload);
      const text = value === undefined || value === null ? "" : String(value);
      if (element.hasAttribute("data-live-append")) {
        const item = document.createElement("li");
        item.textContent = text;
        element.prepend(item);
      } else {
        element.textContent = text;
      }
    });
    document.body.dispatchEvent(
      new CustomEvent("live:" + event.topic, { detail: event.payload, bubbles: true })
    );
  }

  const source = new EventSource("/events");
  source.addEventListener("ready", function () { show("live"); });
  source.onmessage = function (message) {
    try { apply(JSON.parse(message.data)); } catch (error) { console.error(error); }
  };
  source.onerror = function () {
    // EventSource reconnects by itself; a signed-out session gets 401 and stays closed.
    show(source.readyState === EventSource.CLOSED ? "offline" : "reconnecting");
  };
})();
