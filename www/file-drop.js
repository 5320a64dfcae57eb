// A file dragged from the desktop and dropped anywhere on the page is loaded as if it had
// been opened with the file input. While files are dragged over the page, the body says
// so (class `file-over`: an outline and a line of text, from style.css). Drags that carry
// no files are left alone: the tree's own node drags are pointer events, not HTML drag
// and drop, and text dragged out of a field should still drop into a field.

/** True when the drag carries files (its types list "Files"). */
const carriesFiles = (event) => Array.from(event.dataTransfer?.types ?? []).includes("Files");

/**
 * Listens on the document for dropped files: `onFile(file)` gets the first one (a
 * `File`; reading it is the caller's). Returns nothing; the listeners live as long as
 * the page.
 */
export function enableFileDrop({ onFile }) {
  // dragenter and dragleave fire for every element crossed: count them, so the outline
  // goes only when the drag has left the page.
  let depth = 0;
  const show = (on) => document.body.classList.toggle("file-over", on);

  document.addEventListener("dragenter", (event) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    depth += 1;
    show(true);
  });
  document.addEventListener("dragover", (event) => {
    if (!carriesFiles(event)) return;
    // Without this the drop event never fires.
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
  });
  document.addEventListener("dragleave", (event) => {
    if (!carriesFiles(event)) return;
    depth = Math.max(0, depth - 1);
    if (depth === 0) show(false);
  });
  document.addEventListener("drop", (event) => {
    if (!carriesFiles(event)) return;
    // Otherwise the browser leaves the page to show the file.
    event.preventDefault();
    depth = 0;
    show(false);
    const [file] = event.dataTransfer.files;
    if (file) onFile(file);
  });
}
