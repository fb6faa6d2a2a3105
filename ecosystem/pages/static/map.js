(function () {
  "use strict";
  var root = document.getElementById("eco-map");
  var source = document.getElementById("eco-data");
  if (!root || !source || typeof vis === "undefined") { return; }
  var DATA = JSON.parse(source.textContent);
  var meta = DATA.meta;
  function byId(id) { return document.getElementById(id); }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  var details = new Map();
  DATA.details.forEach(function (d) { details.set(d.id, d); });
  var hidden = new Set();
  var nodes = new vis.DataSet(DATA.nodes);
  var edges = new vis.DataSet(DATA.edges);
  var view = new vis.DataView(nodes, { filter: function (n) { return !hidden.has(n.kind); } });
  var state = { ready: false, firstDrawMs: null, selected: null, highlighted: [], nodes: nodes, edges: edges, view: view };
  window.ecoMap = state;
  var network = new vis.Network(byId("eco-network"), { nodes: view, edges: edges }, DATA.options);
  window.network = network;
  network.once("afterDrawing", function () {
    state.firstDrawMs = performance.now();
    state.ready = true;
    root.setAttribute("data-ready", "true");
  });

  function initialView() {
    network.fit({ animation: false });
    network.moveTo({ scale: network.getScale() * 0.93, animation: false });  // room for the outer labels
    if (meta.start && network.getScale() < 0.42 && nodes.get(meta.start)) {
      var at = network.getPositions([meta.start])[meta.start];
      network.moveTo({ position: at, scale: 0.75, animation: false });
    }
  }
  initialView();

  // header: what is on the map
  var sub = byId("eco-sub");
  if (sub) {
    var parts = [];
    if (meta.focal && details.has(meta.focal)) { parts.push("Focal firm: " + details.get(meta.focal).name); }
    parts.push(meta.shown.toLocaleString("en") + (meta.shown === meta.total ? "" : " of " + meta.total.toLocaleString("en")) + " nodes");
    parts.push(meta.relationships.toLocaleString("en") + " lines");
    parts.push("node size: " + meta.size_by_text);
    sub.textContent = parts.join(" \u00b7 ");
  }
  var notes = byId("eco-notes");
  if (notes && meta.notes.length) { notes.textContent = meta.notes.join(" "); notes.hidden = false; }

  // neighbourhood highlight: after vis has drawn, veil the canvas and draw the selected node,
  // its lines and its neighbours again on top (no data update, so it costs one redraw at any size)
  var focusSet = null;
  function veil(ctx) {
    if (focusSet === null) { return; }
    var body = network.body;
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = "rgba(246,247,249,0.86)";
    ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
    ctx.restore();
    focusSet.edges.forEach(function (id) {
      var edge = body.edges[id];
      if (edge && edge.connected && body.nodes[edge.fromId] && body.nodes[edge.toId]) { edge.draw(ctx); }
    });
    var labels = [];
    focusSet.nodes.forEach(function (id) {
      var node = body.nodes[id];
      if (node) {
        var drawn = node.draw(ctx);
        if (drawn && typeof drawn.drawExternalLabel === "function") { labels.push(drawn.drawExternalLabel); }
      }
    });
    labels.forEach(function (draw) { draw(); });
  }
  network.on("afterDrawing", function (ctx) {
    try { veil(ctx); } catch (error) { focusSet = null; }  // another vis-network version: no veil, no harm
  });
  function dim(centre) {
    var around = network.getConnectedNodes(centre).filter(function (id) { return id !== centre; });
    around.push(centre);
    focusSet = { nodes: around, edges: network.getConnectedEdges(centre) };
    state.highlighted = around.slice();
    network.redraw();
  }
  function undim() {
    if (focusSet === null) { return; }
    focusSet = null;
    state.highlighted = [];
    network.redraw();
  }

  // the side panel
  var panel = byId("eco-details");
  function showDetails(id) {
    panel.replaceChildren();
    var d = id === null ? undefined : details.get(id);
    if (!d) { panel.hidden = true; return; }
    panel.hidden = false;
    panel.setAttribute("data-node", d.id);
    var head = el("div", "eco-detail-head");
    var badge = el("span", "eco-badge", d.type_label);
    badge.setAttribute("data-type", d.type);
    head.appendChild(badge);
    var close = el("button", "eco-close", "\u00d7");
    close.type = "button";
    close.title = "Close";
    close.addEventListener("click", clearSelection);
    head.appendChild(close);
    panel.appendChild(head);
    panel.appendChild(el("h2", "eco-detail-name", d.name));
    if (d.facts.length) {
      var facts = el("dl", "eco-facts");
      d.facts.forEach(function (f) {
        var dt = el("dt", null, f.label);
        var dd = el("dd", f.key === "explanation" ? "eco-why" : null, f.text);
        dd.setAttribute("data-fact", f.key);
        if (f.value !== null && f.value !== undefined) { dd.setAttribute("data-value", String(f.value)); }
        if (f.key !== "explanation") { facts.appendChild(dt); }
        facts.appendChild(dd);
      });
      panel.appendChild(facts);
    }
    d.lists.forEach(function (list) {
      panel.appendChild(el("h3", null, list.title));
      var ul = el("ul", "eco-links");
      list.items.forEach(function (item) {
        var li = el("li");
        if (item.shown) {
          var link = el("button", "eco-link", item.text);
          link.type = "button";
          link.addEventListener("click", function () { select(item.id, true); });
          li.appendChild(link);
        } else {
          li.appendChild(el("span", "eco-off", item.text));
        }
        ul.appendChild(li);
      });
      if (list.more) { ul.appendChild(el("li", "eco-more", "+" + list.more.toLocaleString("en") + " more")); }
      panel.appendChild(ul);
    });
    if (d.attributes.length) {
      panel.appendChild(el("h3", null, "Attributes"));
      var attrs = el("dl", "eco-attrs");
      d.attributes.forEach(function (pair) {
        attrs.appendChild(el("dt", null, pair[0]));
        attrs.appendChild(el("dd", null, pair[1]));
      });
      panel.appendChild(attrs);
    }
    var side = root.querySelector(".eco-side");
    if (side) { side.scrollTop = 0; }
  }

  function checkboxFor(type) {
    var found = null;
    root.querySelectorAll("input[data-type]").forEach(function (box) { if (box.getAttribute("data-type") === type) { found = box; } });
    return found;
  }
  function select(id, move) {
    var d = details.get(id);
    if (!d) { return; }
    if (hidden.has(d.type)) {
      hidden.delete(d.type);
      var box = checkboxFor(d.type);
      if (box) { box.checked = true; }
      view.refresh();
    }
    state.selected = id;
    network.selectNodes([id]);
    dim(id);
    showDetails(id);
    if (move) {
      network.focus(id, { scale: Math.max(network.getScale(), 0.9), animation: { duration: 350, easingFunction: "easeInOutQuad" } });
    }
  }
  function clearSelection() {
    state.selected = null;
    network.unselectAll();
    undim();
    showDetails(null);
  }
  state.select = select;
  state.clear = clearSelection;
  network.on("click", function (params) {
    if (params.nodes.length) { select(params.nodes[0], false); } else { clearSelection(); }
  });
  document.addEventListener("keydown", function (event) { if (event.key === "Escape") { clearSelection(); } });

  // filters
  root.querySelectorAll("input[data-type]").forEach(function (box) {
    box.addEventListener("change", function () {
      var type = box.getAttribute("data-type");
      if (box.checked) { hidden.delete(type); } else { hidden.add(type); }
      if (state.selected !== null && hidden.has(details.get(state.selected).type)) { clearSelection(); }
      view.refresh();
    });
  });

  // search
  var input = byId("eco-search");
  var results = byId("eco-results");
  var index = DATA.details.map(function (d) {
    return { id: d.id, name: d.name, type: d.type_label, key: (d.name + "\n" + d.id).toLowerCase() };
  });
  function runSearch() {
    var query = input.value.trim().toLowerCase();
    results.replaceChildren();
    if (!query) { results.hidden = true; return; }
    var hits = index.filter(function (item) { return item.key.indexOf(query) !== -1; });
    hits.sort(function (a, b) {
      var pa = a.name.toLowerCase().indexOf(query) === 0 ? 0 : 1;
      var pb = b.name.toLowerCase().indexOf(query) === 0 ? 0 : 1;
      return pa - pb || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    });
    hits.slice(0, 25).forEach(function (hit) {
      var li = el("li");
      var button = el("button");
      button.type = "button";
      button.setAttribute("data-node", hit.id);
      button.appendChild(el("span", "eco-result-name", hit.name));
      button.appendChild(el("span", "eco-result-type", hit.type));
      button.addEventListener("click", function () { select(hit.id, true); });
      li.appendChild(button);
      results.appendChild(li);
    });
    if (!hits.length) { results.appendChild(el("li", "eco-none", "No node matches")); }
    else if (hits.length > 25) { results.appendChild(el("li", "eco-none", "+" + (hits.length - 25) + " more: type more of the name")); }
    results.hidden = false;
  }
  input.addEventListener("input", runSearch);
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      var first = results.querySelector("button");
      if (first) { first.click(); }
      event.preventDefault();
    }
  });

  // gaps
  var gapList = byId("eco-gaps");
  if (!DATA.gaps.length) {
    gapList.appendChild(el("li", "eco-none", meta.focal === null && meta.gap_total === 0
      ? "No capability gaps on this map." : "No capability gaps: every required capability is in the ecosystem."));
  }
  DATA.gaps.forEach(function (gap) {
    var li = el("li");
    var name = el(gap.shown ? "button" : "span", "eco-gap", gap.name);
    if (gap.shown) {
      name.type = "button";
      name.addEventListener("click", function () { select(gap.id, true); });
    }
    li.appendChild(name);
    li.appendChild(el("span", "eco-gap-sev", gap.text));
    var hurt = gap.jobs.map(function (j) { return j.name; }).join(", ");
    if (gap.more_jobs) { hurt += " +" + gap.more_jobs + " more"; }
    li.appendChild(el("div", "eco-gap-jobs", "hurts: " + hurt));
    gapList.appendChild(li);
  });
  if (meta.gap_total > DATA.gaps.length) {
    gapList.appendChild(el("li", "eco-none", "+" + (meta.gap_total - DATA.gaps.length) + " smaller gaps"));
  }

  var fit = byId("eco-fit");
  if (fit) { fit.addEventListener("click", function () { network.fit({ animation: { duration: 300, easingFunction: "easeInOutQuad" } }); }); }
})();
