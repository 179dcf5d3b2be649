// Behaviour that would otherwise be inline script (forbidden by the Content-Security-Policy).
// Every page works without it; it adds the folding menu, list cards, pickers and confirmations.
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");
  var lang = (root.getAttribute("lang") || "vi").slice(0, 2);
  var T = {
    vi: {confirm: "Xác nhận", cancel: "Hủy", noResults: "Không tìm thấy",
         remove: "Bỏ mục này", pickDate: "Chọn ngày", wholeGroup: "Cả nhóm: "},
    en: {confirm: "Confirm", cancel: "Cancel", noResults: "Nothing found",
         remove: "Remove", pickDate: "Pick a date", wholeGroup: "Whole group: "}
  }[lang === "en" ? "en" : "vi"];

  // Submitting a form whose field asked for it (a status filter) as soon as it changes.
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.matches && field.matches("[data-autosubmit]") && field.form) {
      field.form.requestSubmit ? field.form.requestSubmit() : field.form.submit();
    }
  });

  function menu() {
    var toggle = document.getElementById("menu-toggle");
    if (!toggle) { return; }
    var bar = toggle.closest(".topbar");
    toggle.addEventListener("click", function () {
      var open = bar.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  // Each cell learns the name of its column, shown before it when the list turns into cards on a phone.
  function cardLabels(scope) {
    scope.querySelectorAll("main table").forEach(function (table) {
      var heads = table.tHead ? table.tHead.rows[0] : null;
      if (!heads) { return; }
      var names = [];
      Array.prototype.forEach.call(heads.cells, function (cell) {
        var span = cell.colSpan || 1;
        for (var i = 0; i < span; i++) { names.push(cell.textContent.trim()); }
      });
      Array.prototype.forEach.call(table.querySelectorAll("tbody tr, tfoot tr"), function (row) {
        var index = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          if (!cell.hasAttribute("data-label") && (cell.colSpan || 1) === 1) {
            cell.setAttribute("data-label", names[index] || "");
          }
          index += cell.colSpan || 1;
        });
      });
    });
  }

  // A confirmation before an irreversible action: a button with data-confirm="question". Once confirmed,
  // the form is sent with confirm=1; the server asks on a page of its own when that field is missing.
  function confirmations() {
    document.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-confirm], input[data-confirm]");
      if (!button || !button.form || button.dataset.confirmed === "1") { return; }
      if (typeof HTMLDialogElement !== "function") { return; }
      event.preventDefault();
      var dialog = document.createElement("dialog");
      dialog.className = "confirm";
      dialog.setAttribute("aria-labelledby", "confirm-text");
      var text = document.createElement("p");
      text.id = "confirm-text";
      text.textContent = button.dataset.confirm;
      var actions = document.createElement("div");
      actions.className = "actions";
      var cancel = document.createElement("button");
      cancel.type = "button";
      cancel.className = "secondary";
      cancel.textContent = T.cancel;
      var ok = document.createElement("button");
      ok.type = "button";
      ok.textContent = button.dataset.confirmLabel || T.confirm;
      actions.append(cancel, ok);
      dialog.append(text, actions);
      document.body.appendChild(dialog);
      cancel.addEventListener("click", function () { dialog.close(); });
      dialog.addEventListener("close", function () { dialog.remove(); button.focus(); });
      ok.addEventListener("click", function () {
        var flag = button.form.querySelector("input[name=confirm]") || document.createElement("input");
        flag.type = "hidden";
        flag.name = "confirm";
        flag.value = "1";
        button.form.appendChild(flag);
        button.dataset.confirmed = "1";
        dialog.close();
        button.form.requestSubmit ? button.form.requestSubmit(button) : button.click();
      });
      dialog.showModal();
      cancel.focus();
    });
  }

  // Searchable multi-select for units (Tom Select): type without accents ("da nang" finds Đà Nẵng);
  // options grouped by kind of unit (the <optgroup>s of the select). Each group also has an option of its own,
  // "Cả nhóm: …", that adds every unit of the group at once (by keyboard as well as by mouse).
  var GROUP = "__group__";
  function unitPickers(scope) {
    if (typeof TomSelect !== "function") { return; }
    scope.querySelectorAll("select[data-picker]").forEach(function (select) {
      if (select.tomselect) { return; }
      var multiple = select.multiple;
      // Tom Select moves the label to its own input; the hidden original keeps its name for assistive tools.
      var label = select.id ? document.querySelector('label[for="' + select.id + '"]') : null;
      if (label && !select.hasAttribute("aria-label")) { select.setAttribute("aria-label", label.textContent.trim()); }
      var ts = new TomSelect(select, {
        plugins: multiple ? {remove_button: {title: T.remove}} : {},
        maxOptions: 1000,
        hidePlaceholder: true,
        placeholder: select.getAttribute("data-placeholder") || "",
        lockOptgroupOrder: true,
        onItemAdd: function (value) {
          if (String(value).indexOf(GROUP) === 0) {
            var group = String(value).slice(GROUP.length);
            this.removeItem(value, true);
            var self = this;
            this.addItems(Object.keys(this.options).filter(function (key) {
              return key.indexOf(GROUP) !== 0 && [].concat(self.options[key].optgroup).some(function (g) {
                return String(g) === group;
              });
            }));
          }
          // A unit picked: clear the search so that the next name can be typed straight away.
          if (multiple) { this.setTextboxValue(""); this.refreshOptions(false); }
        },
        render: {
          no_results: function () {
            return '<div class="no-results" role="option" aria-disabled="true">' + T.noResults + "</div>";
          },
          optgroup: function (data) {
            // A group of options for assistive tools too: a listbox may only hold options and groups.
            var group = document.createElement("div");
            group.className = "optgroup";
            group.setAttribute("role", "group");
            group.setAttribute("aria-label", data.group.label);
            group.appendChild(data.options);
            return group;
          },
          optgroup_header: function (data, escape) {
            return '<div class="optgroup-header" aria-hidden="true">' + escape(data.label) + "</div>";
          }
        }
      });
      if (multiple) {
        Object.keys(ts.optgroups).forEach(function (id) {
          var members = Object.keys(ts.options).filter(function (key) {
            return [].concat(ts.options[key].optgroup).some(function (g) { return String(g) === String(id); });
          }).length;
          if (members > 1) {
            ts.addOption({value: GROUP + id, text: T.wholeGroup + ts.optgroups[id].label + " (" + members + ")",
                          optgroup: ts.optgroups[id].value, $order: -1});
          }
        });
      }
    });
  }

  // Date fields (dd/mm/yyyy): typing stays the main way and is checked by the server, which answers beside
  // the field (a calendar that "corrects" 31/02 into 03/03 would hide the mistake). The button beside the field
  // opens a calendar; picking a day writes it into the field.
  function datePickers(scope) {
    if (typeof Datepicker !== "function") { return; }
    var format = "dd/mm/yyyy";
    scope.querySelectorAll("input[data-date]").forEach(function (input) {
      if (input.dataset.dateReady) { return; }
      input.dataset.dateReady = "1";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "secondary date-button";
      button.setAttribute("aria-label", T.pickDate);
      button.setAttribute("aria-expanded", "false");
      button.title = T.pickDate;
      button.innerHTML = '<svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">' +
        '<path fill="currentColor" d="M7 2h2v2h6V2h2v2h3a1 1 0 0 1 1 1v15a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V5a1 1 0 0 1 1-1h3V2Zm12 8H5v9h14v-9ZM5 6v2h14V6H5Z"/></svg>';
      var wrap = document.createElement("span");
      wrap.className = "date-field";
      var panel = document.createElement("div");
      panel.className = "date-panel";
      panel.hidden = true;
      input.parentNode.insertBefore(wrap, input);
      wrap.append(input, button, panel);
      var picker = null;
      var syncing = false;  // setDate() from the field's text also fires changeDate: not a pick
      function close() { panel.hidden = true; button.setAttribute("aria-expanded", "false"); }
      button.addEventListener("click", function () {
        if (!panel.hidden) { close(); return; }
        if (!picker) {
          picker = new Datepicker(panel, {format: format, language: Datepicker.locales[lang] ? lang : "en",
                                          todayHighlight: true, weekStart: 1});
          panel.addEventListener("changeDate", function () {
            if (syncing) { return; }
            var picked = picker.getDate(format);
            if (picked) { input.value = picked; input.dispatchEvent(new Event("change", {bubbles: true})); }
            close();
            input.focus();
          });
        }
        var typed = /^\d{1,2}\/\d{1,2}\/\d{4}$/.test(input.value.trim()) ? input.value.trim() : null;
        syncing = true;
        try {
          if (typed) { picker.setDate(typed, {clear: true}); } else { picker.setDate({clear: true}); }
        } finally { syncing = false; }
        panel.hidden = false;
        button.setAttribute("aria-expanded", "true");
      });
      document.addEventListener("click", function (event) { if (!wrap.contains(event.target)) { close(); } });
      wrap.addEventListener("keydown", function (event) { if (event.key === "Escape" && !panel.hidden) { close(); button.focus(); } });
    });
  }

  function enhance(scope) {
    cardLabels(scope);
    unitPickers(scope);
    datePickers(scope);
  }

  function start() {
    menu();
    confirmations();
    enhance(document);
    document.body.addEventListener("htmx:afterSettle", function (event) { enhance(event.target); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
