// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  // Phones: the search filters behind a button (the CSS hides the button on wide screens).
  document.querySelectorAll("button.filters-toggle[aria-controls]").forEach(function (button) {
    var panel = document.getElementById(button.getAttribute("aria-controls"));
    if (!panel) return;
    button.hidden = false;
    button.parentElement.classList.add("collapsible");
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", String(open));
      panel.classList.toggle("open", open);
    });
  });
  // Tables shown as cards on phones: each cell is labelled with its column's heading.
  document.querySelectorAll("table").forEach(function (table) {
    if (table.matches(".bilingual, .terms, .chart-table") || !table.tHead) return;
    var heads = Array.prototype.map.call(table.tHead.rows[0].cells, function (th) { return th.textContent.trim(); });
    if (heads.length < 3) return;
    table.classList.add("cards");
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        Array.prototype.forEach.call(row.cells, function (cell, i) {
          if (cell.tagName === "TD") cell.dataset.label = heads[i] || "";
        });
      });
    });
  });
  // The reader's contents list is a closed menu on narrow screens (open where JS is off).
  var toc = document.querySelector(".reader .toc details");
  if (toc && window.matchMedia("(max-width: 899px)").matches) {
    toc.open = false;
    toc.querySelectorAll("a").forEach(function (link) {
      link.addEventListener("click", function () { toc.open = false; });
    });
  }
  // The language switch keeps the reader's place: the server sees the path and query, the
  // #fragment only the browser knows, so it is added to `next` when the switch is followed.
  document.querySelectorAll(".lang-switch a").forEach(function (link) {
    link.addEventListener("click", function () {
      if (!location.hash) return;
      var url = new URL(link.href, location.href);
      var next = (url.searchParams.get("next") || "/").split("#")[0];
      url.searchParams.set("next", next + location.hash);
      link.href = url.pathname + url.search;
    });
  });
  // Copy buttons for citation lines (shown only where the clipboard API exists).
  if (navigator.clipboard) {
    document.querySelectorAll("button.copy[data-copy]").forEach(function (button) {
      var field = document.getElementById(button.dataset.copy);
      if (!field) return;
      button.hidden = false;
      var label = button.textContent;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(field.value).then(function () {
          button.textContent = button.dataset.copied || label;
          setTimeout(function () { button.textContent = label; }, 1500);
        });
      });
    });
  }
  // Selecting the whole citation on focus makes manual copying one keystroke.
  document.querySelectorAll("input.citation-line").forEach(function (input) {
    input.addEventListener("focus", function () { input.select(); });
  });
});
