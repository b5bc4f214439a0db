// Progressive enhancement of the entry page: a button that copies the formatted citation.
// Without this file the citation is plain text a reader selects and copies by hand.
(function () {
  "use strict";
  var citation = document.getElementById("citation-text");
  if (!citation) return;

  var button = document.createElement("button");
  button.type = "button";
  button.className = "button-secondary copy-citation";
  button.textContent = "Copy citation";
  var status = document.createElement("span");
  status.className = "copy-status";
  status.setAttribute("role", "status");
  var row = document.createElement("p");
  row.className = "copy-row";
  row.append(button, " ", status);
  citation.after(row);

  // Where the clipboard is refused (an insecure origin, a denied permission), the text is
  // selected instead, so one key press copies it.
  function selectText() {
    var range = document.createRange();
    range.selectNodeContents(citation);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    status.textContent = "Citation selected: press Ctrl+C (⌘C on a Mac) to copy it.";
  }

  button.addEventListener("click", function () {
    var text = citation.textContent.trim();
    if (!navigator.clipboard || !window.isSecureContext) {
      selectText();
      return;
    }
    navigator.clipboard.writeText(text).then(function () {
      status.textContent = "Citation copied.";
    }, selectText);
  });
})();
