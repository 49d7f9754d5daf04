// The story change form: autosave while typing, a warning when someone else saves,
// and one-click links for films and people the text names.
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  ready(function () {
    const box = document.getElementById("article-workflow");
    const form = document.getElementById("article_form");
    if (!box || !form) return;
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

    // Suggestions: link a film or person in one click.
    const linkUrl = box.dataset.linkUrl;
    box.querySelectorAll("button.link-entity").forEach(function (button) {
      button.addEventListener("click", function () {
        const data = new FormData();
        data.append("csrfmiddlewaretoken", csrf.value);
        if (button.dataset.film) data.append("film", button.dataset.film);
        if (button.dataset.person) data.append("person", button.dataset.person);
        button.disabled = true;
        fetch(linkUrl, { method: "POST", body: data, credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.json() : Promise.reject(response); })
          .then(function (info) {
            // Our own link moved the version on; the form is still current unless someone else saved.
            if (baseVersion && Number(baseVersion.value) === info.previous_version) {
              baseVersion.value = String(info.version);
            }
            button.textContent = "Linked";
          })
          .catch(function () {
            button.disabled = false;
            button.textContent = "Could not link; try again";
          });
      });
    });
  });
})();
