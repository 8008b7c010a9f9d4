/* The self-reflection tool (reflect/<set>/): one section at a time, then a
   summary with strengths, next steps, links to help on this hub, an action
   plan and two downloads.

   Everything happens in this page. It makes no network request: the links
   were chosen when the site was built (the definition in
   #reflect-definition), downloads are made from a Blob and imports are read
   from the chosen file. Answers are kept in localStorage only while the
   person ticks "Keep my answers on this device"; "Clear my answers" and
   "Exit this page" delete them.

   One person, one return a round: the return's random number (return_id)
   is made once a round and kept in this tab's sessionStorage until the tab
   closes or Exit, in the kept answers while "Keep" is ticked, and in the
   "my reflection" file, so a reload, "Clear" or an import does not make a
   second return for the same person. It is a random number, not an answer;
   its key starts hub- like everything else kept, so Exit deletes it.

   Without JavaScript the page is a printable form showing every question. */
(function () {
  "use strict";

  var page = document.querySelector("[data-reflect]");
  var source = document.getElementById("reflect-definition");
  if (!page || !source) return;

  var def = JSON.parse(source.textContent);
  var rootLink = source.getAttribute("data-root") || "./";
  var form = page.querySelector("[data-reflect-form]");
  var STORAGE_PREFIX = "hub-reflect:";
  var storageKey = STORAGE_PREFIX + def.set;
  var returnIdKey = "hub-reflect-return:" + def.set;
  var RETURN_ID = /^[0-9a-f]{32}$/;
  var MAX_IMPORT_BYTES = 256 * 1024;
  var MAX_TEXT = def.max_text; // hub/reflection/returns.py's, as every rule the definition carries
  var MAX_PLAN_ROWS = 20;  // the action plan stays on this device, so its limits are the script's own
  var MAX_PLAN_TEXT = 500;
  var CONTEXT = [
    { field: "district", problem: "Choose where you mostly work" },
    { field: "sector", problem: "Choose the sector you work in" },
    { field: "role_band", problem: "Choose what best describes your role" }
  ];

  var questions = {};
  def.questions.forEach(function (q) { questions[q.id] = q; });
  var steps = toArray(form.querySelectorAll("[data-reflect-step]"));
  var statusLine = page.querySelector("[data-reflect-status]");
  var keep = page.querySelector("[data-reflect-keep]");
  var planRows = page.querySelector("[data-reflect-plan-rows]");
  var summaryBox = page.querySelector("[data-reflect-summary]");
  var current = 0;
  var plan = [];
  var returnId = null; // one id per person and round, so a return sent twice is counted once

  /* ------------------------------------------------------------------------
     Small helpers */
  function toArray(list) { return Array.prototype.slice.call(list); }

  function el(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function button(text, onClick, className) {
    var node = el("button", { type: "button", "class": className || "md-button" }, text);
    node.addEventListener("click", onClick);
    return node;
  }

  function say(message, moveFocus) {
    statusLine.textContent = message;
    if (moveFocus) {
      statusLine.setAttribute("tabindex", "-1");
      statusLine.focus();
    }
  }

  function isoDate(day) {
    var month = String(day.getMonth() + 1), date = String(day.getDate());
    return day.getFullYear() + "-" + (month.length < 2 ? "0" : "") + month + "-" + (date.length < 2 ? "0" : "") + date;
  }

  // January to June is H1, July to December H2 (hub/records/questionsets.py's round_of; getMonth counts from 0).
  function roundOf(day) { return day.getFullYear() + "-H" + (day.getMonth() < def.h1_last_month ? 1 : 2); }

  function randomId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return toArray(bytes).map(function (b) { return (b < 16 ? "0" : "") + b.toString(16); }).join("");
  }

  function thisTab() {
    try { return window.sessionStorage; } catch (e) { return null; }
  }

  // The return id, for this round only, remembered for this tab.
  function useReturnId(id) {
    returnId = id;
    var tab = thisTab();
    try { if (tab) tab.setItem(returnIdKey, JSON.stringify({ round: roundOf(new Date()), id: id })); } catch (e) { /* kept in this page only */ }
  }

  function returnIdFrom(saved) {
    return saved && saved.round === roundOf(new Date()) && RETURN_ID.test(saved.return_id || saved.id || "") ? (saved.return_id || saved.id) : null;
  }

  function rememberedReturnId() {
    var tab = thisTab(), saved = null;
    try { saved = JSON.parse((tab && tab.getItem(returnIdKey)) || "null"); } catch (e) { saved = null; }
    return returnIdFrom(saved);
  }

  function ensureReturnId() {
    if (!returnId) useReturnId(randomId());
    return returnId;
  }

  function inputs(name) {
    return toArray(form.querySelectorAll('[name="' + CSS.escape(name) + '"]'));
  }

  /* ------------------------------------------------------------------------
     Reading and filling the form */
  function readContext() {
    var context = {};
    CONTEXT.forEach(function (c) {
      var chosen = inputs("context:" + c.field).filter(function (i) { return i.checked; })[0];
      context[c.field] = chosen ? chosen.value : "";
    });
    return context;
  }

  function readAnswers() {
    var answers = {};
    def.questions.forEach(function (q) {
      var fields = inputs("question:" + q.id);
      if (q.kind === "text") {
        var text = fields[0].value.trim();
        if (text) answers[q.id] = text;
        return;
      }
      var chosen = fields.filter(function (i) { return i.checked; }).map(function (i) { return i.value; });
      if (!chosen.length) return;
      if (q.kind === "multiple") answers[q.id] = chosen;
      else if (q.kind === "single") answers[q.id] = chosen[0];
      else answers[q.id] = Number(chosen[0]);
    });
    return answers;
  }

  function clearAnswers() {
    toArray(form.querySelectorAll('[name^="question:"], [name^="context:"]')).forEach(function (input) {
      if (input.type === "radio" || input.type === "checkbox") input.checked = false;
      else input.value = "";
    });
  }

  function fill(context, answers, actions) {
    clearAnswers();
    CONTEXT.forEach(function (c) {
      inputs("context:" + c.field).forEach(function (i) { i.checked = i.value === (context || {})[c.field]; });
    });
    Object.keys(answers || {}).forEach(function (id) {
      var value = answers[id];
      var fields = inputs("question:" + id);
      if (questions[id].kind === "text") { fields[0].value = value; return; }
      var wanted = (Array.isArray(value) ? value : [value]).map(String);
      fields.forEach(function (i) { i.checked = wanted.indexOf(i.value) !== -1; });
    });
    plan = (actions || []).map(function (row) { return { what: row.what || "", who: row.who || "", by: row.by || "" }; });
    renderPlan();
  }

  // Everything, as the "my reflection" download and the saved copy hold it,
  // with this round's return id once there is one.
  function snapshot() {
    var data = {
      format: def.formats.mine,
      format_version: def.formats.version,
      set: def.set,
      set_version: def.version,
      saved: isoDate(new Date()),
      context: readContext(),
      answers: readAnswers(),
      action_plan: plan.filter(function (row) { return row.what || row.who || row.by; })
    };
    if (returnId) {
      data.round = roundOf(new Date());
      data.return_id = returnId;
    }
    return data;
  }

  /* ------------------------------------------------------------------------
     What a file may hold: the same rules as hub/records/questionsets.py's answer_problem */
  function answerProblem(q, value) {
    if (q.kind === "scale" || q.kind === "levels") {
      var top = q.kind === "scale" ? def.scale.top : def.levels.length;
      return typeof value === "number" && value % 1 === 0 && value >= 1 && value <= top ? null : "an answer out of range";
    }
    var options = (q.options || []).map(function (o) { return o.id; });
    if (q.kind === "single") return options.indexOf(value) !== -1 ? null : "an answer that is not one of its choices";
    if (q.kind === "multiple") {
      var ok = Array.isArray(value) && value.length > 0 && value.every(function (v) { return options.indexOf(v) !== -1; }) &&
        value.filter(function (v, i) { return value.indexOf(v) === i; }).length === value.length;
      return ok ? null : "an answer that is not one of its choices";
    }
    return typeof value === "string" && value.length <= MAX_TEXT ? null : "text that is too long";
  }

  function shortText(value) {
    var text = String(value).replace(/[\u0000-\u001f\u007f]/g, "?");
    return text.length > 40 ? text.slice(0, 39) + "\u2026" : text;
  }

  function importProblem(data) {
    if (!data || typeof data !== "object" || Array.isArray(data)) return "This file is not a reflection saved by this tool.";
    if (data.format === def.formats["return"]) return "This file is an Alliance return, which holds only some of your answers. Import the \u201cmy reflection\u201d file instead.";
    if (data.format !== def.formats.mine) return "This file is not a reflection saved by this tool.";
    if (data.format_version !== def.formats.version) return "This file was saved by another version of the tool, so it cannot be loaded.";
    if (data.set !== def.set) return "This file is a reflection from the \u201c" + shortText(data.set) + "\u201d set, not this one (\u201c" + def.set + "\u201d). Open it on that set's page.";
    if (data.set_version !== def.version) return "This file was made with version " + shortText(data.set_version) + " of this set, and this page asks the questions of version " + def.version + ", so it cannot be loaded.";
    var context = data.context || {};
    if (typeof context !== "object" || Array.isArray(context)) return "This file's answers about you are damaged, so it cannot be loaded.";
    for (var c = 0; c < CONTEXT.length; c++) {
      var value = context[CONTEXT[c].field];
      if (value && def.context[CONTEXT[c].field].indexOf(value) === -1) return "This file's answers about you are not choices on this page, so it cannot be loaded.";
    }
    var answers = data.answers || {};
    if (typeof answers !== "object" || Array.isArray(answers)) return "This file's answers are damaged, so it cannot be loaded.";
    var ids = Object.keys(answers);
    for (var i = 0; i < ids.length; i++) {
      var q = Object.prototype.hasOwnProperty.call(questions, ids[i]) ? questions[ids[i]] : null;
      if (!q) return "This file answers a question (\u201c" + shortText(ids[i]) + "\u201d) that this set does not ask, so it cannot be loaded.";
      var problem = answerProblem(q, answers[ids[i]]);
      if (problem) return "This file gives \u201c" + q.label + "\u201d " + problem + ", so it cannot be loaded.";
    }
    var actions = data.action_plan || [];
    if (!Array.isArray(actions) || actions.length > MAX_PLAN_ROWS || !actions.every(function (row) {
      return row && typeof row === "object" && ["what", "who", "by"].every(function (k) {
        return row[k] === undefined || (typeof row[k] === "string" && row[k].length <= MAX_PLAN_TEXT);
      });
    })) return "This file's action plan is damaged, so it cannot be loaded.";
    return null;
  }

  /* ------------------------------------------------------------------------
     Keeping answers on this device (only when asked) */
  function storage() {
    try { return window.localStorage; } catch (e) { return null; }
  }

  function save() {
    var store = storage();
    if (!keep.checked || !store) return;
    try { store.setItem(storageKey, JSON.stringify(snapshot())); } catch (e) {
      say("Your answers could not be kept on this device (its storage is full or turned off). They are still in this page.");
    }
  }

  function forget() {
    var store = storage();
    try { if (store) store.removeItem(storageKey); } catch (e) { /* storage turned off: nothing is kept */ }
  }

  function restore() {
    var store = storage();
    var raw = null;
    try { raw = store && store.getItem(storageKey); } catch (e) { raw = null; }
    if (!raw) return;
    var saved = null;
    try { saved = JSON.parse(raw); } catch (e) { saved = null; }
    if (importProblem(saved)) {
      forget();
      say("Answers kept on this device from an earlier version of this set could not be used, and were deleted.");
      return;
    }
    fill(saved.context, saved.answers, saved.action_plan);
    keep.checked = true;
    if (!returnId && returnIdFrom(saved)) useReturnId(returnIdFrom(saved));
    say("Your answers kept on this device from " + saved.saved + " are back. Untick \u201cKeep my answers on this device\u201d to delete them from it.");
  }

  /* ------------------------------------------------------------------------
     One step at a time */
  function heading(step) { return step.querySelector("h2"); }

  function show(index, moveFocus) {
    current = index;
    steps.forEach(function (step, i) { step.hidden = i !== index; });
    var step = steps[index];
    if (step.getAttribute("data-reflect-step") === "summary") renderSummary();
    page.querySelector("[data-reflect-progress]").textContent =
      "Step " + (index + 1) + " of " + steps.length + ": " + heading(step).textContent;
    page.querySelector("[data-reflect-progress-bar]").style.width = Math.round(100 * (index + 1) / steps.length) + "%";
    if (moveFocus) heading(step).focus();
  }

  var errorBox = page.querySelector("[data-reflect-errors]");

  function clearContextErrors() {
    errorBox.textContent = "";
    errorBox.hidden = true;
    CONTEXT.forEach(function (c) {
      var fieldset = form.querySelector('[data-context="' + c.field + '"]');
      var old = fieldset.querySelector(".reflect-error-message");
      if (old) old.remove();
      fieldset.classList.remove("reflect-question--error");
      fieldset.removeAttribute("aria-describedby");
    });
  }

  // GOV.UK's error summary: each missing answer listed, linked to its question.
  function contextProblems() {
    var context = readContext();
    var missing = CONTEXT.filter(function (c) { return !context[c.field]; });
    clearContextErrors();
    if (!missing.length) return false;
    errorBox.hidden = false;
    errorBox.appendChild(el("h3", {}, "There is a problem"));
    var list = el("ul");
    missing.forEach(function (c) {
      var fieldset = form.querySelector('[data-context="' + c.field + '"]');
      var first = fieldset.querySelector("input");
      var link = el("a", { href: "#" + first.id }, c.problem);
      link.addEventListener("click", function (event) { event.preventDefault(); first.focus(); });
      list.appendChild(el("li")).appendChild(link);
      var message = el("p", { "class": "reflect-error-message", id: fieldset.id + "-error" }, c.problem);
      fieldset.querySelector("legend").after(message);
      fieldset.classList.add("reflect-question--error");
      fieldset.setAttribute("aria-describedby", message.id);
    });
    errorBox.appendChild(list);
    errorBox.focus();
    return true;
  }

  steps.forEach(function (step, index) {
    var nav = el("div", { "class": "reflect-nav" });
    if (index > 0) nav.appendChild(button("Back", function () { show(index - 1, true); }));
    if (index < steps.length - 1) {
      var next = steps[index + 1];
      var label = next.getAttribute("data-reflect-step") === "summary" ? "See my summary" : "Next: " + heading(next).textContent;
      nav.appendChild(button(label, function () {
        if (index === 0 && contextProblems()) return;
        show(index + 1, true);
      }, "md-button md-button--primary"));
    }
    step.appendChild(nav);
  });

  /* ------------------------------------------------------------------------
     The summary: strengths, next steps with links, training asked for */
  function linkList(links, district) {
    // Records for one district are shown to people there (or working across districts).
    var shown = links.filter(function (l) {
      return !l.districts || district === def.across_districts || l.districts.indexOf(district) !== -1;
    }).slice(0, def.links_shown);
    if (!shown.length) return null;
    var list = el("ul", { "class": "reflect-links" });
    shown.forEach(function (l) {
      var item = el("li");
      item.appendChild(el("a", { href: rootLink + l.url }, l.title));
      item.appendChild(document.createTextNode(" (" + l.kind.toLowerCase() + ")"));
      list.appendChild(item);
    });
    return list;
  }

  function answerText(q, value) {
    if (q.kind === "scale") return value + " out of 10";
    if (q.kind === "levels") return def.levels[value - 1];
    var labels = {};
    q.options.forEach(function (o) { labels[o.id] = o.label; });
    return (Array.isArray(value) ? value : [value]).map(function (v) { return labels[v]; }).join("; ");
  }

  function renderSummary() {
    var answers = readAnswers();
    var district = readContext().district;
    var strengths = [], developing = [], needs = [], skipped = 0;
    def.questions.forEach(function (q) {
      var value = answers[q.id];
      if (value === undefined) { skipped += 1; return; }
      if (q.kind === "scale") {
        if (value >= def.scale.strength_from) strengths.push(q);
        else developing.push({ q: q, next: q.next_step, links: q.links });
      } else if (q.kind === "levels") {
        if (value === def.levels.length) strengths.push(q);
        else developing.push({ q: q, next: q.levels[value - 1], links: q.links });
      } else if (q.kind === "single") {
        var option = q.options.filter(function (o) { return o.id === value; })[0];
        if (option.next_step) developing.push({ q: q, next: option.next_step, links: q.links });
      } else if (q.kind === "multiple") {
        q.options.forEach(function (o) {
          if (value.indexOf(o.id) !== -1) needs.push({ option: o, links: o.links.length ? o.links : q.links });
        });
      }
    });

    summaryBox.textContent = "";
    var total = def.questions.length;
    summaryBox.appendChild(el("p", {}, "You answered " + (total - skipped) + " of " + total + " questions." +
      (skipped ? " Go back to any section to answer more." : "")));

    summaryBox.appendChild(el("h3", {}, "Your strengths"));
    if (strengths.length) {
      var strong = el("ul");
      strengths.forEach(function (q) { strong.appendChild(el("li", {}, q.label + ": " + answerText(q, answers[q.id]))); });
      summaryBox.appendChild(strong);
    } else {
      summaryBox.appendChild(el("p", {}, "None of your answers is at the top of its scale yet: the next steps below will help."));
    }

    summaryBox.appendChild(el("h3", {}, "Your next steps"));
    if (!developing.length) summaryBox.appendChild(el("p", {}, "No next steps: every answer you gave is a strength."));
    developing.forEach(function (item) {
      var block = el("div", { "class": "reflect-next" });
      block.appendChild(el("h4", {}, item.q.label));
      block.appendChild(el("p", { "class": "reflect-hint" }, "Your answer: " + answerText(item.q, answers[item.q.id])));
      block.appendChild(el("p", {}, item.next));
      var links = linkList(item.links, district);
      if (links) {
        block.appendChild(el("p", {}, "Help on this hub:"));
        block.appendChild(links);
      }
      block.appendChild(button("Add to my action plan", function () { addAction(item.next); }));
      summaryBox.appendChild(block);
    });

    if (needs.length) {
      summaryBox.appendChild(el("h3", {}, "Training and help you asked for"));
      needs.forEach(function (need) {
        var block = el("div", { "class": "reflect-next" });
        block.appendChild(el("h4", {}, need.option.label));
        block.appendChild(linkList(need.links, district) || el("p", {}, "Nothing on this hub matches yet: ask your Technology Champion."));
        summaryBox.appendChild(block);
      });
    }
    page.querySelector("[data-reflect-round]").textContent = roundOf(new Date());
  }

  /* ------------------------------------------------------------------------
     The action plan: what, who, by when */
  function renderPlan() {
    planRows.textContent = "";
    plan.forEach(function (row, index) {
      var number = index + 1;
      var fieldset = el("fieldset", { "class": "reflect-action" });
      fieldset.appendChild(el("legend", {}, "Action " + number));
      [["what", "What", "text"], ["who", "Who", "text"], ["by", "By when", "date"]].forEach(function (f) {
        var id = "reflect-action-" + number + "-" + f[0];
        var wrap = el("div", { "class": "reflect-action__field" });
        wrap.appendChild(el("label", { "for": id }, f[1]));
        var input = el("input", { id: id, type: f[2], maxlength: String(MAX_PLAN_TEXT), autocomplete: "off" });
        input.value = row[f[0]];
        input.addEventListener("input", function () { row[f[0]] = input.value; }); // the form's listener saves
        wrap.appendChild(input);
        fieldset.appendChild(wrap);
      });
      fieldset.appendChild(button("Remove action " + number, function () {
        plan.splice(index, 1);
        renderPlan();
        save();
        var focusTo = planRows.querySelector("fieldset:last-of-type input") || page.querySelector("[data-reflect-plan-add]");
        focusTo.focus();
        say("Action " + number + " removed.");
      }));
      planRows.appendChild(fieldset);
    });
  }

  function addAction(what) {
    if (plan.length >= MAX_PLAN_ROWS) { say("Your action plan has " + MAX_PLAN_ROWS + " actions, the most it can hold."); return; }
    plan.push({ what: what || "", who: "", by: "" });
    renderPlan();
    save();
    planRows.querySelector("fieldset:last-of-type input").focus();
    say("Action " + plan.length + " added to your action plan.");
  }

  page.querySelector("[data-reflect-plan-add]").addEventListener("click", function () { addAction(""); });
  page.querySelector("[data-reflect-print]").addEventListener("click", function () { window.print(); });

  /* ------------------------------------------------------------------------
     Downloads, made in this page */
  function download(name, data) {
    var blob = new Blob([JSON.stringify(data, null, 2) + "\n"], { type: "application/json" });
    var url = URL.createObjectURL(blob);
    var link = el("a", { href: url, download: name });
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  page.querySelector("[data-reflect-download-mine]").addEventListener("click", function () {
    ensureReturnId(); // carried in the file, so importing it next time keeps the same return
    var name = "my-reflection-" + def.set + "-" + isoDate(new Date()) + ".json";
    download(name, snapshot());
    say("Downloaded " + name + ". Import it here next time to see what has changed.");
  });

  page.querySelector("[data-reflect-download-return]").addEventListener("click", function () {
    var context = readContext();
    if (CONTEXT.some(function (c) { return !context[c.field]; })) {
      show(0, false);
      contextProblems();
      return;
    }
    var answers = readAnswers();
    var collected = {}, ownWords = {};
    def.questions.forEach(function (q) {
      if (answers[q.id] === undefined) return;
      if (q.aggregate) collected[q.id] = answers[q.id];
      if (q.kind === "text") ownWords[q.id] = answers[q.id];
    });
    ensureReturnId();
    var round = roundOf(new Date());
    var data = {
      format: def.formats["return"],
      format_version: def.formats.version,
      set: def.set,
      set_version: def.version,
      round: round,
      return_id: returnId,
      context: context,
      answers: collected
    };
    if (page.querySelector("[data-reflect-include-text]").checked && Object.keys(ownWords).length) data.free_text = ownWords;
    save();
    var name = "alliance-return-" + def.set + "-" + round + ".json";
    download(name, data);
    say("Downloaded " + name + ". Send it to your Safeguarding Children Partnership Board when it asks for returns.");
  });

  /* ------------------------------------------------------------------------
     Import, keep, clear, exit */
  page.querySelector("[data-reflect-import]").addEventListener("change", function (event) {
    var input = event.target;
    var file = input.files && input.files[0];
    input.value = "";
    if (!file) return;
    if (file.size > MAX_IMPORT_BYTES) { say("This file is too large to be a reflection saved by this tool.", true); return; }
    file.text().then(function (text) {
      var data = null;
      try { data = JSON.parse(text); } catch (e) { data = null; }
      var problem = importProblem(data);
      if (problem) { say(problem, true); return; }
      fill(data.context, data.answers, data.action_plan);
      if (returnIdFrom(data)) useReturnId(returnIdFrom(data)); // the same person's return this round
      save();
      show(current, false);
      say("Imported your reflection saved on " + shortText(data.saved || "an earlier day") + ": " +
        Object.keys(data.answers || {}).length + " answers.", true);
    }, function () { say("This file could not be read.", true); });
  });

  keep.addEventListener("change", function () {
    if (keep.checked) {
      save();
      say("Your answers will be kept on this device until you clear them or leave with \u201cExit this page\u201d.");
    } else {
      forget();
      say("Your answers are no longer kept on this device. They stay in this page until you leave it.");
    }
  });

  var confirmBox = page.querySelector("[data-reflect-confirm]");
  var clearButton = page.querySelector("[data-reflect-clear]");
  clearButton.addEventListener("click", function () {
    confirmBox.hidden = false;
    confirmBox.focus();
  });
  page.querySelector("[data-reflect-confirm-no]").addEventListener("click", function () {
    confirmBox.hidden = true;
    clearButton.focus();
  });
  // Everything in this page back to the start: answers, plan, choices, the summary.
  function emptyThePage() {
    confirmBox.hidden = true;
    keep.checked = false;
    page.querySelector("[data-reflect-include-text]").checked = false;
    fill({}, {}, []); // the return id stays: the same person, counted once
    clearContextErrors();
    summaryBox.textContent = "";
    statusLine.textContent = "";
    show(0, false);
  }

  page.querySelector("[data-reflect-confirm-yes]").addEventListener("click", function () {
    forget();
    emptyThePage();
    say("Your answers and action plan have been cleared from this page and this device.", true);
  });

  form.addEventListener("input", save);
  form.addEventListener("change", save);
  form.addEventListener("submit", function (event) { event.preventDefault(); });

  // "Exit this page" (hub.js) deletes whatever is kept, from any page; here it also empties the
  // page, and does so again if the page is shown after an Exit (from the back/forward cache),
  // and forgets the return id: the next person at this device sends their own.
  document.addEventListener("hub:exit", function () {
    emptyThePage();
    returnId = null;
  });

  /* ------------------------------------------------------------------------
     Start: reveal the tool, restore kept answers, show the first step */
  toArray(page.querySelectorAll("[data-reflect-static]")).forEach(function (node) { node.hidden = true; });
  toArray(page.querySelectorAll("[data-reflect-dynamic]")).forEach(function (node) { node.hidden = false; });
  page.classList.add("reflect--enhanced");
  returnId = rememberedReturnId();
  restore();
  show(0, false);
})();
