// Progressive enhancement: after a failed submit, move focus to the error summary so that
// screen reader and keyboard users hear what went wrong first (GOV.UK pattern).
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector(".pn-error-summary");
  if (summary) {
    summary.focus();
  }
});
