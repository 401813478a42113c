// The upload form offers again the account last chosen for a file of the same kind and type (remembered per file
// layout on the server, reconcile.selectors_profiles.remembered_accounts), unless the person already chose one.
(function () {
  var form = document.getElementById("upload-form");
  var data = document.getElementById("remembered-accounts");
  if (!form || !data) return;
  var remembered = JSON.parse(data.textContent);
  var kind = form.querySelector("[name=kind]");
  var file = form.querySelector("[name=file]");
  var account = form.querySelector("select[name=account]");
  if (!kind || !file || !account) return;
  var touched = false;
  account.addEventListener("change", function () { touched = true; });
  function offer() {
    if (touched || !file.files.length) return;
    var name = file.files[0].name;
    var suffix = name.indexOf(".") >= 0 ? name.split(".").pop().toLowerCase().slice(0, 8) : "";
    var number = remembered[kind.value + ":" + suffix];
    if (number && account.querySelector("option[value='" + number + "']")) account.value = number;
  }
  file.addEventListener("change", offer);
  kind.addEventListener("change", offer);
})();
