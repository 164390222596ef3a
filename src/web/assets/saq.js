/*
 * monev-kip, the PPID operator's pages (SPEC §11 "Never lose an answer").
 * Each change goes first into a queue in localStorage (one per edition, body and stage), then to
 * the autosave route, in order. The queue survives a reload, a browser restart and a dropped
 * connection; a refused answer stays on the page with the server's words; an ended session
 * keeps everything and asks for a new login. A service worker keeps the pages for offline use.
 */
(function () {
  'use strict';

  // ------------------------------------------------------------ the service worker
  function keepOffline() {
    if (!('serviceWorker' in navigator) || !window.MessageChannel) return;
    navigator.serviceWorker.register('/ppid/sw.js', { scope: '/ppid/' }).catch(function () { /* no worker: the queue still keeps the answers */ });
    navigator.serviceWorker.ready.then(function (registration) {
      var worker = registration.active;
      if (!worker) return;
      var urls = [location.pathname + location.search];
      var assets = document.querySelectorAll('script[src^="/aset/"], link[rel="stylesheet"][href^="/aset/"]');
      for (var i = 0; i < assets.length; i++) urls.push(assets[i].getAttribute('src') || assets[i].getAttribute('href'));
      var channel = new MessageChannel();
      channel.port1.onmessage = function (event) { if (event.data && event.data.siap) document.body.setAttribute('data-luring', 'siap'); };
      // the worker stores what it does not hold yet (on the first visit: this page, fetched once more)
      worker.postMessage({ simpan: urls }, [channel.port2]);
    });
  }

  // ------------------------------------------------------------ "Ajukan sanggah" reveals its form
  function reveal() {
    var buttons = document.querySelectorAll('[data-ungkap]');
    for (var i = 0; i < buttons.length; i++) {
      var button = buttons[i];
      var target = document.getElementById(button.getAttribute('data-ungkap'));
      if (!target) continue;
      button.hidden = false;
      target.hidden = button.getAttribute('aria-expanded') !== 'true';
      button.addEventListener('click', function (event) {
        var b = event.currentTarget;
        var form = document.getElementById(b.getAttribute('data-ungkap'));
        var open = b.getAttribute('aria-expanded') !== 'true';
        b.setAttribute('aria-expanded', open ? 'true' : 'false');
        form.hidden = !open;
        if (open) { var field = form.querySelector('textarea'); if (field) field.focus(); }
      });
    }
  }

  keepOffline();
  reveal();

  var root = document.getElementById('kuesioner');
  if (!root) return;

  // ------------------------------------------------------------ storage
  var data = root.dataset;
  var QUEUE = 'monev-antrian:' + data.edisi + ':' + data.badan + ':' + data.tahap;
  var SENT = 'monev-terkirim:' + data.edisi + ':' + data.badan + ':' + data.tahap;
  var memory = {};
  function read(key, empty) {
    try {
      var text = window.localStorage.getItem(key);
      return text ? JSON.parse(text) : empty;
    } catch (e) {
      return memory[key] || empty;
    }
  }
  function write(key, value) {
    memory[key] = value;
    try { window.localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* kept in memory for this page */ }
  }
  // queue: [{q, value, evidence, n, refused?}], one entry per question, in the order of first change
  function queue() { return read(QUEUE, []); }

  // ------------------------------------------------------------ the page's answers
  var fieldsets = root.querySelectorAll('fieldset[data-kode]');
  var byCode = {};
  for (var f = 0; f < fieldsets.length; f++) byCode[fieldsets[f].getAttribute('data-kode')] = fieldsets[f];

  function links(fieldset) {
    var area = fieldset.querySelector('textarea');
    return area.value.split('\n').map(function (l) { return l.trim(); }).filter(function (l) { return l !== ''; });
  }
  function valueOf(fieldset) {
    var type = fieldset.getAttribute('data-jenis');
    var inputs = fieldset.querySelectorAll('input[name^="j-"]');
    var checked = [];
    for (var i = 0; i < inputs.length; i++) if (inputs[i].checked) checked.push(inputs[i].value);
    if (type === 'checklist') return checked;
    if (checked.length === 0) return null;
    return type === 'yes_no' ? checked[0] === 'true' : checked[0];
  }
  function show(fieldset, value, evidence) {
    var inputs = fieldset.querySelectorAll('input[name^="j-"]');
    for (var i = 0; i < inputs.length; i++) {
      var v = inputs[i].value;
      if (value === null) inputs[i].checked = false;
      else if (Array.isArray(value)) inputs[i].checked = value.indexOf(v) >= 0;
      else inputs[i].checked = String(value) === v;
    }
    fieldset.querySelector('textarea').value = (evidence || []).join('\n');
    if (value !== null) fieldset.setAttribute('data-terjawab', '1');
  }
  function answered(fieldset) {
    return fieldset.getAttribute('data-terjawab') === '1' || valueOf(fieldset) !== null && fieldset.getAttribute('data-jenis') !== 'checklist';
  }

  // ------------------------------------------------------------ progress and status
  var statusEl = document.getElementById('status-simpan');
  var noteEl = document.getElementById('keterangan-simpan');
  var usualNote = noteEl ? noteEl.textContent : '';
  var sending = false;
  var sessionEnded = false;

  function progress() {
    var total = 0;
    var done = 0;
    var sections = root.querySelectorAll('section[data-indikator]');
    for (var s = 0; s < sections.length; s++) {
      var own = sections[s].querySelectorAll('fieldset[data-kode]');
      var n = 0;
      for (var i = 0; i < own.length; i++) if (answered(own[i])) n++;
      var line = sections[s].querySelector('.kemajuan-indikator');
      if (line) line.textContent = n + ' dari ' + own.length + ' pertanyaan terjawab';
      total += own.length;
      done += n;
    }
    document.getElementById('kemajuan').textContent = done + ' dari ' + total + ' pertanyaan terjawab';
    var bar = document.getElementById('kemajuan-bilah');
    if (bar) bar.value = done;
    // an offline copy of the page may predate the first answer
    var state = document.getElementById('status-kuesioner');
    if (state && done > 0 && state.hasAttribute('data-belum-mulai')) { state.removeAttribute('data-belum-mulai'); state.textContent = 'Draf'; }
  }
  function waiting() {
    return queue().filter(function (e) { return e.value !== null; });
  }
  function render() {
    var list = waiting();
    var count = list.length;
    var refused = list.filter(function (e) { return e.refused; }).length;
    var text = count === 0 ? 'Semua jawaban tersimpan' : sending ? 'Menyimpan…' : count + ' jawaban belum terkirim';
    if (statusEl.textContent !== text) statusEl.textContent = text;
    statusEl.className = 'status-simpan' + (count === 0 ? ' aman' : sending ? '' : ' tertunda');
    if (!noteEl) return;
    var note = usualNote;
    if (!navigator.onLine) note = 'Perangkat sedang tidak tersambung. Jawaban disimpan di perangkat ini dan dikirim otomatis saat sambungan kembali.';
    else if (count > 0 && sessionEnded) note = '';
    else if (count > 0 && refused === count) note = 'Jawaban yang ditolak server tetap di halaman ini; jawaban itu dikirim lagi setelah Anda memperbaikinya.';
    else if (count > 0 && !sending) note = 'Jawaban yang belum terkirim disimpan di perangkat ini dan dikirim ulang otomatis.';
    if (noteEl.textContent !== note) noteEl.textContent = note;
  }

  function refusal(fieldset, text) {
    var old = fieldset.querySelector('[data-tolak]');
    if (old) old.parentNode.removeChild(old);
    if (!text) return;
    var p = document.createElement('p');
    p.className = 'galat';
    p.setAttribute('role', 'alert');
    p.setAttribute('data-tolak', '');
    p.textContent = text;
    fieldset.appendChild(p);
  }

  // ------------------------------------------------------------ the queue
  function put(code, value, evidence) {
    var list = queue();
    var entry = { q: code, value: value, evidence: evidence, n: Date.now() + '-' + Math.random().toString(36).slice(2, 8) };
    var at = -1;
    for (var i = 0; i < list.length; i++) if (list[i].q === code) at = i;
    if (at >= 0) list[at] = entry; else list.push(entry);
    write(QUEUE, list);
  }
  function settle(entry, refusedText) {
    var list = queue();
    for (var i = 0; i < list.length; i++) {
      if (list[i].q !== entry.q || list[i].n !== entry.n) continue;
      if (refusedText === undefined) list.splice(i, 1); else list[i].refused = refusedText;
      break;
    }
    write(QUEUE, list);
  }

  var csrf = document.body.getAttribute('data-csrf');
  var retryTimer = null;
  var backoff = 2000;
  var flushTimer = null;
  var waiters = [];

  function later(ms) {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(flush, ms);
  }
  function done() {
    var list = waiters;
    waiters = [];
    for (var i = 0; i < list.length; i++) list[i]();
  }

  function send(entry) {
    var url = data.simpan + encodeURIComponent(entry.q) + '?tahap=' + encodeURIComponent(data.tahap);
    var controller = window.AbortController ? new AbortController() : null;
    var timeout = controller ? setTimeout(function () { controller.abort(); }, 20000) : null;
    var body = { value: entry.value, evidence: entry.evidence || [] };
    return fetch(url, {
      method: 'PUT',
      credentials: 'same-origin',
      cache: 'no-store',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': csrf || '' },
      body: JSON.stringify(body),
      signal: controller ? controller.signal : undefined,
    }).then(function (response) {
      clearTimeout(timeout);
      return response.json().catch(function () { return {}; }).then(function (answer) {
        if (response.ok) return { kind: 'ok', answer: answer };
        if (response.status === 401) return { kind: 'session' };
        if (response.status === 403 && answer.code === 'web.csrf') return { kind: 'token' };
        if (response.status >= 500 || response.status === 429) return { kind: 'network' };
        return { kind: 'refused', text: answer.text || 'Jawaban ini ditolak server.' };
      });
    }, function () {
      clearTimeout(timeout);
      return { kind: 'network' };
    });
  }

  function flush() {
    clearTimeout(flushTimer);
    if (sending || sessionEnded) return;
    var next = null;
    var list = waiting();
    for (var i = 0; i < list.length; i++) if (!list[i].refused) { next = list[i]; break; }
    if (!next || !navigator.onLine) { render(); done(); return; }
    sending = true;
    render();
    send(next).then(function (outcome) {
      sending = false;
      if (outcome.kind === 'ok') {
        var sent = read(SENT, {});
        sent[next.q] = { value: next.value, evidence: next.evidence, at: outcome.answer.updatedAt || '' };
        write(SENT, sent);
        settle(next);
        backoff = 2000;
        flush();
      } else if (outcome.kind === 'refused') {
        settle(next, outcome.text);
        if (byCode[next.q]) refusal(byCode[next.q], outcome.text);
        flush();
      } else if (outcome.kind === 'token' || outcome.kind === 'session') {
        renewSession();
      } else {
        render();
        done();
        later(backoff);
        backoff = Math.min(backoff * 2, 60000);
      }
    });
  }

  // ------------------------------------------------------------ an ended session
  function sessionMessage(on) {
    var box = document.getElementById('pesan-sesi');
    if (!on) { if (box) box.parentNode.removeChild(box); return; }
    if (box) return;
    box = document.createElement('div');
    box.id = 'pesan-sesi';
    box.className = 'peringatan';
    box.setAttribute('role', 'alert');
    var text = document.createElement('p');
    text.textContent = 'Sesi Anda sudah berakhir. Jawaban yang belum terkirim tetap tersimpan di perangkat ini dan dikirim setelah Anda masuk lagi. ';
    var link = document.createElement('a');
    link.href = data.masuk;
    link.textContent = 'Masuk lagi';
    text.appendChild(link);
    box.appendChild(text);
    var bar = document.getElementById('bilah-simpan');
    bar.parentNode.insertBefore(box, bar.nextSibling);
  }
  /** the session's token again (a new login in another tab); the same body only */
  function renewSession() {
    fetch(data.token, { credentials: 'same-origin', cache: 'no-store', headers: { Accept: 'application/json' } }).then(function (response) {
      if (!response.ok) throw new Error('no session');
      return response.json();
    }).then(function (answer) {
      // another body's session, or the same token refused again: the operator must log in
      if (answer.body !== data.badan || !answer.csrf || answer.csrf === csrf) throw new Error('no usable session');
      csrf = answer.csrf;
      document.body.setAttribute('data-csrf', csrf);
      var fields = document.querySelectorAll('input[name="_csrf"]');
      for (var i = 0; i < fields.length; i++) fields[i].value = csrf;
      sessionEnded = false;
      sessionMessage(false);
      flush();
    }).catch(function () {
      sessionEnded = true;
      sessionMessage(true);
      render();
      done();
    });
  }

  // ------------------------------------------------------------ changes
  function edited(event) {
    var fieldset = event.target.closest ? event.target.closest('fieldset[data-kode]') : null;
    if (!fieldset || root.hasAttribute('data-terkunci')) return;
    var text = event.target.tagName === 'TEXTAREA';
    if (event.type === 'input' && !text) return;
    var value = valueOf(fieldset);
    if (value === null && fieldset.getAttribute('data-jenis') === 'checklist') value = [];
    put(fieldset.getAttribute('data-kode'), value, links(fieldset));
    if (value !== null) fieldset.setAttribute('data-terjawab', '1');
    refusal(fieldset, null);
    progress();
    render();
    clearTimeout(flushTimer);
    if (event.type === 'input') flushTimer = setTimeout(flush, 800); else flush();
  }
  root.addEventListener('change', edited);
  root.addEventListener('input', edited);

  // ------------------------------------------------------------ submission
  var submitButton = document.getElementById('tombol-kirim');
  var submitForm = document.getElementById('form-kirim');
  function listOf(title, codes) {
    var box = document.createElement('div');
    var heading = document.createElement('p');
    heading.textContent = title + ' (' + codes.length + '):';
    var ul = document.createElement('ul');
    ul.className = 'daftar-kurang';
    for (var i = 0; i < codes.length; i++) {
      var li = document.createElement('li');
      li.textContent = byCode[codes[i]].querySelector('legend').textContent;
      ul.appendChild(li);
    }
    box.appendChild(heading);
    box.appendChild(ul);
    return box;
  }
  if (submitButton) {
    submitButton.addEventListener('click', function () {
      var unanswered = [];
      var noEvidence = [];
      for (var code in byCode) {
        var fs = byCode[code];
        if (!answered(fs)) unanswered.push(code);
        else if (fs.getAttribute('data-bukti') === 'required' && links(fs).length === 0) noEvidence.push(code);
      }
      var list = document.getElementById('daftar-kirim');
      list.textContent = '';
      document.getElementById('pesan-kirim').textContent = '';
      if (unanswered.length) list.appendChild(listOf('Pertanyaan yang belum dijawab', unanswered));
      if (noEvidence.length) list.appendChild(listOf('Bukti dukung wajib yang belum ada', noEvidence));
      if (!unanswered.length && !noEvidence.length) {
        var ok = document.createElement('p');
        ok.textContent = 'Semua pertanyaan sudah dijawab dan semua bukti dukung wajib sudah ada.';
        list.appendChild(ok);
      }
    });
  }
  if (submitForm) {
    submitForm.addEventListener('submit', function (event) {
      event.preventDefault();
      var message = document.getElementById('pesan-kirim');
      message.textContent = '';
      var button = submitForm.querySelector('button[type="submit"]');
      button.disabled = true;
      waiters.push(function () {
        button.disabled = false;
        var left = waiting();
        if (left.length === 0) {
          submitForm.querySelector('input[name="_csrf"]').value = csrf;
          submitForm.submit();
          return;
        }
        var refused = left.filter(function (e) { return e.refused; }).length;
        var p = document.createElement('p');
        p.className = 'galat';
        p.setAttribute('role', 'alert');
        p.textContent = refused
          ? 'Kuesioner belum dapat dikirim: ' + refused + ' jawaban ditolak server. Perbaiki jawaban yang bertanda merah, lalu coba lagi.'
          : 'Kuesioner belum dapat dikirim: ' + left.length + ' jawaban belum terkirim. Sambungkan perangkat ke internet' + (sessionEnded ? ' dan masuk lagi' : '') + ', lalu coba lagi.';
        message.appendChild(p);
      });
      flush();
    });
  }

  // ------------------------------------------------------------ start
  (function restore() {
    // a change made before this script ran (a slow link) or restored by the browser: queue it
    for (var code0 in byCode) {
      var own = byCode[code0];
      var changed = own.querySelector('textarea').value !== own.querySelector('textarea').defaultValue;
      var marks = own.querySelectorAll('input[name^="j-"]');
      for (var m = 0; m < marks.length; m++) if (marks[m].checked !== marks[m].defaultChecked) changed = true;
      if (changed && !own.disabled) {
        var early = valueOf(own);
        if (early === null && own.getAttribute('data-jenis') === 'checklist') early = [];
        put(code0, early, links(own));
      }
    }
    // answers sent from this device that the page (perhaps an offline copy) does not show yet
    var sent = read(SENT, {});
    var kept = {};
    for (var code in sent) {
      var fs = byCode[code];
      if (!fs) continue;
      var shown = fs.getAttribute('data-diubah') || '';
      if (shown > sent[code].at) continue; // the page knows a later answer
      kept[code] = sent[code];
      show(fs, sent[code].value, sent[code].evidence);
    }
    write(SENT, kept);
    // the waiting answers, as the operator left them
    var list = queue();
    for (var i = 0; i < list.length; i++) {
      var entry = list[i];
      if (entry.refused) delete entry.refused; // a new page is a new attempt
      if (byCode[entry.q]) show(byCode[entry.q], entry.value === null ? valueOf(byCode[entry.q]) : entry.value, entry.evidence);
    }
    write(QUEUE, list);
  })();
  progress();
  render();
  document.body.setAttribute('data-saq', 'siap');
  window.addEventListener('online', function () { backoff = 2000; if (sessionEnded) renewSession(); else flush(); });
  window.addEventListener('offline', render);
  document.addEventListener('visibilitychange', function () { if (document.visibilityState === 'visible') { if (sessionEnded) renewSession(); else flush(); } });

  // ------------------------------------------------------------ evidence files (SPEC §13)
  // "Unggah bukti dukung" works online only (a file is not queued): enabled while the browser is
  // online and the questionnaire is editable; the server's refusal is shown beside the input.
  var fileInputs = root.querySelectorAll('input[type="file"][data-unggah]');
  function fileInputsState() {
    for (var k = 0; k < fileInputs.length; k++) fileInputs[k].disabled = root.hasAttribute('data-terkunci') || !navigator.onLine;
  }
  function uploadFile(event) {
    var input = event.currentTarget;
    var fieldset = input.closest('fieldset');
    var message = fieldset.querySelector('[data-berkas-pesan]');
    var file = input.files && input.files[0];
    if (!file) return;
    var form = new FormData();
    form.append('file', file, file.name);
    message.hidden = false;
    message.className = 'kecil';
    message.textContent = 'Mengunggah ' + file.name + '…';
    input.disabled = true;
    fetch(input.getAttribute('data-unggah'), { method: 'POST', body: form, credentials: 'same-origin', headers: { Accept: 'application/json', 'X-CSRF-Token': csrf || '' } })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (answer) { return { ok: response.ok, answer: answer }; });
      })
      .then(function (result) {
        if (!result.ok) throw new Error(result.answer.text || 'Unggahan ditolak.');
        var item = document.createElement('li');
        var link = document.createElement('a');
        link.href = '/berkas/' + result.answer.id;
        link.target = '_blank';
        link.rel = 'noopener';
        link.textContent = result.answer.name;
        item.appendChild(link);
        fieldset.querySelector('[data-berkas-daftar]').appendChild(item);
        message.className = 'kecil';
        message.textContent = 'Terunggah: ' + result.answer.name;
      })
      .catch(function (error) {
        message.className = 'galat kecil';
        message.textContent = error && error.message && error.message !== 'Failed to fetch' ? error.message : 'Unggahan gagal: periksa sambungan internet, lalu coba lagi.';
      })
      .then(function () { input.value = ''; fileInputsState(); });
  }
  for (var u = 0; u < fileInputs.length; u++) fileInputs[u].addEventListener('change', uploadFile);
  fileInputsState();
  window.addEventListener('online', fileInputsState);
  window.addEventListener('offline', fileInputsState);

  flush();
})();
