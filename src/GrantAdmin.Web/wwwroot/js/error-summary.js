// After a failed post the error summary takes focus, so a screen reader reads it and the keyboard starts there
// (GOV.UK error summary). A link to a field on this page focuses that field, with its label in view, rather than
// only scrolling to it.
(function () {
  'use strict';
  var summary = document.querySelector('[data-error-summary]');
  if (!summary) return;
  summary.focus();
  summary.addEventListener('click', function (event) {
    var link = event.target.closest('a[href^="#"]');
    if (!link) return;
    var field = document.getElementById(decodeURIComponent(link.getAttribute('href').slice(1)));
    if (!field) return;
    event.preventDefault();
    var label = document.querySelector('label[for="' + field.id + '"]');
    (field.closest('fieldset') || label || field).scrollIntoView();
    field.focus({ preventScroll: true });
  });
})();
