// A tags field: existing tags suggested for the term being typed, and, for a writer who may
// not add tags, a notice naming the new ones as soon as they are typed (not when saving).
const latest = new WeakMap(); // input -> number of its newest request

function showRefused(input, names) {
  const notice = document.getElementById(`${input.id}-new`);
  if (!notice) return;
  const quoted = names.map((name) => `“${name}”`).join(", ");
  notice.querySelector(".tag-refused-names").textContent = quoted;
  const ask = notice.querySelector("a.tag-ask");
  if (ask && names.length) {
    const headline = input.form && input.form.querySelector("[name=headline]");
    const subject = `New ${names.length === 1 ? "tag" : "tags"}: ${names.join(", ")}`;
    const story = headline && headline.value ? `“${headline.value}”` : "a story";
    const body = `Could you add ${quoted} to the newsroom's tags? I would use it for ${story}: ${window.location.href}`;
    ask.href = `${ask.dataset.to}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`;
  }
  notice.hidden = names.length === 0;
}

// `finished`: the writer has left the box, so the last term is a tag too, not one half typed.
async function check(input, finished) {
  const terms = input.value.split(",");
  const current = terms.pop().trim();
  const url = new URL(input.dataset.suggestUrl, window.location.href);
  url.searchParams.set("q", finished ? "" : current);
  url.searchParams.set("names", finished ? input.value : terms.join(","));
  const request = (latest.get(input) || 0) + 1;
  latest.set(input, request);
  const response = await fetch(url, { credentials: "same-origin" });
  // An older request answering late must not replace the newer one's answer.
  if (!response.ok || latest.get(input) !== request) return;
  const { tags, new: refused } = await response.json();
  showRefused(input, refused);
  const list = document.getElementById(input.getAttribute("list"));
  if (finished || !list) return;
  const kept = terms.map((term) => term.trim()).filter(Boolean);
  list.replaceChildren(
    ...tags.map((tag) => {
      const option = document.createElement("option");
      option.value = [...kept, tag].join(", ");
      return option;
    }),
  );
}

for (const [type, finished] of [["input", false], ["change", true]]) {
  document.addEventListener(type, (event) => {
    const input = event.target;
    if (input.matches && input.matches("input[data-suggest-url]")) check(input, finished);
  });
}
