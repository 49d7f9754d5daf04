// Drag-and-drop ordering for the rows of the desk's inline tables (bylines, linked films and
// people, READ MORE links, embeds, credits): each row gets a handle to drag and Move up /
// Move down buttons for the keyboard; the order is written into the rows' order field
// ("position", or "billing_order" for credits), numbered 0, 1, 2... in the order shown.
(function () {
  "use strict";

  const ORDER_FIELDS = ["position", "billing_order"];

  function orderInput(row) {
    for (const field of ORDER_FIELDS) {
      const input = row.querySelector(`td.field-${field} input`);
      if (input) return input;
    }
    return null;
  }

  function rows(tbody) {
    return Array.from(tbody.querySelectorAll("tr.form-row:not(.empty-form)")).filter(orderInput);
  }

  function renumber(tbody) {
    rows(tbody).forEach(function (row, index) {
      const input = orderInput(row);
      if (input.value !== String(index)) {
        input.value = String(index);
        input.dispatchEvent(new Event("input", { bubbles: true }));
      }
    });
  }

  function move(row, step) {
    const tbody = row.parentNode;
    const all = rows(tbody);
    const target = all[all.indexOf(row) + step];
    if (!target) return;
    if (step < 0) tbody.insertBefore(row, target);
    else tbody.insertBefore(row, target.nextSibling);
    renumber(tbody);
  }

  function button(text, label, onClick) {
    const element = document.createElement("button");
    element.type = "button";
    element.className = "sort-button";
    element.textContent = text;
    element.setAttribute("aria-label", label);
    element.addEventListener("click", onClick);
    return element;
  }

  let dragged = null;

  function enhance(row) {
    const input = orderInput(row);
    if (!input || row.dataset.sortable) return;
    row.dataset.sortable = "1";
    input.classList.add("sort-value");
    if (!input.labels || !input.labels.length) input.setAttribute("aria-label", "Order");
    const controls = document.createElement("span");
    controls.className = "sort-controls";
    const handle = document.createElement("span");
    handle.className = "sort-handle";
    handle.textContent = "⠿";
    handle.title = "Drag to reorder";
    handle.setAttribute("aria-hidden", "true");
    controls.append(
      handle,
      button("↑", "Move up", function () { move(row, -1); }),
      button("↓", "Move down", function () { move(row, 1); })
    );
    input.after(controls);
    // Dragging starts only from the handle, so text in the row's fields can still be selected.
    handle.addEventListener("mousedown", function () { row.draggable = true; });
    row.addEventListener("dragstart", function (event) {
      dragged = row;
      row.classList.add("dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", "");
    });
    row.addEventListener("dragend", function () {
      row.draggable = false;
      row.classList.remove("dragging");
      if (dragged) renumber(row.parentNode);
      dragged = null;
    });
    row.addEventListener("dragover", function (event) {
      if (!dragged || dragged === row || dragged.parentNode !== row.parentNode) return;
      event.preventDefault();
      const box = row.getBoundingClientRect();
      const after = event.clientY > box.top + box.height / 2;
      row.parentNode.insertBefore(dragged, after ? row.nextSibling : row);
    });
    row.addEventListener("drop", function (event) { event.preventDefault(); });
  }

  function enhanceAll(root) {
    root.querySelectorAll(".inline-group .tabular tr.form-row:not(.empty-form)").forEach(enhance);
  }

  document.addEventListener("DOMContentLoaded", function () {
    enhanceAll(document);
    // New rows come last: they take the next number.
    document.addEventListener("formset:added", function (event) {
      const row = event.target.closest ? event.target.closest("tr") || event.target : event.target;
      enhanceAll(row.parentNode || document);
      if (row.parentNode) renumber(row.parentNode);
    });
  });
})();
