// Render ```mermaid code blocks as diagrams (the data model, the collaboration graph).
document.addEventListener("DOMContentLoaded", function () {
  var blocks = document.querySelectorAll("code.language-mermaid");
  blocks.forEach(function (code) {
    var diagram = document.createElement("div");
    diagram.className = "mermaid";
    diagram.textContent = code.textContent;
    code.parentElement.replaceWith(diagram);
  });
  if (window.mermaid && blocks.length) {
    window.mermaid.initialize({ startOnLoad: false });
    window.mermaid.run();
  }
});
