// Shows a question only when the earlier answer it depends on is given (data-show-if-* attributes set by
// _questions.html). Without JavaScript every question shows; the server ignores answers to hidden ones.
(function () {
  "use strict";
  function chosen(form, name) {
    return Array.from(form.querySelectorAll('[name="q_' + name + '"]:checked')).map(function (el) { return el.value; });
  }
  function update(form) {
    form.querySelectorAll("[data-show-if-question]").forEach(function (block) {
      var wanted = block.getAttribute("data-show-if-values").split(" ");
      var values = chosen(form, block.getAttribute("data-show-if-question"));
      block.hidden = !values.some(function (v) { return wanted.indexOf(v) !== -1; });
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form.survey-form").forEach(function (form) {
      update(form);
      form.addEventListener("change", function () { update(form); });
    });
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }
  });
})();
