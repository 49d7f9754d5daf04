// Names for what the admin leaves unnamed. Its autocomplete boxes (select2), which screen
// readers otherwise announce only by their current value ("combobox, News") or not at all:
// each box takes the name of its field's label. The fields of a table of inline rows, which
// have a column heading but no label: each takes its heading. Runs once Django's
// autocomplete.js has made the boxes (in a later task than the jQuery ready callbacks,
// whatever their order) and again for rows added to an inline.
(function () {
  "use strict";

  function labelRowFields(root) {
    root.querySelectorAll(".tabular td[class*='field-']").forEach(function (cell) {
      const name = Array.from(cell.classList).find(function (c) { return c.startsWith("field-"); });
      const heading = cell.closest("table").querySelector(`thead th.column-${name.slice(6)}`);
      if (!heading) return;
      // The heading's own words, without its help icon's description.
      const words = Array.from(heading.childNodes)
        .filter(function (node) { return node.nodeType === Node.TEXT_NODE; })
        .map(function (node) { return node.textContent; }).join(" ").trim();
      cell.querySelectorAll("input:not([type=hidden]), select, textarea").forEach(function (field) {
        const labelled = field.labels && field.labels.length;
        if (words && !labelled && !field.hasAttribute("aria-label")) field.setAttribute("aria-label", words);
      });
    });
  }

  function labelBoxes(root) {
    labelRowFields(root);
    root.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      const label = select.id && document.querySelector(`label[for="${select.id}"]`);
      const container = select.nextElementSibling;
      if (!container || !container.classList.contains("select2")) return;
      const name = label ? label.textContent.replace(/:\s*$/, "").trim() : select.name;
      const box = container.querySelector(".select2-selection");
      if (box) {
        if (label) {
          label.id = label.id || `${select.id}-label`;
          const rendered = box.getAttribute("aria-labelledby") || "";
          if (!rendered.includes(label.id)) box.setAttribute("aria-labelledby", `${label.id} ${rendered}`.trim());
        } else {
          box.setAttribute("aria-label", name);
        }
      }
      // The current value shows as a read-only text box of its own: it gets the field's name too.
      container.querySelectorAll(".select2-selection__rendered[role]").forEach(function (value) {
        value.setAttribute("aria-label", name);
      });
      container.querySelectorAll(".select2-search__field").forEach(function (field) {
        field.setAttribute("aria-label", name);
      });
      // select2 4.0 puts its mouse-only "remove all" cross inside the list of choices, where
      // a list may hold only items (Backspace removes a choice from the keyboard).
      container.querySelectorAll(".select2-selection__clear").forEach(function (cross) {
        cross.setAttribute("aria-hidden", "true");
      });
    });
  }

  // This file may load before Django's jquery.init.js: look for django.jQuery only once the
  // page is parsed.
  document.addEventListener("DOMContentLoaded", function () {
    const jq = window.django && window.django.jQuery;
    if (!jq) return;
    jq(start);
  });

  function start() {
    const jq = window.django.jQuery;
    setTimeout(function () { labelBoxes(document); }, 0);
    jq(document).on("formset:added", function (event) {
      setTimeout(function () { labelBoxes(event.target); }, 0);
    });
    // A multiple choice box remakes its search field when a choice is added or removed.
    jq(document).on("select2:select select2:unselect", function (event) {
      setTimeout(function () { labelBoxes(event.target.parentNode); }, 0);
    });
  }
})();
