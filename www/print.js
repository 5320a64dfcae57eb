// Printing the selected invoice: every section open while printing (a collapsed
// <details> would print as its summary line only), and put back as the user left them.
const opened = [];

function openSections() {
  for (const section of document.querySelectorAll("#invoice details")) {
    if (!section.open) {
      section.open = true;
      opened.push(section);
    }
  }
}

function restoreSections() {
  for (const section of opened.splice(0)) section.open = false;
}

/** Wires the browser's print (Ctrl+P, the menu) and the page's "Print invoice" button. */
export function setupPrint(button) {
  window.addEventListener("beforeprint", openSections);
  window.addEventListener("afterprint", restoreSections);
  button.addEventListener("click", () => window.print());
}
