// Progressive enhancement of the search page: the GET form works without this file. With it,
// filters apply as soon as they change, results are swapped in place, and the URL follows
// (history.pushState), so every state stays a link and the back button works.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  var form = document.getElementById("search-form");
  var region = document.getElementById("results-region");
  var announcer = document.getElementById("announcer");
  if (!form || !region || !window.fetch || !window.history.pushState) return;

  var base = form.getAttribute("action") || "/";
  var inFlight = null;

  function formUrl() {
    var params = new URLSearchParams();
    // A year still being typed is left out until it is whole, so ticking a box meanwhile works.
    var skipped = {};
    form.querySelectorAll('input[type="number"]').forEach(function (input) {
      if (isHalfTyped(input)) skipped[input.name] = true;
    });
    new FormData(form).forEach(function (value, name) {
      if (String(value).trim() !== "" && !skipped[name]) params.append(name, value);
    });
    var query = params.toString();
    return query ? base + "?" + query : base;
  }

  function isSearchUrl(href) {
    var url = new URL(href, window.location.href);
    return url.origin === window.location.origin && url.pathname === new URL(base, url).pathname;
  }

  // Details the reader opened ("show all", the query explanation) stay open after a swap.
  function openDetails() {
    var open = [];
    region.querySelectorAll("details[open]").forEach(function (details) {
      var owner = details.closest("[data-facet]");
      open.push(owner ? "facet:" + owner.getAttribute("data-facet") : details.className);
    });
    return open;
  }

  function restoreDetails(open) {
    region.querySelectorAll("details").forEach(function (details) {
      var owner = details.closest("[data-facet]");
      var key = owner ? "facet:" + owner.getAttribute("data-facet") : details.className;
      details.open = open.indexOf(key) !== -1;
    });
  }

  // What the reader is typing into the region (a year, a facet filter) survives a swap.
  function typedValues() {
    var values = {};
    region.querySelectorAll('input[type="number"], .facet-filter').forEach(function (input) {
      var owner = input.closest("[data-facet]");
      var key = input.id || (owner ? "filter:" + owner.getAttribute("data-facet") : "");
      if (key && (input === document.activeElement || isHalfTyped(input))) values[key] = input.value;
      else if (key && input.classList.contains("facet-filter") && input.value) values[key] = input.value;
    });
    return values;
  }

  function restoreTyped(values) {
    region.querySelectorAll('input[type="number"], .facet-filter').forEach(function (input) {
      var owner = input.closest("[data-facet]");
      var key = input.id || (owner ? "filter:" + owner.getAttribute("data-facet") : "");
      if (key in values && input.value !== values[key]) {
        input.value = values[key];
        input.dispatchEvent(new Event("input"));
      }
    });
  }

  // The error page's heading and message, shown in the results' place; false if it has none.
  function showError(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var message = doc.querySelector(".error-message");
    var results = region.querySelector(".results");
    if (!message || !results) return false;
    var heading = doc.querySelector("h1");
    var box = document.createElement("div");
    box.className = "search-error";
    box.setAttribute("role", "alert");
    var title = document.createElement("h2");
    title.className = "result-count";
    title.id = "result-count"; // the results region stays labelled by its heading
    title.textContent = heading ? heading.textContent : "That search could not be read";
    var text = document.createElement("p");
    text.className = "error-message";
    text.textContent = message.textContent;
    box.appendChild(title);
    box.appendChild(text);
    results.replaceChildren(box);
    return true;
  }

  // A year is only searched once it is a whole, valid year: "20" on the way to "2021" is not.
  function isHalfTyped(input) {
    if (input.validity.badInput) return true;
    return input.value !== "" && (!/^\d{4}$/.test(input.value) || !input.checkValidity());
  }

  function navigate(url, push, focusId) {
    if (inFlight) inFlight.abort();
    var controller = new AbortController();
    var redirected = false;
    inFlight = controller;
    document.body.classList.add("is-loading");
    fetch(url, { headers: { Accept: "text/html" }, signal: controller.signal })
      .then(function (response) {
        // A redirect (reversed years put in order) gives the URL that matches the page, and
        // its form's values win over what was typed.
        redirected = response.redirected;
        if (redirected && response.url) url = response.url;
        var type = response.headers.get("Content-Type") || "";
        if (type.indexOf("text/html") === -1) throw new Error("full load");
        // A search the server cannot read (400) is said where the results were, so the reader
        // keeps the form as they left it; server failures (5xx) get their own full page.
        if (response.status >= 400 && response.status < 500) {
          return response.text().then(function (html) {
            if (!showError(html)) throw new Error("full load");
            return null;
          });
        }
        if (!response.ok) throw new Error("full load");
        return response.text();
      })
      .then(function (html) {
        if (html === null) return;
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.getElementById("results-region");
        if (!fresh) throw new Error("full load");
        var open = openDetails();
        var typed = typedValues();
        var active = document.activeElement;
        var activeId = active && region.contains(active) ? active.id : "";
        region.innerHTML = fresh.innerHTML;
        ["data-count-text", "data-title", "data-q"].forEach(function (name) {
          region.setAttribute(name, fresh.getAttribute(name) || "");
        });
        restoreDetails(open);
        enhance();
        if (push && !redirected) restoreTyped(typed);
        var q = document.getElementById("q");
        if (q && document.activeElement !== q) q.value = fresh.getAttribute("data-q") || "";
        document.title = fresh.getAttribute("data-title") || document.title;
        if (push) window.history.pushState({ search: true }, "", url);
        announcer.textContent = fresh.getAttribute("data-count-text") || "";
        // Focus stays where the reader is now (they may have tabbed on since the change).
        var target = document.getElementById(activeId || focusId || "");
        if (target) {
          target.focus();
        } else if (push && focusId === null) {
          // A link moved us to another page of results: start reading at the count.
          var count = document.getElementById("result-count");
          if (count) {
            count.setAttribute("tabindex", "-1");
            count.focus();
          }
        }
      })
      .catch(function (error) {
        if (error.name === "AbortError") return;
        window.location.href = url;
      })
      .finally(function () {
        if (inFlight === controller) {
          inFlight = null;
          document.body.classList.remove("is-loading");
        }
      });
  }

  form.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches('input[type="number"]') && isHalfTyped(target)) return;
    if (target.matches('input[type="checkbox"]') || target.matches('input[type="number"]')) {
      navigate(formUrl(), true, target.id);
    }
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var active = document.activeElement;
    navigate(formUrl(), true, active && active.id ? active.id : undefined);
  });

  region.addEventListener("click", function (event) {
    var link = event.target.closest("a[href]");
    if (!link || event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    // getAttribute, not link.href: on an SVG <a> (the year histogram) href is not a string.
    var href = link.getAttribute("href");
    if (!href || href.charAt(0) === "#") return;
    var url = new URL(href, window.location.href).href;
    if (!isSearchUrl(url)) return;
    event.preventDefault();
    navigate(url, true, null);
  });

  window.addEventListener("popstate", function (event) {
    // Entries without our state are in-page anchors (the skip link): nothing to fetch.
    if (!event.state || !event.state.search) return;
    navigate(window.location.href, false);
  });

  // "viet" finds "Viet Nam", "cote" finds "Côte d'Ivoire".
  function folded(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  // Long facet lists: a filter box over all values, opening "show all" while it is used.
  function enhance() {
    region.querySelectorAll(".facet-filter").forEach(function (input) {
      input.hidden = false;
      input.addEventListener("input", function () {
        var fieldset = input.closest("fieldset");
        var wanted = folded(input.value.trim());
        var more = fieldset.querySelector(".facet-more");
        if (more && wanted) more.open = true;
        fieldset.querySelectorAll(".facet-value").forEach(function (item) {
          var label = folded(item.querySelector(".facet-label").textContent);
          item.hidden = wanted !== "" && label.indexOf(wanted) === -1;
        });
      });
    });
  }

  // On a phone the filters start folded, so the results come first; the summary unfolds them.
  var phone = window.matchMedia("(max-width: 859px)");
  var panel = region.querySelector(".filters-panel");
  if (panel && phone.matches) panel.open = false;
  // The map too: on a phone the results come before it.
  var map = region.querySelector(".map-panel");
  if (map && phone.matches) map.open = false;

  // "Show N results" folds the filters on the way, so the results sit right under them.
  region.addEventListener("click", function (event) {
    if (!event.target.closest(".show-results") || !phone.matches) return;
    var open = region.querySelector(".filters-panel");
    if (open) open.open = false;
  });

  // The first history entry gets a state too, so popstate back to it reloads its results.
  window.history.replaceState({ search: true }, "", window.location.href);
  enhance();
})();
