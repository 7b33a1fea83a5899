// bilat dashboard behaviour. Data from documents is only ever set with textContent.
(function () {
  "use strict";

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  var DATE_BASIS = {
    publication: ["(publication date)", "not stated in the text: the publication date of the source"],
    context: ["\u2248", "not stated in the sentence: the year the surrounding text is telling about"]
  };

  function eventItem(e) {
    var li = el("li", { "class": "event" });
    var link = el("a", { href: "/events/" + encodeURIComponent(e.id) });
    link.appendChild(el("span", { "class": "date" }, e.date || "undated"));
    var basis = e.date ? DATE_BASIS[e.date_basis] : null;  // a date the text did not state
    if (basis) link.appendChild(el("span", { "class": "date-basis", title: basis[1] }, basis[0]));
    link.appendChild(el("span", { "class": "cat cat-" + String(e.category).toLowerCase() }, e.category));
    var actors = (e.source_actor || "?") + (e.target_actor ? " \u2192 " + e.target_actor : "");
    link.appendChild(el("span", { "class": "actors" }, actors));
    if (e.modality && e.modality !== "occurred") link.appendChild(el("span", { "class": "modality" }, e.modality));
    li.appendChild(link);
    li.appendChild(el("span", { "class": "quote" }, e.quote));
    li.appendChild(el("span", { "class": "sources" }, e.sources + (e.sources === 1 ? " source" : " sources")));
    return li;
  }

  function periodRange(datum, freq) {
    if (freq === "year" && datum.period) return { from: String(datum.period), to: String(datum.period) };
    var day = function (v) { return new Date(v).toISOString().slice(0, 10); };
    return { from: day(datum.start), to: day(datum.end) };
  }

  function showPeriod(datum, freq) {
    var range = periodRange(datum, freq);
    var url = "/api/events?limit=200&from=" + encodeURIComponent(range.from) + "&to=" + encodeURIComponent(range.to);
    var box = document.getElementById("period-events");
    var list = document.getElementById("period-list");
    var title = document.getElementById("period-title");
    box.hidden = false;
    title.textContent = "Loading " + datum.period + "\u2026";
    return fetch(url).then(function (r) { return r.json(); }).then(function (data) {
      if (data.error) { title.textContent = data.error.message; return; }
      title.textContent = "Events in " + datum.period + " (" + data.total + ")";
      while (list.firstChild) list.removeChild(list.firstChild);
      data.items.forEach(function (e) { list.appendChild(eventItem(e)); });
      var more = el("a", { href: "/timeline?from=" + encodeURIComponent(range.from) + "&to=" + encodeURIComponent(range.to) },
                    "Open in the timeline \u2192");
      var li = el("li"); li.appendChild(more); list.appendChild(li);
      box.scrollIntoView({ behavior: "smooth", block: "nearest" });
    });
  }

  function overview() {
    var holder = document.getElementById("chart");
    var spec = JSON.parse(document.getElementById("chart-spec").textContent);
    var freq = holder.getAttribute("data-freq");
    if (typeof window.vegaEmbed !== "function") {
      holder.textContent = "The chart library did not load.";
      return;
    }
    // ast: Vega's expression interpreter instead of generated functions (no eval under the CSP)
    window.vegaEmbed(holder, spec, { renderer: "svg", actions: false, ast: true }).then(function (res) {
      holder.setAttribute("data-ready", "true");
      res.view.addEventListener("click", function (event, item) {
        if (item && item.datum && item.datum.period) showPeriod(item.datum, freq);
      });
    }).catch(function (err) { holder.textContent = "Chart error: " + err; });
  }

  window.bilat = { overview: overview, showPeriod: showPeriod };
  // no inline scripts (the Content-Security-Policy allows only this file): start from here
  if (document.getElementById("chart-spec")) overview();
})();
