// Progressive enhancement only: every page works without this file.
document.addEventListener('change', function (e) {
  var el = e.target;
  if (el.matches && el.matches('select[data-autosubmit]') && el.form) el.form.requestSubmit();
});
document.addEventListener('click', function (e) {
  var el = e.target.closest && e.target.closest('[data-confirm]');
  if (el && !window.confirm(el.getAttribute('data-confirm'))) e.preventDefault();
});
