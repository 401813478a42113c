// Progressive enhancement for the workbench: the running difference of the selected lines.
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
  function update() {
    var bank = 0, journal = 0, nb = 0, nj = 0;
    form.querySelectorAll("input[name=bank]:checked").forEach(function (b) { bank += cents(b.dataset.signed); nb++; });
    form.querySelectorAll("input[name=journal]:checked").forEach(function (j) { journal += cents(j.dataset.signed); nj++; });
    var diff = bank - journal;
    out.textContent = nb + " / " + nj + " · " + (out.dataset.label || "差额 / difference") + ": " + show(diff);
    out.className = diff === 0 && nb && nj ? "ok-text" : "error";
  }
  form.addEventListener("change", update);
})();
