/* monev-kip, every page: htmx requests carry the session's CSRF token; confirmation dialogs. */
(function () {
  'use strict';
  var csrf = document.body ? document.body.getAttribute('data-csrf') : null;
  document.addEventListener('htmx:configRequest', function (event) {
    if (csrf) event.detail.headers['X-CSRF-Token'] = csrf;
  });
  // the login page: the PPID pages kept for offline use were the previous person's (a shared office PC)
  if (location.pathname === '/masuk' && window.caches) {
    caches.keys().then(function (names) {
      names.forEach(function (name) { if (name.indexOf('monev-ppid') === 0) caches.delete(name); });
    }).catch(function () {});
  }
  // <button data-buka="id"> opens <dialog id="id">; <button data-tutup> closes its dialog
  document.addEventListener('click', function (event) {
    var target = event.target instanceof Element ? event.target.closest('[data-buka],[data-tutup]') : null;
    if (!target) return;
    if (target.hasAttribute('data-buka')) {
      var dialog = document.getElementById(target.getAttribute('data-buka'));
      if (dialog && typeof dialog.showModal === 'function') { event.preventDefault(); dialog.showModal(); }
    } else {
      var open = target.closest('dialog');
      if (open) { event.preventDefault(); open.close(); }
    }
  });
})();
