/* Fast entry, online and offline (KiSA documentation).
 *
 * Every entry gets a client id (UUID) when the form is shown. Saving puts the entry into an outbox in
 * IndexedDB first, then sends the outbox to the JSON API. The server answers 201 (saved) or 200 (this id
 * was saved before): either way the entry leaves the outbox, so a resend never creates a duplicate.
 * 422 (refused) keeps the entry with the server's reasons; "Edit" loads it back into the form with the
 * same client id. Without a connection entries wait and are sent on the "online" event, on the next
 * visit, every 20 seconds and with "Send now". No inline scripts: the page passes its settings as data-*.
 */
(function () {
  "use strict";
  var form = document.getElementById("entry-form");
  if (!form) { return; }
  var d = form.dataset;
  var DB_NAME = "kisa-documentation";
  var STORE = "outbox";
  var sending = false;
  var flushAgain = false;
  var sentCount = 0;
  var LISTS = { kitas: "kita_ids", topics: "topic_ids", partner_providers: "partner_provider_ids" };
  var IDS = { activity_type: "activity_type_id", municipality: "municipality_id", social_area: "social_area_id", "case": "case_id", project: "project_id" };
  var FORM_NAME = {};
  Object.keys(LISTS).forEach(function (k) { FORM_NAME[LISTS[k]] = k; });
  Object.keys(IDS).forEach(function (k) { FORM_NAME[IDS[k]] = k; });

  // --- Installable web app -------------------------------------------------------------------------------
  if (!document.querySelector("link[rel=manifest]")) {
    var link = document.createElement("link");
    link.rel = "manifest";
    link.href = d.manifestUrl;
    document.head.appendChild(link);
  }
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(d.swUrl, { scope: d.scope }).catch(function () { /* optional */ });
  }

  // --- IndexedDB outbox ----------------------------------------------------------------------------------
  function openDb() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () { request.result.createObjectStore(STORE, { keyPath: "client_id" }); };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }
  function tx(mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var t = db.transaction(STORE, mode);
        var result = work(t.objectStore(STORE));
        t.oncomplete = function () { db.close(); resolve(result && result.result !== undefined ? result.result : result); };
        t.onerror = function () { db.close(); reject(t.error); };
      });
    });
  }
  function allEntries() { return tx("readonly", function (s) { return s.getAll(); }); }
  function putEntry(entry) { return tx("readwrite", function (s) { s.put(entry); }); }
  function deleteEntry(id) { return tx("readwrite", function (s) { s["delete"](id); }); }

  // --- Form <-> payload ----------------------------------------------------------------------------------
  function uuid() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var b = new Uint8Array(16); crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  function value(name) { var el = form.elements.namedItem(name); return el ? el.value : ""; }
  function checked(name) {
    return Array.prototype.filter.call(form.querySelectorAll("[name='" + name + "']"), function (el) {
      return (el.type === "checkbox" || el.type === "radio") ? el.checked : false;
    }).map(function (el) { return el.value; });
  }
  function selected(name) {
    var el = form.querySelector("select[name='" + name + "']");
    return el ? Array.prototype.filter.call(el.options, function (o) { return o.selected && o.value; }).map(function (o) { return o.value; }) : [];
  }
  function int(text, fallback) { var n = parseInt(text, 10); return isNaN(n) ? fallback : n; }
  function idOrNull(text) { return text ? int(text, text) : null; }

  function payloadFromForm() {
    var dimension = checked("dimension")[0] || "";
    var interpreter = form.elements.namedItem("interpreter_needed");
    return {
      client_id: value("client_id") || uuid(),
      date: value("date"),
      start_time: value("start_time") || null,
      duration_minutes: int(value("duration_minutes"), value("duration_minutes")),
      travel_minutes: value("travel_minutes") === "" ? null : int(value("travel_minutes"), value("travel_minutes")),
      dimension: dimension,
      activity_type_id: idOrNull(value("activity_type")),
      kita_ids: checked("kitas").map(Number),
      municipality_id: idOrNull(value("municipality")),
      social_area_id: idOrNull(value("social_area")),
      topic_ids: checked("topics").map(Number),
      target_groups: checked("target_groups"),
      adults: int(value("adults"), 0),
      children: int(value("children"), 0),
      professionals: int(value("professionals"), 0),
      language: value("language") || "de",
      interpreter_needed: !!(interpreter && interpreter.checked),
      partner_names: value("partner_names").split("\n").map(function (s) { return s.trim(); }).filter(Boolean),
      partner_provider_ids: selected("partner_providers").map(Number),
      referrals: referralsFromForm(),
      note: value("note"),
      case_id: idOrNull(value("case")),
      project_id: idOrNull(value("project"))
    };
  }

  // Kinds of offer as keys; a chosen offer ("<kind>:<id>") as {category, service}, which implies its kind.
  function referralsFromForm() {
    var offers = selected("referral_offers").map(function (v) {
      var parts = v.split(":");
      return { category: parts[0], service: int(parts[1], parts[1]) };
    });
    var withOffer = offers.map(function (o) { return o.category; });
    return checked("referrals").filter(function (c) { return withOffer.indexOf(c) === -1; }).concat(offers);
  }
  function fillReferrals(items) {
    items = items || [];
    setField("referrals", items.map(function (r) { return typeof r === "string" ? r : r.category; }));
    setField("referral_offers", items.filter(function (r) { return typeof r !== "string"; })
      .map(function (r) { return r.category + ":" + r.service; }));
    filterOffers();
  }

  function setField(name, v) {
    var els = form.querySelectorAll("[name='" + name + "']");
    Array.prototype.forEach.call(els, function (el) {
      if (el.type === "checkbox" || el.type === "radio") {
        var values = Array.isArray(v) ? v.map(String) : [String(v)];
        el.checked = el.type === "checkbox" && !Array.isArray(v) ? !!v : values.indexOf(el.value) !== -1;
      } else if (el.tagName === "SELECT" && el.multiple) {
        var vs = (v || []).map(String);
        Array.prototype.forEach.call(el.options, function (o) { o.selected = vs.indexOf(o.value) !== -1; });
      } else {
        el.value = v === null || v === undefined ? "" : v;
      }
    });
  }
  function fillForm(p) {
    ["client_id", "date", "start_time", "duration_minutes", "travel_minutes", "dimension", "target_groups",
     "adults", "children", "professionals", "language", "interpreter_needed", "note"].forEach(function (k) {
      setField(k, p[k]);
    });
    fillReferrals(p.referrals);
    Object.keys(LISTS).forEach(function (k) { setField(k, p[LISTS[k]]); });
    Object.keys(IDS).forEach(function (k) { setField(k, p[IDS[k]]); });
    setField("partner_names", (p.partner_names || []).join("\n"));
    filterTypes();
    filterProjects();
  }

  // --- Activity types follow the chosen dimension --------------------------------------------------------
  function filterTypes() {
    var select = form.querySelector("select[name='activity_type']");
    var radio = form.querySelector("input[name='dimension']:checked");
    if (!select || !radio) { return; }
    var label = form.querySelector("label[for='" + radio.id + "']");
    var wanted = label ? label.textContent.trim() : "";
    Array.prototype.forEach.call(select.querySelectorAll("optgroup"), function (group) {
      var match = group.label === wanted;
      group.hidden = !match;
      group.disabled = !match;
    });
    var current = select.options[select.selectedIndex];
    if (current && current.parentNode.tagName === "OPTGROUP" && current.parentNode.disabled) { select.value = ""; }
  }
  Array.prototype.forEach.call(form.querySelectorAll("input[name='dimension']"), function (r) {
    r.addEventListener("change", filterTypes);
  });
  filterTypes();

  // --- Offers follow the chosen kinds of offer (without script every offer is listed, by kind) ----------
  function filterOffers() {
    var select = form.querySelector("select[name='referral_offers']");
    if (!select) { return; }
    var wanted = Array.prototype.filter.call(form.querySelectorAll("input[name='referrals']"), function (box) {
      return box.checked;
    }).map(function (box) {
      var label = form.querySelector("label[for='" + box.id + "']");
      return label ? label.textContent.trim() : "";
    });
    Array.prototype.forEach.call(select.querySelectorAll("optgroup"), function (group) {
      var match = wanted.indexOf(group.label) !== -1;
      group.hidden = !match;
      group.disabled = !match;
      if (!match) { Array.prototype.forEach.call(group.querySelectorAll("option"), function (o) { o.selected = false; }); }
    });
    var wrapper = select.closest(".kern-form-input") || select.parentNode;
    wrapper.hidden = wanted.length === 0 && !selected("referral_offers").length;
  }
  Array.prototype.forEach.call(form.querySelectorAll("input[name='referrals']"), function (box) {
    box.addEventListener("change", filterOffers);
  });
  filterOffers();

  // --- Projects follow the ticked Kitas (without script, or with no Kita ticked, every project is listed) -
  function filterProjects() {
    var select = form.querySelector("select[name='project']");
    if (!select) { return; }
    var wanted = Array.prototype.filter.call(form.querySelectorAll("input[name='kitas']"), function (box) {
      return box.checked;
    }).map(function (box) {
      var label = form.querySelector("label[for='" + box.id + "']");
      return label ? label.textContent.trim() : "";
    });
    Array.prototype.forEach.call(select.querySelectorAll("optgroup"), function (group) {
      var match = wanted.length === 0 || wanted.indexOf(group.label) !== -1;
      group.hidden = !match;
      group.disabled = !match;
    });
    var current = select.options[select.selectedIndex];
    if (current && current.parentNode.tagName === "OPTGROUP" && current.parentNode.disabled) { select.value = ""; }
  }
  Array.prototype.forEach.call(form.querySelectorAll("input[name='kitas']"), function (box) {
    box.addEventListener("change", filterProjects);
  });
  filterProjects();

  // --- The outbox on the page ----------------------------------------------------------------------------
  var outbox = document.getElementById("entry-outbox");
  var list = document.getElementById("outbox-list");
  var count = document.getElementById("outbox-count");
  var offline = document.getElementById("entry-offline-status");
  var errorBox = document.getElementById("entry-client-errors");

  function labelFor(field) {
    var name = FORM_NAME[field] || field;
    var el = form.querySelector("label[for='id_" + name + "']") || form.querySelector("#id_" + name + " legend");
    return el ? el.textContent.replace(/–.*$/, "").trim() : "";
  }
  function typeName(p) {
    var o = form.querySelector("select[name='activity_type'] option[value='" + p.activity_type_id + "']");
    return o ? o.textContent : "";
  }
  function describe(p) {
    var parts = (p.date || "").split("-");
    var day = parts.length === 3 ? parts[2] + "." + parts[1] + "." : "";
    return [day, typeName(p), p.duration_minutes + " " + d.textMinutes].filter(Boolean).join(" · ");
  }
  function errorText(e) { var l = e.field ? labelFor(e.field) : ""; return (l ? l + ": " : "") + e.message; }

  // Consent warnings of sent entries: they do not block saving, but the worker must see them.
  var warningList = document.getElementById("outbox-warnings");
  function showWarnings(payload, warnings) {
    if (!warningList || !warnings.length) { return; }
    warnings.forEach(function (w) {
      var li = document.createElement("li");
      li.textContent = describe(payload) + ": " + w;
      warningList.appendChild(li);
    });
    warningList.closest("[data-outbox-warnings]").hidden = false;
  }

  function render() {
    return allEntries().then(function (entries) {
      entries.sort(function (a, b) { return a.saved_at < b.saved_at ? -1 : 1; });
      list.textContent = "";
      entries.forEach(function (entry) {
        var li = document.createElement("li");
        li.className = "entry-outbox__item entry-outbox__item--" + entry.status;
        var text = document.createElement("span");
        text.textContent = describe(entry.payload) + " – " + (entry.status === "rejected" ? d.textRejected : d.textWaiting);
        li.appendChild(text);
        if (entry.status === "rejected") {
          var ul = document.createElement("ul");
          (entry.errors || []).forEach(function (e) { var i = document.createElement("li"); i.textContent = errorText(e); ul.appendChild(i); });
          li.appendChild(ul);
        }
        var edit = document.createElement("button");
        edit.type = "button";
        edit.className = "kern-btn kern-btn--tertiary kern-btn--small";
        edit.textContent = d.textEdit;
        edit.setAttribute("aria-label", d.textEdit + ": " + describe(entry.payload));
        edit.addEventListener("click", function () { editEntry(entry); });
        li.appendChild(edit);
        list.appendChild(li);
      });
      var waiting = entries.filter(function (e) { return e.status === "waiting"; }).length;
      var rejected = entries.length - waiting;
      outbox.hidden = entries.length === 0 && sentCount === 0 && !(warningList && warningList.children.length);
      count.textContent = d.textWaiting + ": " + waiting + (rejected ? " · " + d.textRejected + ": " + rejected : "") +
        (sentCount ? " · " + d.textSent + ": " + sentCount : "");
      offline.hidden = navigator.onLine;
    });
  }

  function editEntry(entry) {
    fillForm(entry.payload);
    var ul = errorBox.querySelector("ul");
    ul.textContent = "";
    (entry.errors || []).forEach(function (e) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = "#id_" + (FORM_NAME[e.field] || e.field);
      a.textContent = errorText(e);
      li.appendChild(a);
      ul.appendChild(li);
    });
    errorBox.hidden = !(entry.errors && entry.errors.length);
    var details = form.querySelector("details");
    if (details && entry.errors && entry.errors.some(function (e) { return !form.querySelector(".entry-form > .kern-form-input #id_" + (FORM_NAME[e.field] || e.field)); })) { details.open = true; }
    (errorBox.hidden ? form.querySelector("input, select, textarea") : errorBox).focus();
  }

  // --- Sending -------------------------------------------------------------------------------------------
  function csrfToken() {
    var m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (m) { return decodeURIComponent(m[1]); }
    var input = form.querySelector("input[name='csrfmiddlewaretoken']");
    return input ? input.value : "";
  }

  function sendOne(entry) {
    return fetch(d.apiUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(), "Accept": "application/json" },
      body: JSON.stringify(entry.payload)
    }).then(function (response) {
      if (response.status === 200 || response.status === 201) {
        sentCount += 1;
        return response.json().catch(function () { return {}; }).then(function (body) {
          showWarnings(entry.payload, body.warnings || []);
          return deleteEntry(entry.client_id);
        }).then(function () { return true; });
      }
      if (response.status === 422 || response.status === 400) {
        return response.json().then(function (body) {
          entry.status = "rejected";
          entry.errors = Array.isArray(body.detail) ? body.detail : [{ field: null, message: String(body.detail) }];
          return putEntry(entry).then(function () { return true; });
        });
      }
      if (response.status === 401 || response.status === 403) {
        entry.errors = [{ field: null, message: d.textLogin }];
        return putEntry(entry).then(function () { return false; });
      }
      return false;  // a server error: keep waiting
    });
  }

  // A flush asked for while one is running (the "online" event arriving while an offline attempt is still
  // failing) runs right after it: otherwise the entries would wait for the next interval.
  function flush() {
    if (sending) { flushAgain = true; return Promise.resolve(); }
    sending = true;
    flushAgain = false;
    return allEntries().then(function (entries) {
      var waiting = entries.filter(function (e) { return e.status === "waiting"; });
      return waiting.reduce(function (chain, entry) {
        return chain.then(function (go) { return go ? sendOne(entry) : false; });
      }, Promise.resolve(true));
    }).catch(function () { /* offline: entries keep waiting */ })
      .then(function () {
        sending = false;
        return flushAgain ? flush() : render();
      });
  }

  form.addEventListener("submit", function (event) {
    if (!window.indexedDB) { return; }  // plain form post
    event.preventDefault();
    var payload = payloadFromForm();
    var entry = { client_id: payload.client_id, payload: payload, status: "waiting", errors: [], saved_at: new Date().toISOString() };
    try { localStorage.setItem("kisa-last-entry", JSON.stringify(Object.assign({}, payload, { note: "", client_id: "" }))); } catch (e) { /* private mode */ }
    // Clear the form at once, not after the device has stored the entry: whatever the worker types
    // meanwhile for the next entry must not be wiped by a late reset.
    form.reset();
    setField("client_id", uuid());
    filterTypes();
    filterOffers();
    filterProjects();
    errorBox.hidden = true;
    form.querySelector("input:not([type=hidden]), select, textarea").focus();
    putEntry(entry).then(render, function () {
      fillForm(payload);  // the device refused to store it: give the entry back rather than lose it
    }).then(flush);
  });

  // "Repeat last" without a connection: take the last entry kept on this device.
  var repeat = document.querySelector("[data-repeat-last]");
  if (repeat) {
    repeat.addEventListener("click", function (event) {
      if (navigator.onLine) { return; }
      var last = null;
      try { last = JSON.parse(localStorage.getItem("kisa-last-entry") || "null"); } catch (e) { last = null; }
      if (!last) { return; }
      event.preventDefault();
      last.client_id = uuid();
      last.date = value("date");
      fillForm(last);
    });
  }

  var send = document.getElementById("outbox-send");
  if (send) { send.addEventListener("click", flush); }
  window.addEventListener("online", flush);
  window.addEventListener("offline", render);
  window.setInterval(function () { if (navigator.onLine) { flush(); } }, 20000);
  render().then(flush);
})();
