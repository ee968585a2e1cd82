/* A training module's step pages only (linked from their template). */
/* Back at #feedback after a scenario answer: focus it, so a screen reader reads it next. */
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var feedback = window.location.hash === "#feedback" && document.querySelector("[data-training-feedback]");
  if (feedback) {
    feedback.focus({ preventScroll: true }); // the #feedback jump already placed it below the exit bar
  }
});
