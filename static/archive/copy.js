// Copy buttons for citations. Without JavaScript the buttons stay hidden and the text stays
// selectable; with it, a click puts the citation's plain text (and its italics as HTML) on
// the clipboard and says so in the button, which a screen reader announces.
document.addEventListener("DOMContentLoaded", () => {
  if (!navigator.clipboard) return;
  for (const button of document.querySelectorAll("button[data-copy]")) {
    const source = document.getElementById(button.dataset.copy);
    if (!source) continue;
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
        button.textContent = button.dataset.done || "Copied";
      } catch (error) {
        button.textContent = button.dataset.failed || "Select the text to copy";
      }
      setTimeout(() => { button.textContent = label; }, 2500);
    });
  }
});
