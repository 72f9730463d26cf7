// Progressive enhancement only: every page works without this file.
// Copy buttons for citation lines (shown only where the clipboard API exists).
document.addEventListener("DOMContentLoaded", function () {
  if (!navigator.clipboard) return;
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
  // Selecting the whole citation on focus makes manual copying one keystroke.
  document.querySelectorAll("input.citation-line").forEach(function (input) {
    input.addEventListener("focus", function () { input.select(); });
  });
});
