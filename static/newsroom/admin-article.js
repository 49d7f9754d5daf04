// The story change form: autosave while typing, a warning when someone else saves,
// and live link suggestions for films and people the text names.
(function () {
  "use strict";

  // The rich-text editor may be ready before or after this page's DOMContentLoaded.
  let editorReady = null;
  const editorWaiters = [];
  document.addEventListener("prose-editor:ready", function (event) {
    editorReady = event.detail;
    editorWaiters.splice(0).forEach(function (fn) { fn(event.detail); });
  });
  function whenEditorReady(fn) {
    if (editorReady) fn(editorReady);
    else editorWaiters.push(fn);
  }

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  // The editor is a textbox that screen readers announce by its field's label ("Body"),
  // which names only the hidden textarea.
  whenEditorReady(function (detail) {
    const label = document.querySelector(`label[for="${detail.textarea.id}"]`);
    if (!label) return;
    label.id = label.id || `${detail.textarea.id}-label`;
    detail.editor.view.dom.setAttribute("aria-labelledby", label.id);
  });

  ready(function () {
    const box = document.getElementById("article-workflow");
    const form = document.getElementById("article_form");
    if (!box || !form) return;

    // The headline box wraps a long headline, but Enter in it goes on to the text, as in
    // WordPress, rather than break the headline.
    const headline = form.querySelector("textarea[name=headline]");
    if (headline) {
      headline.addEventListener("keydown", function (event) {
        if (event.key !== "Enter" || event.isComposing) return;
        event.preventDefault();
        whenEditorReady(function (detail) {
          detail.editor.view.focus(); // at once: Tiptap's focus command waits a frame
          detail.editor.commands.focus("end");
        });
      });
    }
    const baseVersion = form.querySelector("input[name=base_version]");
    const csrf = form.querySelector("input[name=csrfmiddlewaretoken]");

    // Autosave: a few seconds after the last keystroke, at most every 10 s while typing.
    // It only stores the form for this editor; it never saves or publishes the story.
    const autosaveUrl = box.dataset.autosaveUrl;
    let timer = null;
    let lastSaved = 0;
    function autosave() {
      timer = null;
      lastSaved = Date.now();
      const data = new FormData(form);
      fetch(autosaveUrl, { method: "POST", body: data, credentials: "same-origin" })
        .then(function (response) {
          if (response.ok) form.dataset.autosaved = String(Date.now());
        })
        .catch(function () {});
    }
    function scheduleAutosave() {
      if (timer) clearTimeout(timer);
      const wait = Date.now() - lastSaved > 10000 ? 1000 : 3000;
      timer = setTimeout(autosave, wait);
    }
    if (autosaveUrl) {
      form.addEventListener("input", scheduleAutosave);
      form.addEventListener("change", scheduleAutosave);
    }

    // Someone else saved since this form was opened: say so before the editor saves.
    const versionUrl = box.dataset.versionUrl;
    const stale = document.getElementById("stale-warning");
    function poll() {
      fetch(versionUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (info) {
          if (!info || !baseVersion) return;
          if (info.version > Number(baseVersion.value)) {
            stale.textContent = (info.saved_by || "Someone") + " saved this story since you opened it. " +
              "Your save will be refused and shown side by side with theirs, so nothing is lost; " +
              "or reload the page to start from their version.";
            stale.hidden = false;
          } else {
            stale.hidden = true;
          }
        })
        .catch(function () {});
    }
    if (versionUrl && stale) {
      setInterval(poll, 15000);
      document.addEventListener("visibilitychange", function () {
        if (!document.hidden) poll();
      });
    }

    // Live link suggestions: as the writer types, films and people the text names but the form
    // does not link yet; About or Mentioned adds the link as a row of the form (saved with it).
    const suggestUrl = box.dataset.suggestUrl;
    const panel = document.getElementById("entity-suggestions");
    const INLINES = { film: "film_links", person: "person_links" };
    let editor = null;
    let suggestTimer = null;

    function linkedIds(kind) {
      const prefix = INLINES[kind];
      return Array.from(form.querySelectorAll(`select[name^="${prefix}-"][name$="-${kind}"]`))
        .filter(function (select) {
          const row = select.closest(".dynamic-" + prefix + ", .inline-related, tr");
          const deleted = row && row.querySelector('input[name$="-DELETE"]');
          return select.value && !(deleted && deleted.checked) && !select.name.includes("__prefix__");
        })
        .map(function (select) { return select.value; });
    }

    function storyText() {
      const parts = ["headline", "dek"].map(function (name) {
        const field = form.querySelector(`[name="${name}"]`);
        return field ? field.value : "";
      });
      parts.push(editor ? editor.getText({ blockSeparator: "\n" }) : "");
      return parts.join("\n");
    }

    function addLink(kind, id, name, linkKind) {
      const prefix = INLINES[kind];
      const before = form.querySelector(`#id_${prefix}-TOTAL_FORMS`);
      const index = Number(before.value);
      form.querySelector(`#${prefix}-group .add-row a`).click();
      const select = document.getElementById(`id_${prefix}-${index}-${kind}`);
      const kindSelect = document.getElementById(`id_${prefix}-${index}-kind`);
      if (!select) return false;
      select.append(new Option(name, id, true, true));
      if (window.django && window.django.jQuery) window.django.jQuery(select).trigger("change");
      else select.dispatchEvent(new Event("change", { bubbles: true }));
      if (kindSelect) kindSelect.value = linkKind;
      return true;
    }

    function isLinked(kind, id) {
      return linkedIds(kind).includes(String(id));
    }

    // An answer reflects the links the form had when it was asked; the writer may have linked
    // names since (from this list or in the rows), so it is checked against the form as it is now.
    function showSuggestions(suggestions) {
      const list = panel.querySelector("ul");
      list.replaceChildren();
      const unlinked = suggestions.filter(function (s) { return !isLinked(s.kind, s.id); });
      unlinked.forEach(function (suggestion) {
        const item = document.createElement("li");
        const label = document.createElement("span");
        label.textContent = suggestion.name + " ";
        const kind = document.createElement("small");
        kind.textContent = "(" + suggestion.kind + ")";
        label.append(kind);
        item.append(label);
        [["about", "About"], ["mentions", "Mentioned"]].forEach(function (choice) {
          const button = document.createElement("button");
          button.type = "button";
          button.className = "button";
          button.textContent = choice[1];
          button.setAttribute("aria-label", `Link ${suggestion.name} as ${choice[1].toLowerCase()}`);
          button.addEventListener("click", function () {
            if (isLinked(suggestion.kind, suggestion.id)) {
              item.replaceChildren(`${suggestion.name}: already linked`);
              item.className = "suggestion-added";
            } else if (addLink(suggestion.kind, suggestion.id, suggestion.name, choice[0])) {
              item.replaceChildren(`${suggestion.name}: added as ${choice[1].toLowerCase()} (saved with the story)`);
              item.className = "suggestion-added";
            }
          });
          item.append(" ", button);
        });
        list.append(item);
      });
      panel.hidden = unlinked.length === 0 && !list.querySelector(".suggestion-added");
    }

    let latestSuggest = 0;
    function suggest() {
      suggestTimer = null;
      const request = ++latestSuggest;
      const data = new FormData();
      data.append("csrfmiddlewaretoken", csrf.value);
      data.append("text", storyText());
      ["film", "person"].forEach(function (kind) {
        linkedIds(kind).forEach(function (id) { data.append(kind, id); });
      });
      fetch(suggestUrl, { method: "POST", body: data, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : null; })
        // An older request answering late must not replace the newer one's list.
        .then(function (info) { if (info && request === latestSuggest) showSuggestions(info.suggestions); })
        .catch(function () {});
    }

    function scheduleSuggest() {
      if (suggestTimer) clearTimeout(suggestTimer);
      suggestTimer = setTimeout(suggest, 700);
    }

    if (suggestUrl && panel) {
      whenEditorReady(function (detail) {
        if (!form.contains(detail.textarea)) return;
        editor = detail.editor;
        editor.on("update", scheduleSuggest);
        suggest();
      });
      ["headline", "dek"].forEach(function (name) {
        const field = form.querySelector(`[name="${name}"]`);
        if (field) field.addEventListener("input", scheduleSuggest);
      });
    }
  });
})();
