/* The eligibility quiz of the Erasmus+ knowledge base.
 *
 * The rules are a JSON document that the build embeds in the quiz page
 * (<script type="application/json" id="kb-quiz-rules">, made by scripts/kb/quiz.py
 * from the action records); nothing is fetched, so the quiz works from file://.
 *
 * evaluate(rules, answers) must give exactly what the reference evaluator
 * kb.quiz.evaluate gives: tests/test_quiz_parity.py runs both over a grid of answers.
 * The rest is the page: one question at a time, "check your answers", results.
 * The state lives in the address (#step=...&sector=vet&...), so that a result can
 * be shared and the back button works. Every text comes from the rules' `text`.
 */
(function (root, factory) {
  "use strict";
  var quiz = factory();
  if (typeof module === "object" && module.exports) {
    module.exports = quiz; // Node: the tests
  } else {
    root.kbQuiz = quiz;
    if (typeof document !== "undefined") {
      if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", function () { quiz.start(document); });
      } else {
        quiz.start(document);
      }
    }
  }
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var NBSP = "\u00a0";
  var PLACEHOLDER = /\{([a-z_]+)\}/g;

  // ---------------------------------------------------------------------------
  // The evaluator (mirrors scripts/kb/quiz.py)
  // ---------------------------------------------------------------------------

  function number(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, NBSP);
  }

  function fill(strings, key, unit, params) {
    return strings[key].replace(PLACEHOLDER, function (_, name) {
      if (name.slice(-5) === "_unit") {
        var count = params[name.slice(0, -5)];
        return strings["unit." + unit + "." + (count === 1 ? "one" : "many")];
      }
      var value = params[name];
      if (value === null || value === undefined) return "";
      return typeof value === "number" ? number(value) : String(value);
    });
  }

  function isInt(value) {
    return typeof value === "number" && Number.isInteger(value);
  }

  // A question not asked for these answers (`skip_if`: the organisation and country
  // questions of a mobility project).
  function skipped(q, answers) {
    var cond = q.skip_if;
    if (!cond) return false;
    return Object.keys(cond).every(function (k) { return answers[k] === cond[k]; });
  }

  function problemList(rules, answers) {
    var problems = [];
    var out = {};
    if (answers === null || typeof answers !== "object" || Array.isArray(answers)) {
      return { answers: out, problems: [{ key: "", code: "not_an_object" }] };
    }
    var questions = {};
    rules.questions.forEach(function (q) { questions[q.key] = q; });
    Object.keys(answers).forEach(function (key) {
      if (!Object.prototype.hasOwnProperty.call(questions, key)) problems.push({ key: key, code: "unknown_key" });
    });
    rules.questions.forEach(function (q) {
      var value = answers[q.key];
      if (value === undefined || value === null) {
        if (q.required && !skipped(q, answers)) problems.push({ key: q.key, code: "missing" });
        return;
      }
      if (q.type === "choice") {
        var ok = q.options.some(function (o) { return o.value === value; });
        if (ok) out[q.key] = value; else problems.push({ key: q.key, code: "not_an_option" });
      } else if (q.type === "bool") {
        if (typeof value === "boolean") out[q.key] = value; else problems.push({ key: q.key, code: "not_boolean" });
      } else if (!isInt(value)) {
        problems.push({ key: q.key, code: "not_integer" });
      } else if (value < q.min) {
        problems.push({ key: q.key, code: "too_small" });
      } else {
        out[q.key] = value;
      }
    });
    if ("organisations" in out && "countries" in out && out.countries > out.organisations) {
      problems.push({ key: "countries", code: "countries_above_organisations" });
    }
    return { answers: out, problems: problems };
  }

  function validate(rules, answers) {
    var checked = problemList(rules, answers);
    if (checked.problems.length) {
      var error = new Error("invalid answers: " + checked.problems.map(function (p) {
        return p.key + " " + p.code;
      }).join(", "));
      error.problems = checked.problems;
      throw error;
    }
    return checked.answers;
  }

  function evaluateAction(rules, action, answers) {
    var text = rules.text;
    var met = [];
    var failed = [];
    var toCheck = [];
    // `every` stops at a rule that returns false: a project of another kind.
    action.rules.every(function (rule) {
      var value, params;
      if (rule.kind === "project_kind") {
        var wanted = answers.project_kind, own = rule.project_kind;
        if (wanted === undefined || wanted === null) {
          toCheck.push(text["quiz.check.project_kind." + own]);
        } else if (wanted === own) {
          met.push(text["quiz.reason.project_kind." + own]);
        } else {
          failed.push(text["quiz.reason.project_kind.not_" + own]);
          return false;
        }
      } else if (rule.kind === "sector") {
        var name = rules.sectors[answers.sector];
        var names = rule.sectors.map(function (s) { return rules.sectors[s]; }).join(", ");
        if (rule.sectors.indexOf(answers.sector) >= 0) {
          met.push(fill(text, "quiz.reason.sector.met", "", { sector: name }));
        } else if (!rule.decisive) {
          toCheck.push(fill(text, "quiz.check.sector", "", { sector: name, sectors: names }));
        } else {
          failed.push(fill(text, "quiz.reason.sector.fail", "", { sector: name, sectors: names }));
        }
      } else if (rule.kind === "note") {
        toCheck.push(fill(text, "quiz.check.condition", "", { text: rule.text }));
      } else if (rule.kind === "count" && (answers[rule.answer] === undefined || answers[rule.answer] === null)) {
        toCheck.push(fill(text, "quiz.check.count", "", { requirement: rule.requirement }));
      } else if (rule.kind === "count") {
        value = answers[rule.answer];
        var prefix = "quiz.reason." + rule.answer;
        params = { value: value, min: rule.min, max: rule.max, requirement: rule.requirement };
        if (rule.min !== null && value < rule.min) {
          params.diff = rule.min - value;
          failed.push(fill(text, prefix + ".below", rule.unit, params));
        } else if (rule.max !== null && value > rule.max) {
          params.diff = value - rule.max;
          failed.push(fill(text, prefix + ".above", rule.unit, params));
        } else {
          met.push(fill(text, prefix + ".met", rule.unit, params));
        }
      } else if (rule.kind === "third_country") {
        var policy = rule.policy;
        if (answers.third_country_partners === undefined || answers.third_country_partners === null) {
          if (policy === "not-allowed") toCheck.push(text["quiz.check.third_country.not_allowed"]);
          else if (policy === "partner-only") toCheck.push(text["quiz.check.third_country.partner_only"]);
          else if (policy === "not-stated") toCheck.push(text["quiz.check.third_country.not_stated"]);
        } else if (!answers.third_country_partners) {
          if (policy === "not-allowed") met.push(text["quiz.reason.third_country.met_none"]);
        } else if (policy === "not-allowed") {
          failed.push(text["quiz.reason.third_country.fail"]);
        } else if (policy === "allowed") {
          met.push(text["quiz.reason.third_country.met_allowed"]);
        } else if (policy === "partner-only") {
          met.push(text["quiz.reason.third_country.met_partner"]);
          toCheck.push(text["quiz.check.third_country.partner_only"]);
        } else {
          toCheck.push(text["quiz.check.third_country.not_stated"]);
        }
      } else if (rule.kind === "duration") {
        if (rule.unit !== "months") {
          toCheck.push(fill(text, "quiz.check.duration", "", { requirement: rule.requirement }));
          return true;
        }
        value = answers.duration_months;
        params = { value: value, min: rule.min, max: rule.max, requirement: rule.requirement, allowed: rule.allowed };
        if (rule.values.length) {
          if (rule.values.indexOf(value) >= 0) {
            met.push(fill(text, "quiz.reason.duration.met", "months", params));
          } else {
            // The closest allowed length; of two equally close, the shorter.
            var nearest = rule.values.reduce(function (best, v) {
              var d = Math.abs(v - value), bd = Math.abs(best - value);
              return d < bd || (d === bd && v < best) ? v : best;
            });
            params.nearest = nearest;
            failed.push(fill(text, "quiz.reason.duration.values", "months", params));
          }
        } else if (rule.min !== null && value < rule.min) {
          params.diff = rule.min - value;
          failed.push(fill(text, "quiz.reason.duration.below", "months", params));
        } else if (rule.max !== null && value > rule.max) {
          params.diff = value - rule.max;
          failed.push(fill(text, "quiz.reason.duration.above", "months", params));
        } else {
          met.push(fill(text, "quiz.reason.duration.met", "months", params));
        }
      } else if (rule.kind === "condition") {
        value = answers[rule.answer];
        if (value === undefined || value === null) {
          toCheck.push(fill(text, "quiz.check.condition", "", { text: rule.text }));
        } else if (rule.type === "bool") {
          if (value === rule.equals) met.push(fill(text, "quiz.reason.condition.met", "", { text: rule.text }));
          else failed.push(fill(text, "quiz.reason.condition.fail", "", { text: rule.text }));
        } else if (rule.at_least !== null && rule.at_least !== undefined && value < rule.at_least) {
          failed.push(fill(text, "quiz.reason.condition.below", "", {
            text: rule.text, value: value, min: rule.at_least, diff: rule.at_least - value
          }));
        } else if (rule.at_most !== null && rule.at_most !== undefined && value > rule.at_most) {
          failed.push(fill(text, "quiz.reason.condition.above", "", {
            text: rule.text, value: value, max: rule.at_most, diff: value - rule.at_most
          }));
        } else {
          met.push(fill(text, "quiz.reason.condition.met", "", { text: rule.text }));
        }
      } else {
        throw new Error("unknown rule kind " + rule.kind);
      }
      return true;
    });
    var eligible = failed.length === 0;
    return { id: action.id, code: action.code, eligible: eligible, reasons: eligible ? met : failed, to_check: toCheck };
  }

  function evaluate(rules, answers) {
    var checked = validate(rules, answers);
    return rules.actions.map(function (action) { return evaluateAction(rules, action, checked); });
  }

  // ---------------------------------------------------------------------------
  // The page
  // ---------------------------------------------------------------------------

  var FIRST = "project_kind"; // asked first, optional ("don't know yet" evaluates every action)
  var CORE = ["sector", "organisations", "countries", "third_country_partners", "duration_months"];

  function isQuestion(rules, key) {
    return rules.questions.some(function (q) { return q.key === key; });
  }

  function question(rules, key) {
    return rules.questions.filter(function (q) { return q.key === key; })[0];
  }

  // The kind of project, then the core questions this kind is asked.
  function coreKeys(rules, answers) {
    var keys = isQuestion(rules, FIRST) ? [FIRST] : [];
    CORE.forEach(function (k) { if (!skipped(question(rules, k), answers)) keys.push(k); });
    return keys;
  }

  // The questions to ask: the kind of project and the core ones, then the extra
  // questions of the actions that the core answers still leave open.
  function steps(rules, answers) {
    var keys = coreKeys(rules, answers);
    var core = {};
    keys.forEach(function (k) { if (k in answers) core[k] = answers[k]; });
    if (problemList(rules, core).problems.length) return keys;
    var wanted = {};
    evaluate(rules, core).forEach(function (result, i) {
      if (!result.eligible) return;
      rules.actions[i].rules.forEach(function (rule) {
        if (rule.kind === "condition") wanted[rule.answer] = true;
      });
    });
    rules.questions.forEach(function (q) { if (!q.required && wanted[q.key]) keys.push(q.key); });
    return keys;
  }

  function parseValue(q, raw) {
    if (q.type === "choice") {
      return q.options.some(function (o) { return o.value === raw; }) ? raw : undefined;
    }
    if (q.type === "bool") return raw === "true" ? true : raw === "false" ? false : undefined;
    if (!/^\d{1,6}$/.test(raw)) return undefined;
    var n = parseInt(raw, 10);
    return n >= q.min ? n : undefined;
  }

  // "#step=result&sector=vet&..." -> {step, answers, back}; null when the address
  // holds an ordinary anchor (the skip link, a heading), which is not quiz state.
  function parseHash(rules, hash) {
    var body = (hash || "").replace(/^#/, "");
    if (body && !/^step=/.test(body)) return null;
    var state = { step: "", answers: {}, back: "" };
    body.split("&").forEach(function (pair) {
      if (!pair) return;
      var i = pair.indexOf("=");
      var key, raw;
      try {
        key = decodeURIComponent(i < 0 ? pair : pair.slice(0, i));
        raw = i < 0 ? "" : decodeURIComponent(pair.slice(i + 1));
      } catch (e) {
        return; // a mangled address: that part is ignored
      }
      if (key === "step") state.step = raw;
      else if (key === "return") state.back = raw;
      else if (isQuestion(rules, key)) {
        var value = parseValue(question(rules, key), raw);
        if (value !== undefined) state.answers[key] = value;
      }
    });
    var a = state.answers;
    if ("countries" in a && "organisations" in a && a.countries > a.organisations) delete a.countries;
    return state;
  }

  function hashOf(rules, step, answers, back) {
    var parts = ["step=" + encodeURIComponent(step)];
    rules.questions.forEach(function (q) {
      if (q.key in answers) parts.push(encodeURIComponent(q.key) + "=" + encodeURIComponent(String(answers[q.key])));
    });
    if (back) parts.push("return=" + encodeURIComponent(back));
    return "#" + parts.join("&");
  }

  // A tiny element builder: every text goes in as text, never as HTML.
  function h(doc, tag, attrs, children) {
    var el = doc.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var v = attrs[name];
      if (v === null || v === undefined || v === false) return;
      if (name === "text") el.textContent = v;
      else el.setAttribute(name, v === true ? "" : v);
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      el.appendChild(typeof child === "string" ? doc.createTextNode(child) : child);
    });
    return el;
  }

  function Quiz(doc, host, rules) {
    this.doc = doc;
    this.host = host;
    this.rules = rules;
    this.t = rules.text;
    this.state = { step: "", answers: {}, back: "" };
  }

  Quiz.prototype.init = function () {
    var self = this;
    var doc = this.doc;
    var fallback = this.host.querySelector(".kb-quiz__fallback");
    if (fallback) fallback.parentNode.removeChild(fallback);
    this.host.classList.add("kb-quiz--ready");
    this.view = h(doc, "div", { "class": "kb-quiz__view" });
    // Announces results; the question headings are announced by taking focus.
    this.status = h(doc, "div", { "class": "kb-quiz__status", role: "status", "aria-live": "polite" });
    this.host.appendChild(this.view);
    this.host.appendChild(this.status);
    this.view.addEventListener("click", function (e) {
      var link = e.target.closest && e.target.closest("a[data-focus]");
      if (link) { // error summary: go to the field without touching the address
        e.preventDefault();
        var field = doc.getElementById(link.getAttribute("data-focus"));
        if (field) field.focus();
      }
    });
    window.addEventListener("hashchange", function () { self.route(true); });
    this.route(false);
  };

  Quiz.prototype.go = function (step, answers, back, replace) {
    var hash = hashOf(this.rules, step, answers, back);
    if (replace) window.location.replace(hash);
    else window.location.hash = hash;
  };

  Quiz.prototype.route = function (moveFocus) {
    var parsed = parseHash(this.rules, window.location.hash);
    if (parsed === null) {
      if (this.view.childNodes.length) return; // an anchor link inside the page
      parsed = { step: "", answers: {}, back: "" };
    }
    var list = steps(this.rules, parsed.answers);
    // Answers to extra questions that the core answers no longer lead to are left out,
    // so that the summary and the result show the same answers.
    var answers = {};
    Object.keys(parsed.answers).forEach(function (k) {
      if (list.indexOf(k) >= 0) answers[k] = parsed.answers[k];
    });
    var firstMissing = coreKeys(this.rules, answers).filter(function (k) {
      return k !== FIRST && !(k in answers);
    })[0];
    var step = parsed.step;
    var known = list.indexOf(step) >= 0 || step === "summary" || step === "result";
    // A step cannot be shown before the core questions before it are answered.
    if (!known || (firstMissing && (step === "summary" || step === "result" ||
        list.indexOf(step) > list.indexOf(firstMissing)))) {
      // A fresh start begins with the first question (the kind of project).
      step = parsed.step ? firstMissing || (known ? step : "summary") : list[0];
      if (step !== parsed.step && parsed.step) {
        this.go(step, answers, "", true);
        return;
      }
    }
    this.state = { step: step, answers: answers, back: parsed.back, steps: list };
    if (step === "summary") this.renderSummary();
    else if (step === "result") this.renderResult();
    else this.renderQuestion(question(this.rules, step), null, null);
    if (moveFocus) this.focusHeading();
  };

  Quiz.prototype.focusHeading = function () {
    var heading = this.view.querySelector("[data-heading]");
    if (heading) heading.focus();
  };

  Quiz.prototype.backLink = function (href) {
    return h(this.doc, "a", { "class": "kb-quiz__back", href: href, text: this.t["quiz.back"] });
  };

  Quiz.prototype.display = function (q, value) {
    var t = this.t;
    if (value === undefined || value === null) return t["quiz.summary.unknown"];
    if (q.type === "choice") return q.options.filter(function (o) { return o.value === value; })[0].label;
    if (q.type === "bool") return value ? t["quiz.answer.yes"] : t["quiz.answer.no"];
    if (q.key === "duration_months") return number(value) + NBSP + t["unit.months." + (value === 1 ? "one" : "many")];
    return number(value);
  };

  Quiz.prototype.renderQuestion = function (q, error, typed) {
    var doc = this.doc, t = this.t, self = this;
    var st = this.state, list = st.steps, index = list.indexOf(q.key);
    var prev = st.back === "summary" ? "summary" : index > 0 ? list[index - 1] : "";
    var current = q.key in st.answers ? st.answers[q.key] : undefined;
    var describedBy = "kb-quiz-hint" + (error ? " kb-quiz-error" : "");
    var controls = [];
    var firstId = "kb-quiz-input";
    if (q.type === "int") {
      controls.push(h(doc, "label", { "for": firstId, "class": "kb-quiz__label",
        text: q.key === "duration_months" ? t["quiz.months_label"] : t["quiz.number_label"] }));
      controls.push(h(doc, "input", {
        id: firstId, name: "answer", type: "text", inputmode: "numeric", pattern: "[0-9]*",
        autocomplete: "off", spellcheck: "false", "class": "kb-quiz__number" + (error ? " kb-quiz__number--error" : ""),
        "aria-invalid": error ? "true" : null, "aria-describedby": describedBy,
        value: typed !== null && typed !== undefined ? typed : current !== undefined ? String(current) : ""
      }));
    } else {
      var options = q.type === "choice" ? q.options.map(function (o) { return { value: o.value, label: o.label }; })
        : [{ value: "true", label: t["quiz.answer.yes"] }, { value: "false", label: t["quiz.answer.no"] }];
      if (!q.required) options.push({ value: "", label: t["quiz.answer.unknown"] });
      var chosen = typed !== null && typed !== undefined ? typed : current !== undefined ? String(current) : null;
      options.forEach(function (o, i) {
        var id = i === 0 ? firstId : "kb-quiz-option-" + i;
        controls.push(h(doc, "div", { "class": "kb-quiz__option" }, [
          h(doc, "input", { type: "radio", name: "answer", id: id, value: o.value, checked: chosen === o.value,
            "aria-invalid": error ? "true" : null }),
          h(doc, "label", { "for": id, text: o.label })
        ]));
      });
    }
    var form = h(doc, "form", { "class": "kb-quiz__form", novalidate: true, "data-step": q.key }, [
      error ? h(doc, "div", { "class": "kb-quiz__error-summary", role: "alert", tabindex: "-1" }, [
        h(doc, "h2", { text: t["quiz.error.heading"] }),
        h(doc, "ul", {}, [h(doc, "li", {}, [h(doc, "a", { href: "#" + firstId, "data-focus": firstId, text: error })])])
      ]) : null,
      h(doc, "p", { "class": "kb-quiz__progress", text: fill(t, "quiz.progress", "", { n: index + 1, total: list.length }) }),
      h(doc, "fieldset", { "class": "kb-quiz__fieldset", "aria-describedby": describedBy }, [
        h(doc, "legend", { "class": "kb-quiz__legend" }, [
          h(doc, "h2", { "class": "kb-quiz__question", tabindex: "-1", "data-heading": true, text: q.legend })
        ]),
        h(doc, "p", { "class": "kb-quiz__hint", id: "kb-quiz-hint" }, [
          q.hint, q.required ? null : h(doc, "span", { "class": "kb-quiz__optional", text: " " + t["quiz.optional_hint"] })
        ]),
        error ? h(doc, "p", { "class": "kb-quiz__error", id: "kb-quiz-error", text: error }) : null
      ].concat(controls)),
      h(doc, "button", { type: "submit", "class": "md-button md-button--primary kb-quiz__continue", text: t["quiz.continue"] })
    ]);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      self.answer(q, form);
    });
    var nodes = [];
    if (index > 0 || st.back === "summary") {
      nodes.push(this.backLink(hashOf(this.rules, prev, st.answers, "")));
    }
    nodes.push(form);
    this.show(nodes);
    if (error) form.querySelector(".kb-quiz__error-summary").focus();
  };

  Quiz.prototype.answer = function (q, form) {
    var t = this.t, st = this.state;
    var raw, value, error = null;
    if (q.type === "int") {
      raw = form.elements.answer.value.trim();
      if (raw === "" && !q.required) value = undefined;
      else {
        value = /^\d{1,6}$/.test(raw) ? parseInt(raw, 10) : NaN;
        if (!(value >= q.min)) {
          error = q.required ? fill(t, "quiz.error.whole_number", "", { min: q.min }) : t["quiz.error.optional_number"];
        } else if (q.key === "countries" && value > st.answers.organisations) {
          error = fill(t, "quiz.error.countries_above_organisations", "", { organisations: st.answers.organisations });
        }
      }
    } else {
      var checked = form.querySelector("input[name=answer]:checked");
      raw = checked ? checked.value : null;
      if (raw === null) error = t["quiz.error.choose"];
      else if (raw === "") value = undefined;
      else value = q.type === "bool" ? raw === "true" : raw;
    }
    if (error) {
      this.renderQuestion(q, error, raw);
      return;
    }
    var answers = {};
    Object.keys(st.answers).forEach(function (k) { answers[k] = st.answers[k]; });
    if (value === undefined) delete answers[q.key]; else answers[q.key] = value;
    // Fewer organisations than countries: the countries answer must be given again.
    if (q.key === "organisations" && answers.countries > value) {
      delete answers.countries;
      this.go("countries", answers, st.back, false);
      return;
    }
    if (st.back === "summary") {
      this.go("summary", answers, "", false);
      return;
    }
    var list = steps(this.rules, answers);
    var next = list[list.indexOf(q.key) + 1] || "summary";
    this.go(next, answers, "", false);
  };

  Quiz.prototype.renderSummary = function () {
    var doc = this.doc, t = this.t, self = this, st = this.state;
    var submit = h(doc, "button", { type: "button", "class": "md-button md-button--primary kb-quiz__submit",
      text: t["quiz.show_results"] });
    submit.addEventListener("click", function () { self.go("result", st.answers, "", false); });
    var rows = st.steps.map(function (key) {
      var q = question(self.rules, key);
      return h(doc, "div", { "class": "kb-quiz__row", "data-key": key }, [
        h(doc, "dt", { text: q.label }),
        h(doc, "dd", { "class": "kb-quiz__value", text: self.display(q, st.answers[key]) }),
        h(doc, "dd", { "class": "kb-quiz__change" }, [
          h(doc, "a", { href: hashOf(self.rules, key, st.answers, "summary") }, [
            t["quiz.summary.change"], h(doc, "span", { "class": "kb-quiz__vh", text: " – " + q.label })
          ])
        ])
      ]);
    });
    this.show([
      this.backLink(hashOf(this.rules, st.steps[st.steps.length - 1], st.answers, "")),
      h(doc, "h2", { tabindex: "-1", "data-heading": true, text: t["quiz.summary.heading"] }),
      h(doc, "dl", { "class": "kb-quiz__summary" }, rows),
      h(doc, "p", {}, [submit])
    ]);
  };

  Quiz.prototype.actionItem = function (action, result) {
    var doc = this.doc, t = this.t;
    var title = action.code + ": " + action.name;
    var facts = action.facts ? h(doc, "dl", { "class": "kb-quiz__facts" }, [
      h(doc, "dt", { text: t["facts.grant"] }), h(doc, "dd", { text: action.facts.grant }),
      h(doc, "dt", { text: t["facts.duration"] }), h(doc, "dd", { text: action.facts.duration }),
      h(doc, "dt", { text: t["quiz.result.latest_deadline"] }), h(doc, "dd", { text: action.facts.deadline })
    ]) : null;
    var list = function (items) {
      return h(doc, "ul", {}, items.map(function (s) { return h(doc, "li", { text: s }); }));
    };
    return h(doc, "li", { "class": "kb-quiz__action kb-quiz__action--" + (result.eligible ? "eligible" : "other"),
      "data-action": action.id }, [
      h(doc, "h4", {}, [action.url ? h(doc, "a", { href: action.url, text: title }) : title]),
      h(doc, "p", { "class": "kb-quiz__label", text: result.eligible ? t["quiz.result.why"] : t["quiz.result.why_not"] }),
      list(result.reasons),
      result.eligible ? facts : null,
      result.eligible && result.to_check.length ? h(doc, "p", { "class": "kb-quiz__label", text: t["quiz.result.to_check"] }) : null,
      result.eligible && result.to_check.length ? list(result.to_check) : null,
      action.url ? h(doc, "p", { "class": "kb-quiz__more" }, [h(doc, "a", { href: action.url,
        text: fill(t, "quiz.result.read_more", "", { code: action.code }) })]) : null
    ]);
  };

  Quiz.prototype.renderResult = function () {
    var doc = this.doc, t = this.t, self = this, st = this.state;
    var results = evaluate(this.rules, st.answers);
    var byId = {};
    this.rules.actions.forEach(function (a) { byId[a.id] = a; });
    var fits = results.filter(function (r) { return r.eligible; });
    // The near misses first: an action of the chosen sector, then the fewest failed rules.
    var others = results.filter(function (r) { return !r.eligible; }).map(function (r, i) {
      var sector = byId[r.id].rules.filter(function (rule) { return rule.kind === "sector"; })[0];
      var wrongSector = sector && sector.sectors.indexOf(st.answers.sector) < 0 ? 1 : 0;
      return { r: r, key: [wrongSector, r.reasons.length, i] };
    }).sort(function (x, y) {
      for (var k = 0; k < 3; k++) if (x.key[k] !== y.key[k]) return x.key[k] - y.key[k];
      return 0;
    }).map(function (x) { return x.r; });
    var items = function (rs) {
      return h(doc, "ul", { "class": "kb-quiz__actions" }, rs.map(function (r) { return self.actionItem(byId[r.id], r); }));
    };
    this.show([
      this.backLink(hashOf(this.rules, "summary", st.answers, "")),
      h(doc, "h2", { tabindex: "-1", "data-heading": true, text: t["quiz.result.heading"] }),
      h(doc, "div", { "class": "admonition note kb-quiz__disclaimer" }, [h(doc, "p", { text: t["quiz.result.disclaimer"] })]),
      h(doc, "section", { "class": "kb-quiz__fits", "aria-labelledby": "kb-quiz-fits" }, [
        h(doc, "h3", { id: "kb-quiz-fits", text: t["quiz.result.eligible_heading"] }),
        fits.length ? items(fits) : h(doc, "p", { "class": "kb-quiz__none", text: t["quiz.result.none_eligible"] })
      ]),
      others.length ? h(doc, "section", { "class": "kb-quiz__others", "aria-labelledby": "kb-quiz-others" }, [
        h(doc, "h3", { id: "kb-quiz-others", text: t["quiz.result.other_heading"] }),
        items(others)
      ]) : null,
      h(doc, "p", { "class": "kb-quiz__share", text: t["quiz.result.share"] }),
      h(doc, "p", { "class": "kb-quiz__actions-end" }, [
        h(doc, "a", { href: hashOf(this.rules, "summary", st.answers, ""), text: t["quiz.result.change_answers"] }),
        " ",
        h(doc, "a", { href: hashOf(this.rules, "sector", {}, ""), text: t["quiz.result.restart"] })
      ])
    ]);
    var message = fill(t, "quiz.result.announce", "", { eligible: fits.length, total: results.length });
    var status = this.status;
    status.textContent = "";
    // A moment later, so that screen readers notice the change of the live region.
    window.setTimeout(function () { status.textContent = message; }, 100);
  };

  Quiz.prototype.show = function (nodes) {
    var view = this.view;
    view.textContent = "";
    nodes.forEach(function (n) { if (n) view.appendChild(n); });
    if (this.state.step !== "result") this.status.textContent = "";
  };

  function start(doc) {
    var host = doc.getElementById("kb-quiz");
    var data = doc.getElementById("kb-quiz-rules");
    if (!host || !data) return null;
    var quiz = new Quiz(doc, host, JSON.parse(data.textContent));
    quiz.init();
    return quiz;
  }

  return { evaluate: evaluate, validate: validate, problems: problemList, fill: fill, number: number,
    steps: steps, parseHash: parseHash, hashOf: hashOf, start: start };
});
