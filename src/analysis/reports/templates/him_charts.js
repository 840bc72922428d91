/* The report's charts, drawn offline. The vega library and vega-tooltip (HIM_WAGES_VEGA) and the charts' Vega specs (the element
   #him-wages-charts) are gzip-compressed and base64-encoded in the page; the browser's own DecompressionStream
   unpacks them. The page stays hidden until every chart is drawn (so charts are there at first paint), at most
   HIM_WAGES_REVEAL_MS: a failure never leaves a blank page, and without JavaScript the page shows at once with each
   chart's description. performance.mark("him-charts-drawn") marks the moment the last chart is drawn. */
(function () {
  "use strict";
  var root = document.documentElement;
  var REVEAL_MS = 8000;
  if (typeof DecompressionStream !== "function" || typeof Promise !== "function") { return; }
  root.classList.add("him-charts-pending");
  var revealed = false;
  function reveal(mark) {
    if (revealed) { return; }
    revealed = true;
    if (window.performance && performance.mark) { performance.mark(mark); }
    root.classList.remove("him-charts-pending");
  }
  var timer = setTimeout(function () { reveal("him-charts-timeout"); }, REVEAL_MS);

  function unpack(base64) {
    var text = atob(base64.replace(/\s+/g, ""));
    var bytes = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) { bytes[i] = text.charCodeAt(i); }
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).text();
  }

  var library = unpack(HIM_WAGES_VEGA).then(function (code) {
    var script = document.createElement("script");
    script.text = code;
    document.head.appendChild(script);
    if (!window.vega || typeof window.vega.View !== "function") { throw new Error("the vega library did not load"); }
    return window.vega;
  });

  /* The chart menu (vega-embed's, without vega-embed): save the chart as SVG or PNG, named after the chart. */
  function menu(element, view, options) {
    var actions = options.actions;
    if (actions === false || (actions && actions.export === false)) { return; }
    var details = document.createElement("details");
    details.className = "him-chart-menu";
    var summary = document.createElement("summary");
    summary.setAttribute("aria-label", "Chart menu: save the chart as SVG or PNG");
    summary.textContent = "\u22ef";
    details.appendChild(summary);
    var list = document.createElement("div");
    list.className = "vega-actions";
    var name = options.downloadFileName || "chart";
    ["svg", "png"].forEach(function (kind) {
      var link = document.createElement("a");
      link.textContent = "Save as " + kind.toUpperCase();
      link.download = name + "." + kind;
      link.href = "#";
      link.addEventListener("click", function (event) {
        if (link.getAttribute("data-ready") === "1") { link.removeAttribute("data-ready"); return; }
        event.preventDefault();
        view.toImageURL(kind, kind === "png" ? 2 : 1).then(function (url) {
          link.href = url;
          link.setAttribute("data-ready", "1");
          link.click();
        });
      });
      list.appendChild(link);
    });
    details.appendChild(list);
    element.appendChild(details);
  }

  var tooltip = null;
  function draw(vega, figure, payload, shared) {
    if (!payload || !payload.spec) { return Promise.resolve(); }
    var spec = payload.spec, options = payload.options || {};
    (spec.data || []).forEach(function (data) {
      if (data.himValues) { data.values = shared[data.himValues]; delete data.himValues; }
    });
    var element = document.createElement("div");
    element.className = "him-wages-chart-live vega-embed";
    var wrapper = document.createElement("div");  /* the view's container: vega names it with the description */
    wrapper.className = "chart-wrapper";
    element.appendChild(wrapper);
    figure.appendChild(element);
    if (!tooltip && window.vegaTooltip) { tooltip = new window.vegaTooltip.Handler(); }
    var view = new vega.View(vega.parse(spec), {renderer: options.renderer || "svg", hover: true});
    if (tooltip) { view.tooltip(tooltip.call); }
    return view.initialize(wrapper).runAsync().then(function () {
      menu(element, view, options);
      figure.classList.add("him-wages-chart-drawn");
    }).catch(function (error) {
      element.textContent = "Chart error: " + error.message;
    });
  }

  /* Each table's CSV download, embedded: the link (to the CSV published beside the page) becomes a data: URL. */
  function links(packed) {
    var tables = packed.tables || {};
    document.querySelectorAll("a[data-him-csv]").forEach(function (link) {
      var text = tables[link.getAttribute("data-him-csv")];
      if (typeof text !== "string") { return; }
      var bytes = new TextEncoder().encode(text), binary = "";
      for (var i = 0; i < bytes.length; i += 0x8000) {
        binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
      }
      link.href = "data:text/csv;charset=utf-8;base64," + btoa(binary);
    });
    return packed;
  }

  function drawAll() {
    var block = document.getElementById("him-wages-charts");
    if (!block) { return Promise.resolve(); }
    return Promise.all([library, unpack(block.textContent).then(JSON.parse).then(links)]).then(function (found) {
      var vega = found[0], packed = found[1];
      var figures = document.querySelectorAll("figure.him-wages-chart[id]");
      return Promise.all(Array.prototype.map.call(figures, function (figure) {
        return draw(vega, figure, packed.charts[figure.id], packed.shared || {});
      }));
    });
  }

  function start() {
    drawAll().catch(function (error) {
      if (window.console) { console.error("charts not drawn: " + error.message); }
    }).then(function () {
      clearTimeout(timer);
      if (window.performance && performance.mark) { performance.mark("him-charts-drawn"); }
      reveal("him-charts-revealed");
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
