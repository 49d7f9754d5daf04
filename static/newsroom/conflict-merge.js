// A refused save (the conflict banner of the story form): for each field where the saved story
// and the editor's text differ, "Use their headline" puts the saved value in the field, in
// place, and "Keep my headline" puts back what the field held. Nothing is saved until Save.
(function () {
  "use strict";

  // The rich-text editor of each textarea; it may be ready before or after DOMContentLoaded.
  const editors = new Map();
  const editorWaiters = [];
  document.addEventListener("prose-editor:ready", function (event) {
    editors.set(event.detail.textarea, event.detail.editor);
    editorWaiters.splice(0).forEach(function (fn) { fn(); });
  });

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  // Puts a value in one input, as typing would: the editor for rich text, the option for a select.
  function put(field, value, text) {
    const editor = editors.get(field);
    if (editor) {
      editor.commands.setContent(value, { emitUpdate: true });
      field.value = value;
    } else if (field.tagName === "SELECT") {
      // An autocomplete box holds only the options chosen so far.
      if (value && !offers(field, value)) field.append(new Option(text, value));
      field.value = value;
    } else {
      field.value = value;
    }
    // Autosave hears these, and so does an autocomplete box, which then shows the new choice.
    field.dispatchEvent(new Event("input", { bubbles: true }));
    field.dispatchEvent(new Event("change", { bubbles: true }));
  }

  // A textarea that django-prose-editor turns into a rich-text editor (data-django-prose-editor-<preset>).
  function isRichText(field) {
    return Array.from(field.attributes).some(function (attribute) {
      return attribute.name.startsWith("data-django-prose-editor");
    });
  }

  function offers(select, value) {
    return Array.from(select.options).some(function (option) { return option.value === value; });
  }

  // A select can take their value only if it offers it (or looks options up as you type): a
  // writer's status box, for one, lacks Published.
  function canHold(field, value) {
    if (field.tagName !== "SELECT" || !value || field.classList.contains("admin-autocomplete")) return true;
    return offers(field, value);
  }

  ready(function () {
    const data = document.getElementById("conflict-theirs");
    const form = document.getElementById("article_form");
    if (!data || !form) return;
    const theirs = JSON.parse(data.textContent);

    form.querySelectorAll("button.conflict-take").forEach(function (button) {
      const saved = theirs[button.dataset.field];
      if (!saved) return;
      const names = Object.keys(saved.inputs);
      const fields = names.map(function (name) { return form.elements.namedItem(name); });
      if (fields.some(function (field, i) { return !field || !canHold(field, saved.inputs[names[i]]); })) return;
      const state = button.parentElement.querySelector(".conflict-state");
      let mine = null; // what the fields held before theirs went in

      button.addEventListener("click", function () {
        if (mine === null) {
          mine = fields.map(function (field) { return field.value; });
          fields.forEach(function (field, i) { put(field, saved.inputs[names[i]], saved.text); });
        } else {
          fields.forEach(function (field, i) { put(field, mine[i], ""); });
          mine = null;
        }
        const taken = mine !== null;
        button.textContent = taken ? button.dataset.mineLabel : button.dataset.theirsLabel;
        state.textContent = taken ? "Theirs" : "Yours";
      });

      // A rich-text field waits for its editor, so the button never does half the job.
      const rich = fields.filter(isRichText);
      function show() {
        if (rich.every(function (field) { return editors.has(field); })) button.hidden = false;
        else editorWaiters.push(show);
      }
      show();
    });
  });
})();
