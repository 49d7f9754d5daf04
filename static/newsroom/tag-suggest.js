// Suggests existing tags for the last comma-separated term of a tags field.
document.addEventListener("input", async (event) => {
  const input = event.target;
  if (!input.matches || !input.matches("input[data-suggest-url]")) return;
  const terms = input.value.split(",");
  const current = terms.pop().trim();
  const list = document.getElementById(input.getAttribute("list"));
  if (!list || current.length < 1) return;
  const url = new URL(input.dataset.suggestUrl, window.location.href);
  url.searchParams.set("q", current);
  const response = await fetch(url, { credentials: "same-origin" });
  if (!response.ok) return;
  const { tags } = await response.json();
  const kept = terms.map((term) => term.trim()).filter(Boolean);
  list.replaceChildren(
    ...tags.map((tag) => {
      const option = document.createElement("option");
      option.value = [...kept, tag].join(", ");
      return option;
    }),
  );
});
