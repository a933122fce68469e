// The public site's one script, loaded after the page: every page works without it.
// - Copy buttons for citations: hidden without JavaScript (the text stays selectable); a click
//   puts the citation on the clipboard (plain text, and HTML for its italics) and the button
//   says so, which a screen reader announces.
// - The search page's filter panel stays open across the result swaps htmx makes.
(() => {
  function enableCopyButtons(root) {
    if (!navigator.clipboard) return;
    for (const button of root.querySelectorAll("button[data-copy]")) {
      const source = document.getElementById(button.dataset.copy);
      if (!source || !button.hidden) continue;
      const label = button.textContent;
      button.setAttribute("aria-live", "polite");
      button.hidden = false;
      button.addEventListener("click", async () => {
        const text = source.textContent.trim();
        try {
          if (window.ClipboardItem) {
            await navigator.clipboard.write([new ClipboardItem({
              "text/plain": new Blob([text], {type: "text/plain"}),
              "text/html": new Blob([source.innerHTML.trim()], {type: "text/html"}),
            })]);
          } else {
            await navigator.clipboard.writeText(text);
          }
          button.textContent = button.dataset.done;
        } catch (error) {
          button.textContent = button.dataset.failed;
        }
        setTimeout(() => { button.textContent = label; }, 2500);
      });
    }
  }

  let filtersOpen = false;
  document.addEventListener("htmx:beforeSwap", () => {
    const panel = document.getElementById("filters");
    filtersOpen = Boolean(panel && panel.open);
  });
  document.addEventListener("htmx:afterSwap", () => {
    const panel = document.getElementById("filters");
    if (panel && filtersOpen) panel.open = true;
  });

  document.addEventListener("DOMContentLoaded", () => enableCopyButtons(document));
})();
