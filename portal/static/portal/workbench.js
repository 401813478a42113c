// Progressive enhancement for the workbench: the running difference of the selected lines, the selection kept
// while paging through the lists, "select all matching the filter", and the result of a match announced.
// Amounts are summed in integer cents (never floating yuan) so 0.1 + 0.2 shows 0.30 exactly.
(function () {
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  var form = document.getElementById("match-form");
  var out = document.getElementById("difference");
  if (!form || !out) return;
  function cents(text) {
    var negative = text.charAt(0) === "-";
    var parts = text.replace("-", "").split(".");
    var value = parseInt(parts[0], 10) * 100 + parseInt(((parts[1] || "") + "00").slice(0, 2), 10);
    return negative ? -value : value;
  }
  function show(value) {
    var sign = value < 0 ? "-" : "";
    var abs = Math.abs(value);
    var yuan = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return sign + yuan + "." + String(abs % 100).padStart(2, "0");
  }
  // The ticked lines of other pages of the same account and period: {"bank": {id: signed}, "journal": {...}},
  // kept for this tab only and sent as hidden inputs, so paging through the lists keeps the selection.
  var period = form.querySelector("input[name=period]");
  var key = "workbench:" + location.pathname + ":" + (period ? period.value : "");
  var kept = { bank: {}, journal: {} };
  // Back from a match: one that went in forgets the selection; a refused one (the difference is not 0.00) comes
  // back with this page's lines still ticked, to correct rather than pick again. Lines of other pages are dropped
  // then: one matched meanwhile (by a suggestion) would otherwise stay selected, unseen, and refuse every match.
  var sent = key + ":sent";
  var back = false, matched = false;
  try {
    back = sessionStorage.getItem(sent) === "1";
    sessionStorage.removeItem(sent);
    matched = back && !!document.querySelector(".messages li.success");
    if (matched) sessionStorage.removeItem(key);
    kept = JSON.parse(sessionStorage.getItem(key)) || kept;
  } catch (e) { /* storage off: this page only */ }
  kept.bank = kept.bank || {};
  kept.journal = kept.journal || {};
  if (back && !matched) {
    ["bank", "journal"].forEach(function (name) {
      Object.keys(kept[name]).forEach(function (id) {
        if (!form.querySelector("input[type=checkbox][name=" + name + "][value='" + id + "']")) delete kept[name][id];
      });
    });
    save();
  }
  function save() {
    try { sessionStorage.setItem(key, JSON.stringify(kept)); } catch (e) { /* storage off */ }
  }
  var hidden = document.createElement("div");
  hidden.hidden = true;
  form.appendChild(hidden);
  ["bank", "journal"].forEach(function (name) {
    Object.keys(kept[name] || {}).forEach(function (id) {
      var box = form.querySelector("input[type=checkbox][name=" + name + "][value='" + id + "']");
      if (box) { if (!box.disabled) box.checked = true; return; }
      var input = document.createElement("input");
      input.type = "hidden"; input.name = name; input.value = id; input.dataset.signed = kept[name][id];
      hidden.appendChild(input);
    });
  });
  function side(name) {
    var all = document.getElementById(name + "-all");
    if (all && all.checked) return { sum: cents(all.dataset.signed), n: parseInt(all.dataset.count, 10) };
    var sum = 0, n = 0;
    form.querySelectorAll("input[name=" + name + "]:checked, div[hidden] input[name=" + name + "]").forEach(
      function (box) { sum += cents(box.dataset.signed); n++; });
    return { sum: sum, n: n };
  }
  function update() {
    var bank = side("bank"), journal = side("journal");
    var diff = bank.sum - journal.sum;
    out.textContent = bank.n + " / " + journal.n + " · " + (out.dataset.label || "difference") + ": " + show(diff);
    out.className = diff === 0 && bank.n && journal.n ? "ok-text" : "error";
  }
  form.addEventListener("change", function (event) {
    var box = event.target;
    if (box.type === "checkbox" && (box.name === "bank" || box.name === "journal")) {
      if (box.checked) kept[box.name][box.value] = box.dataset.signed;
      else delete kept[box.name][box.value];
      save();
    }
    update();
  });
  form.addEventListener("submit", function () {
    try { sessionStorage.setItem(sent, "1"); } catch (e) { /* storage off */ }
  });
  if (hidden.children.length) update();
  // Back from a match: focus stays at the lists and the result is announced in the live region.
  if (location.hash === "#lines") {
    var lines = document.getElementById("lines");
    var message = document.querySelector(".messages li");
    if (lines) lines.focus({ preventScroll: true });
    if (message) window.setTimeout(function () { out.textContent = message.textContent; }, 50);
  }
})();
