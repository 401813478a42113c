// The account search box of the upload forms (portal.account_fields), for users who may use more accounts than a
// list can show: as the person types, the accounts they may use that match (by a part of the number, the company's
// name or the branch) are listed under the box, at most 20, from the portal's account search; the arrow keys and
// Enter, or a tap, choose one and put its number in the box. The count is announced. Without this script the box
// takes a whole number, which the server checks against the same accounts. The words shown come from the page
// (#account-search-texts), in the reader's language.
(function () {
  var texts = document.getElementById("account-search-texts");
  if (!texts) return;
  function say(key, values) {
    var text = texts.getAttribute("data-" + key) || "";
    Object.keys(values || {}).forEach(function (name) { text = text.replace("%(" + name + ")s", values[name]); });
    return text;
  }
  document.querySelectorAll("input[data-account-search]").forEach(function (input) {
    var url = input.getAttribute("data-account-search");
    var listId = input.id + "-results";
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "account-results";
    list.setAttribute("role", "listbox");
    var label = document.querySelector("label[for='" + input.id + "']");
    if (label) list.setAttribute("aria-label", label.textContent);
    list.hidden = true;
    var status = document.createElement("span");
    status.id = input.id + "-status";
    status.className = "hint account-status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    var described = input.getAttribute("aria-describedby");
    input.setAttribute("aria-describedby", (described ? described + " " : "") + status.id);
    input.insertAdjacentElement("afterend", status);
    input.insertAdjacentElement("afterend", list);
    var results = [];
    var active = -1;
    var timer = null;
    var controller = null;
    var asked = "";

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function highlight(index) {
      var options = list.querySelectorAll("[role=option]");
      if (!options.length) return;
      active = (index + options.length) % options.length;
      options.forEach(function (option, i) { option.setAttribute("aria-selected", i === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", options[active].id);
      options[active].scrollIntoView({ block: "nearest" });
    }
    function choose(index) {
      var account = results[index];
      if (!account) return;
      input.value = account.number;
      asked = input.value.trim();
      close();
      status.textContent = say("chosen", { label: account.label });
    }
    function show(data) {
      results = data.accounts || [];
      list.textContent = "";
      results.forEach(function (account, i) {
        var option = document.createElement("li");
        option.id = listId + "-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.textContent = account.label;
        if (account.branch) {
          var branch = document.createElement("small");
          branch.textContent = account.branch;
          option.appendChild(branch);
        }
        // Keep the focus in the box (a blur would close the list before the click lands).
        option.addEventListener("mousedown", function (event) { event.preventDefault(); });
        option.addEventListener("click", function () { choose(i); });
        list.appendChild(option);
      });
      var count = results.length === 0 ? say("none")
        : results.length === 1 ? say("one") : say("many", { n: results.length });
      status.textContent = count + (data.more ? " " + say("more") : "");
      active = -1;
      list.hidden = results.length === 0;
      input.setAttribute("aria-expanded", results.length ? "true" : "false");
      input.removeAttribute("aria-activedescendant");
    }
    function search() {
      var query = input.value.trim();
      if (query === asked) return;
      asked = query;
      if (controller) controller.abort();
      if (query.length < 2) {
        close();
        status.textContent = query ? say("short") : "";
        return;
      }
      controller = new AbortController();
      fetch(url + "?q=" + encodeURIComponent(query), {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        signal: controller.signal,
      })
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.json();
        })
        .then(show, function (error) {
          if (error && error.name === "AbortError") return;
          close();
          status.textContent = say("failed");
        });
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, 250);
    });
    input.addEventListener("keydown", function (event) {
      var open = !list.hidden;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!results.length) return;
        event.preventDefault();
        if (!open) { list.hidden = false; input.setAttribute("aria-expanded", "true"); }
        highlight(event.key === "ArrowDown" ? active + 1 : (active < 0 ? results.length - 1 : active - 1));
      } else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault(); // choose, do not submit the form yet
        choose(active);
      } else if (event.key === "Escape" && open) {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 200); });
  });
})();
