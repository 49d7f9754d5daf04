// The image chooser: next to each picture field, "Choose from the library" opens a dialog with
// a search over the library (thumbnails, newest first) and an upload form; choosing or
// uploading a picture puts it in the field. The JSON comes from images/chooser.py. The story
// editor's Picture button (prose-extensions.js) opens the same dialog: window.newsroomImageChooser.
(function () {
  "use strict";

  function element(tag, attrs, children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(function ([name, value]) {
      if (name === "text") node.textContent = value;
      else node.setAttribute(name, value);
    });
    (children || []).forEach(function (child) { node.append(child); });
    return node;
  }

  function choose(select, image) {
    let option = Array.from(select.options).find(function (o) { return o.value === String(image.id); });
    if (!option) {
      option = new Option(image.alt, image.id, true, true);
      select.append(option);
    }
    select.value = String(image.id);
    if (window.django && window.django.jQuery) window.django.jQuery(select).trigger("change");
    else select.dispatchEvent(new Event("change", { bubbles: true }));
  }

  // `select` gives the dialog its addresses (data-image-chooser, data-image-upload) and id;
  // `chosen(image)` receives the picture chosen or uploaded.
  function openChooser(select, opener, chosen) {
    const csrf = document.querySelector("input[name=csrfmiddlewaretoken]");
    const title = `chooser-title-${select.id}`;
    const results = element("ul", { class: "chooser-results", "aria-live": "polite" });
    const search = element("input", { type: "search", id: `chooser-search-${select.id}`, autocomplete: "off" });
    const status = element("p", { class: "chooser-status", role: "status" });
    const file = element("input", { type: "file", name: "file", accept: ".jpg,.jpeg,.png,.webp", required: "" });
    const alt = element("input", { type: "text", name: "alt_text", required: "", maxlength: "300" });
    const caption = element("textarea", { name: "caption", rows: "2", maxlength: "500" });
    const credit = element("input", { type: "text", name: "credit", maxlength: "200" });
    const upload = element("form", { class: "chooser-upload" }, [
      element("h3", { text: "Or upload a new picture" }),
      element("label", {}, ["File ", file]),
      element("label", {}, ["Description for readers who cannot see it (required) ", alt]),
      element("label", {}, ["Caption (shown under the picture) ", caption]),
      element("label", {}, ["Credit ", credit]),
      element("button", { type: "submit", class: "button", text: "Upload and choose" }),
    ]);
    const close = element("button", { type: "button", class: "button chooser-close", text: "Close" });
    const dialog = element("dialog", { class: "image-chooser", "aria-labelledby": title }, [
      element("h2", { id: title, text: "Choose a picture" }),
      element("label", { for: search.id, text: "Search the library " }),
      search,
      results,
      status,
      upload,
      close,
    ]);

    function done(image) {
      chosen(image);
      dialog.close();
    }

    function show(images) {
      results.replaceChildren();
      images.forEach(function (image) {
        const button = element("button", { type: "button", class: "chooser-card" }, [
          image.thumbnail
            ? element("img", { src: image.thumbnail, alt: "", loading: "lazy", width: "120", height: "90" })
            : element("span", { class: "chooser-no-thumbnail", text: "No preview" }),
          element("span", { text: image.alt }),
        ]);
        button.addEventListener("click", function () { done(image); });
        results.append(element("li", {}, [button]));
      });
      const count = images.length === 1 ? "1 picture" : `${images.length} pictures`;
      status.textContent = images.length ? count : "No picture matches.";
    }

    let timer = null;
    let latest = 0;
    function load() {
      const url = `${select.dataset.imageChooser}?q=${encodeURIComponent(search.value)}`;
      const request = ++latest;
      fetch(url, { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : Promise.reject(response); })
        // An older search answering late must not replace the newer one's results.
        .then(function (info) { if (request === latest) show(info.images); })
        .catch(function () { status.textContent = "The library could not be searched; try again."; });
    }
    search.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(load, 300);
    });

    upload.addEventListener("submit", function (event) {
      event.preventDefault();
      const data = new FormData(upload);
      data.append("csrfmiddlewaretoken", csrf ? csrf.value : "");
      status.textContent = "Uploading…";
      fetch(select.dataset.imageUpload, { method: "POST", body: data, credentials: "same-origin" })
        .then(function (response) {
          return response.json().then(function (info) { return { ok: response.ok, info: info }; });
        })
        .then(function (result) {
          if (result.ok) done(result.info);
          else status.textContent = Object.values(result.info.errors || {}).flat().join(" ") || "Upload refused.";
        })
        .catch(function () { status.textContent = "The upload failed; try again."; });
    });
    close.addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("close", function () {
      dialog.remove();
      opener.focus();
    });
    document.body.append(dialog);
    dialog.showModal();
    search.focus();
    load();
  }

  window.newsroomImageChooser = openChooser;

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("select[data-image-chooser]").forEach(function (select) {
      const label = document.querySelector(`label[for="${select.id}"]`);
      const name = label ? label.textContent.replace(/:\s*$/, "").trim().toLowerCase() : "picture";
      const opener = element("button", {
        type: "button",
        class: "button image-chooser-open",
        text: "Choose from the library",
        // The name starts with the visible text (speech input users say what they see).
        "aria-label": `Choose from the library: ${name}`,
      });
      opener.addEventListener("click", function () {
        openChooser(select, opener, function (image) { choose(select, image); });
      });
      const wrapper = select.closest(".related-widget-wrapper") || select;
      wrapper.after(opener);
    });
  });
})();
