// Click-to-load players: nothing is requested from the provider until the reader asks.
// Without JavaScript the link simply opens the provider's page.
document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-embed-src]");
  if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
  event.preventDefault();
  const frame = document.createElement("iframe");
  frame.src = link.dataset.embedSrc;
  frame.title = link.dataset.embedTitle;
  frame.className = "embed-frame embed-frame-" + link.dataset.embedKind;
  frame.allow = "autoplay; encrypted-media; fullscreen; picture-in-picture";
  frame.referrerPolicy = "strict-origin-when-cross-origin";
  frame.setAttribute("allowfullscreen", "");
  link.replaceWith(frame);
  frame.focus();
});
