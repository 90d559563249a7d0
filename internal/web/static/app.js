// Progressive enhancement only: every page works without this file.
document.addEventListener('change', function (e) {
  var el = e.target;
  if (el.matches && el.matches('select[data-autosubmit]') && el.form) el.form.requestSubmit();
});
document.addEventListener('click', function (e) {
  var el = e.target.closest && e.target.closest('[data-confirm]');
  if (el && !window.confirm(el.getAttribute('data-confirm'))) e.preventDefault();
});

// askAsTyped calls show with the procedures matching what input holds, from
// the search API at url, once typing pauses; an answer overtaken by more
// typing is dropped. Fewer than two letters call close instead.
function askAsTyped(input, url, show, close) {
  var timer, current;
  input.addEventListener('input', function () {
    clearTimeout(timer);
    var q = input.value.trim();
    if (q.length < 2) { close(); return; }
    timer = setTimeout(function () {
      if (current) current.abort();
      current = new AbortController();
      fetch(url + '?limit=6&q=' + encodeURIComponent(q), { signal: current.signal })
        .then(function (r) { return r.json(); })
        .then(function (d) { show(d.items || []); })
        .catch(function () {});
    }, 120);
  });
}

// Instant suggestions for the procedure search box, from the JSON API.
(function () {
  var input = document.querySelector('input[data-suggest]');
  if (!input || !window.fetch) return;
  var list = document.getElementById(input.getAttribute('aria-controls'));
  var active = -1;
  function close() { list.hidden = true; list.textContent = ''; active = -1; input.setAttribute('aria-expanded', 'false'); }
  function render(items) {
    list.textContent = '';
    items.forEach(function (it, i) {
      var li = document.createElement('li');
      li.setAttribute('role', 'option');
      var a = document.createElement('a');
      a.href = it.url; a.id = 'goi-y-' + i;
      a.textContent = it.title || it.name;
      var small = document.createElement('small');
      small.textContent = [it.field, it.time, it.fee].filter(Boolean).join(' · ');
      a.appendChild(small); li.appendChild(a); list.appendChild(li);
    });
    list.hidden = items.length === 0;
    input.setAttribute('aria-expanded', items.length ? 'true' : 'false');
  }
  askAsTyped(input, input.getAttribute('data-suggest'), render, close);
  input.addEventListener('keydown', function (e) {
    var links = list.querySelectorAll('a');
    if (!links.length) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (active >= 0) links[active].removeAttribute('aria-selected');
      active = (active + (e.key === 'ArrowDown' ? 1 : links.length - 1)) % links.length;
      links[active].setAttribute('aria-selected', 'true');
      input.setAttribute('aria-activedescendant', links[active].id);
    } else if (e.key === 'Enter' && active >= 0) {
      e.preventDefault(); window.location = links[active].href;
    } else if (e.key === 'Escape') { close(); }
  });
  document.addEventListener('click', function (e) { if (!list.contains(e.target) && e.target !== input) close(); });
})();

// Proof of work for the public feedback form and, after repeated failures,
// the login form: find a nonce whose SHA-256 with the challenge starts with
// the required zero bits, then submit. Without JavaScript (or without
// WebCrypto) the feedback form is still accepted, under a stricter limit.
(function () {
  var form = document.querySelector('form[data-pow]');
  if (!form || !(window.crypto && crypto.subtle && window.TextEncoder)) return;
  var bits = parseInt(form.getAttribute('data-pow'), 10) || 0;
  var status = form.querySelector('[data-pow-status]');
  function zeros(buf) {
    var b = new Uint8Array(buf), n = 0;
    for (var i = 0; i < b.length; i++) {
      if (b[i] === 0) { n += 8; continue; }
      for (var m = 0x80; m && !(b[i] & m); m >>= 1) n++;
      break;
    }
    return n;
  }
  form.addEventListener('submit', function (e) {
    var nonce = form.elements.nonce;
    if (nonce.value) return;
    e.preventDefault();
    var challenge = form.elements.challenge.value, enc = new TextEncoder(), i = 0;
    if (status) status.textContent = form.getAttribute('data-pow-wait') || 'Đang gửi…';
    (function step() {
      var batch = [];
      for (var k = 0; k < 256; k++, i++) batch.push(crypto.subtle.digest('SHA-256', enc.encode(challenge + ':' + i)));
      Promise.all(batch).then(function (hs) {
        for (var k = 0; k < hs.length; k++) {
          if (zeros(hs[k]) >= bits) {
            nonce.value = String(i - hs.length + k);
            form.submit();
            return;
          }
        }
        step();
      });
    })();
  });
})();

// Sharing without a third-party script: the phone's share sheet (Zalo,
// Messenger …) where the browser has one, else the link is copied.
(function () {
  var btn = document.querySelector('[data-share]');
  if (!btn || !(navigator.share || (navigator.clipboard && navigator.clipboard.writeText))) return;
  var status = document.querySelector('[data-share-status]');
  btn.hidden = false;
  btn.addEventListener('click', function () {
    var url = btn.getAttribute('data-share'), title = btn.getAttribute('data-share-title');
    if (navigator.share) {
      navigator.share({title: title, url: url}).catch(function () {});
    } else {
      navigator.clipboard.writeText(url).then(function () { if (status) status.textContent = 'Đã sao chép đường dẫn; dán vào Zalo để chia sẻ.'; });
    }
  });
})();

// Upload sizes are checked before sending: a file over its limit is named
// at once, not after minutes of upload on a phone. The server checks again.
(function () {
  function mb(n) { return (Math.round(n / 104857.6) / 10).toLocaleString('vi-VN') + ' MB'; }
  Array.prototype.forEach.call(document.querySelectorAll('form'), function (form) {
    var inputs = form.querySelectorAll('input[type=file][data-max-bytes]');
    if (!inputs.length) return;
    var note = document.createElement('p');
    note.className = 'field-error';
    note.setAttribute('role', 'alert');
    note.hidden = true;
    inputs[inputs.length - 1].insertAdjacentElement('afterend', note);
    // Capturing, so that it runs before the proof of work starts.
    form.addEventListener('submit', function (e) {
      var total = 0, problem = '', at = null;
      Array.prototype.forEach.call(inputs, function (input) {
        var max = parseInt(input.getAttribute('data-max-bytes'), 10);
        Array.prototype.forEach.call(input.files || [], function (f) {
          total += f.size;
          if (!problem && f.size > max) {
            problem = 'Tệp “' + f.name + '” nặng ' + mb(f.size) + ', quá giới hạn ' + mb(max) + ' mỗi tệp. Vui lòng chọn tệp nhỏ hơn.';
            at = input;
          }
        });
      });
      var limit = parseInt(form.getAttribute('data-max-total'), 10);
      if (!problem && limit && total > limit) {
        problem = 'Các tệp đã chọn nặng ' + mb(total) + ', quá giới hạn ' + mb(limit) + ' mỗi lần gửi. Vui lòng bỏ bớt tệp.';
        at = inputs[0];
      }
      note.hidden = !problem;
      note.textContent = problem;
      if (problem) {
        e.preventDefault();
        e.stopImmediatePropagation();
        at.setAttribute('aria-invalid', 'true');
        at.focus();
      }
    }, true);
  });
})();

// A page with an error summary opens on it, so the person hears and sees
// what to fix first (GOV.UK's error summary).
(function () {
  var s = document.querySelector('.error-summary');
  if (s) s.focus();
})();

// The officials' menu folds behind a "Menu" button on a phone.
(function () {
  var nav = document.querySelector('nav[data-fold]');
  var button = document.querySelector('.menu-toggle');
  if (!nav || !button) return;
  var phone = window.matchMedia('(max-width: 47.99rem)');
  function fit() {
    button.hidden = !phone.matches;
    nav.classList.toggle('folded', phone.matches && button.getAttribute('aria-expanded') !== 'true');
  }
  button.addEventListener('click', function () {
    button.setAttribute('aria-expanded', button.getAttribute('aria-expanded') === 'true' ? 'false' : 'true');
    fit();
  });
  phone.addEventListener('change', fit);
  fit();
})();

// "Sao chép": copies the text of the element named by data-copy.
(function () {
  if (!navigator.clipboard) return;
  document.querySelectorAll('[data-copy]').forEach(function (b) {
    b.hidden = false;
    b.addEventListener('click', function () {
      var el = document.querySelector(b.getAttribute('data-copy'));
      navigator.clipboard.writeText(el.textContent.trim()).then(function () { b.textContent = 'Đã sao chép'; });
    });
  });
})();

// A procedure picker: type a few words, choose one; the form sends its code.
(function () {
  var box = document.querySelector('[data-picker]');
  if (!box || !window.fetch) return;
  var input = box.querySelector('input[type=text]'), code = box.querySelector('input[type=hidden]');
  var list = box.querySelector('ul');
  input.setAttribute('role', 'combobox'); input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false'); input.setAttribute('aria-controls', list.id);
  function close() { list.hidden = true; list.textContent = ''; input.setAttribute('aria-expanded', 'false'); }
  input.addEventListener('input', function () { code.value = ''; }); // typing again unpicks
  askAsTyped(input, box.getAttribute('data-picker'), function (items) {
    list.textContent = '';
    items.forEach(function (it) {
      var li = document.createElement('li'), b = document.createElement('button');
      b.type = 'button'; b.className = 'link'; b.textContent = it.title || it.name; b.setAttribute('role', 'option');
      b.addEventListener('click', function () { input.value = it.title || it.name; code.value = it.code; close(); input.focus(); });
      li.appendChild(b); list.appendChild(li);
    });
    list.hidden = !items.length;
    input.setAttribute('aria-expanded', String(items.length > 0));
  }, close);
  document.addEventListener('click', function (e) { if (!box.contains(e.target)) close(); });
})();

// The article editor's toolbar: format the selection without knowing Markdown.
(function () {
  var body = document.querySelector('textarea#body');
  if (!body || !body.form || !body.form.querySelector('#column_id')) return;
  var tools = [
    ['Đậm', '**', '**', 'chữ đậm'], ['Nghiêng', '*', '*', 'chữ nghiêng'],
    ['Tiêu đề', '\n## ', '\n', 'Tiêu đề mục'], ['Danh sách', '\n- ', '', 'ý thứ nhất'],
    ['Liên kết', '[', '](https://)', 'chữ dẫn tới trang'], ['Ảnh', '![', '](/anh/)', 'mô tả ảnh']
  ];
  var bar = document.createElement('div');
  bar.className = 'editor-tools'; bar.setAttribute('role', 'toolbar'); bar.setAttribute('aria-label', 'Định dạng nội dung');
  tools.forEach(function (t) {
    var b = document.createElement('button');
    b.type = 'button'; b.className = 'secondary'; b.textContent = t[0];
    b.addEventListener('click', function () {
      var s = body.selectionStart, e = body.selectionEnd, v = body.value;
      var picked = v.slice(s, e) || t[3];
      body.value = v.slice(0, s) + t[1] + picked + t[2] + v.slice(e);
      body.focus();
      body.setSelectionRange(s + t[1].length, s + t[1].length + picked.length);
    });
    bar.appendChild(b);
  });
  body.parentNode.insertBefore(bar, body);
})();

// Question pages: a form marked data-steps shows one [data-step] section at
// a time, checks what that page needs (its data-need-* attributes name the
// fields and carry the server's own messages) before moving on, and ends on
// a summary of the answers above the send button. Without JavaScript it is
// one page; when the server sends it back with errors, it opens on the first
// page that has one, and the summary's links open the page of their field.
(function () {
  var form = document.querySelector('form[data-steps]');
  if (!form) return;
  var steps = [].slice.call(form.querySelectorAll('[data-step]'));
  var progress = form.querySelector('[data-step-progress]');
  var answers = form.querySelector('[data-answers]');
  var cur = 0;
  form.querySelectorAll('[data-step-nav]').forEach(function (p) { p.hidden = false; });
  if (progress) progress.hidden = false;
  if (answers) answers.hidden = false;

  function stepOf(el) { return steps.findIndex(function (s) { return s.contains(el); }); }
  function fields(name) { return [].slice.call(form.querySelectorAll('[name="' + name + '"]')); }
  function filled(name) {
    return fields(name).some(function (el) {
      return el.type === 'radio' || el.type === 'checkbox' ? el.checked : el.value.trim() !== '';
    });
  }
  function labelText(el) {
    var l = el.id && form.querySelector('label[for="' + el.id + '"]');
    if (!l) { var fs = el.closest('fieldset'); l = fs && fs.querySelector('legend'); }
    return l ? l.textContent.replace(/\s*\(không bắt buộc[^)]*\)/, '').trim() : el.name;
  }
  function clearErrors(step) {
    step.querySelectorAll('.field-error[data-client], .error-summary[data-client]').forEach(function (e) { e.remove(); });
    step.querySelectorAll('[aria-invalid][data-client]').forEach(function (e) { e.removeAttribute('aria-invalid'); e.removeAttribute('data-client'); });
  }
  // check shows, above the page and beside each field, what is missing.
  function check(step) {
    clearErrors(step);
    var missing = [];
    Object.keys(step.dataset).forEach(function (k) {
      if (k.indexOf('need') !== 0) return;
      var names = k.slice(4).split('Or').map(function (n) { return n.charAt(0).toLowerCase() + n.slice(1); });
      if (names.some(filled)) return;
      var el = fields(names[0])[0];
      if (!el) return;
      missing.push({ el: el, msg: step.dataset[k] });
    });
    if (!missing.length) return true;
    var box = document.createElement('div');
    box.className = 'error-summary'; box.setAttribute('role', 'alert'); box.tabIndex = -1; box.setAttribute('data-client', '');
    var h = document.createElement('h2'); h.textContent = 'Cần sửa trước khi tiếp tục'; box.appendChild(h);
    var ul = document.createElement('ul'); box.appendChild(ul);
    missing.forEach(function (m, i) {
      var id = (m.el.id || m.el.name) + '-loi-' + i;
      var p = document.createElement('p');
      p.className = 'field-error'; p.id = id; p.textContent = m.msg; p.setAttribute('data-client', '');
      var at = m.el.closest('fieldset') || m.el.closest('label.radio') || m.el;
      at.insertAdjacentElement('afterend', p);
      m.el.setAttribute('aria-invalid', 'true'); m.el.setAttribute('data-client', '');
      var li = document.createElement('li'), a = document.createElement('a');
      a.href = '#' + (m.el.id || id); a.textContent = m.msg;
      a.addEventListener('click', function (e) { e.preventDefault(); m.el.focus(); });
      li.appendChild(a); ul.appendChild(li);
    });
    step.insertBefore(box, step.firstElementChild.nextSibling);
    box.focus();
    return false;
  }
  function summarise() {
    if (!answers) return;
    answers.textContent = '';
    var seen = {};
    steps.slice(0, -1).forEach(function (step, i) {
      step.querySelectorAll('input, select, textarea').forEach(function (el) {
        if (!el.name || el.type === 'hidden' || seen[el.name]) return;
        var v = '';
        if (el.type === 'radio' || el.type === 'checkbox') {
          var on = fields(el.name).filter(function (x) { return x.checked; })[0];
          if (el.type === 'checkbox') { v = on ? 'Đồng ý' : ''; } else if (on) { v = on.parentNode.textContent.trim(); }
        } else if (el.tagName === 'SELECT') {
          v = el.value ? el.options[el.selectedIndex].textContent : '';
        } else { v = el.value.trim(); }
        seen[el.name] = true;
        if (!v) return;
        var dt = document.createElement('dt'), dd = document.createElement('dd'), edit = document.createElement('button');
        dt.textContent = el.type === 'checkbox' ? 'Đồng ý xử lý thông tin' : labelText(el);
        dd.textContent = v;
        edit.type = 'button'; edit.className = 'link'; edit.textContent = 'Sửa';
        edit.setAttribute('aria-label', 'Sửa ' + dt.textContent);
        edit.addEventListener('click', function () { show(i, el); });
        dd.appendChild(document.createTextNode(' ')); dd.appendChild(edit);
        answers.appendChild(dt); answers.appendChild(dd);
      });
    });
  }
  function show(i, focusEl) {
    cur = i;
    steps.forEach(function (s, j) { s.hidden = j !== i; });
    if (progress) progress.textContent = 'Bước ' + (i + 1) + ' trên ' + steps.length;
    if (i === steps.length - 1) summarise();
    var target = focusEl || steps[i].querySelector('h2[tabindex]');
    if (target) target.focus();
  }
  form.addEventListener('click', function (e) {
    if (e.target.matches('[data-next]')) {
      e.preventDefault();
      if (check(steps[cur])) show(cur + 1);
    } else if (e.target.matches('[data-back]')) {
      e.preventDefault();
      show(Math.max(cur - 1, 0));
    }
  });
  // Enter in a text field moves on rather than sending half a form.
  form.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && e.target.tagName === 'INPUT' && cur < steps.length - 1) {
      e.preventDefault();
      if (check(steps[cur])) show(cur + 1);
    }
  });
  // The server's summary (above the form) links to fields on other pages.
  document.querySelectorAll('.error-summary a[href^="#"]').forEach(function (a) {
    a.addEventListener('click', function () {
      var el = document.getElementById(a.getAttribute('href').slice(1));
      if (el && stepOf(el) >= 0) show(stepOf(el), el);
    });
  });
  var first = steps.findIndex(function (s) {
    return [].some.call(s.querySelectorAll('.field-error'), function (p) { return p.textContent.trim() !== ''; });
  });
  steps.forEach(function (s, j) { s.hidden = j !== Math.max(first, 0); });
  cur = Math.max(first, 0);
  if (progress) progress.textContent = 'Bước ' + (cur + 1) + ' trên ' + steps.length;
  if (cur === steps.length - 1) summarise();
  form.setAttribute('data-ready', ''); // app.css lays out the first page until now
})();

// The contest paper: each choice is saved as it is made (the same form,
// posted in the background), and the time left counts down from the
// server's figure; at zero the page goes to the review, where the server
// has already closed the paper. Without JavaScript the buttons save.
(function () {
  var form = document.querySelector('form[data-autosave]');
  var status = document.querySelector('[data-save-status]');
  if (form) {
    form.addEventListener('change', function (e) {
      var q = e.target.closest('fieldset.question');
      if (!q) return;
      var data = new URLSearchParams();
      data.append('csrf', form.querySelector('input[name=csrf]').value);
      data.append('q', q.querySelector('input[name=q]').value);
      Array.prototype.forEach.call(q.querySelectorAll('input:checked'), function (i) { data.append(i.name, i.value); });
      if (status) status.textContent = 'Đang lưu…';
      fetch(form.action, {method: 'POST', body: data, credentials: 'same-origin', headers: {'X-Autosave': '1'}})
        .then(function (r) {
          if (r.status === 204) { if (status) status.textContent = 'Đã lưu câu trả lời.'; return; }
          return r.json().then(function (d) { if (status) status.textContent = d.message || 'Chưa lưu được; bấm nút bên dưới để lưu.'; });
        })
        .catch(function () { if (status) status.textContent = 'Mất kết nối: câu trả lời sẽ được lưu khi bấm nút bên dưới.'; });
    });
  }
  var timer = document.querySelector('[data-deadline]');
  if (!timer) return;
  var shown = timer.querySelector('[data-countdown]');
  var end = Date.now() + 1000 * (parseInt(timer.getAttribute('data-deadline'), 10) || 0);
  function pad(n) { return (n < 10 ? '0' : '') + n; }
  (function tick() {
    var left = Math.max(0, Math.round((end - Date.now()) / 1000));
    var text = (left >= 3600 ? Math.floor(left / 3600) + ':' : '') + pad(Math.floor(left / 60) % 60) + ':' + pad(left % 60);
    if (shown) shown.textContent = text;
    if (left === 60) timer.setAttribute('aria-live', 'assertive');
    if (left > 0) { setTimeout(tick, 1000); return; }
    var done = document.getElementById(timer.getAttribute('data-submit'));
    if (done && done.method === 'get') done.submit(); else location.reload();
  })();
})();

// Recording a bulletin: MediaRecorder captures the microphone while a meter
// shows the level; the take is decoded, mixed to mono at 16 kHz, brought to
// a steady peak and sent as WAV (the server checks and normalises it), after
// the official has listened to it.
(function () {
  document.querySelectorAll('[data-recorder]').forEach(function (box) {
    if (!window.MediaRecorder || !navigator.mediaDevices || !window.AudioContext) return;
    box.hidden = false;
    var q = function (s) { return box.querySelector(s); };
    var rec, stream, ctx, chunks = [], wav = null, timer, started;
    var status = function (t) { q('[data-status]').textContent = t; };
    q('[data-record]').addEventListener('click', function () {
      navigator.mediaDevices.getUserMedia({ audio: true }).then(function (s) {
        stream = s; chunks = [];
        ctx = new AudioContext();
        var analyser = ctx.createAnalyser();
        analyser.fftSize = 1024;
        ctx.createMediaStreamSource(s).connect(analyser);
        var buf = new Float32Array(analyser.fftSize);
        var meter = function () {
          if (!rec || rec.state !== 'recording') return;
          analyser.getFloatTimeDomainData(buf);
          var sum = 0;
          for (var i = 0; i < buf.length; i++) sum += buf[i] * buf[i];
          q('[data-level]').value = Math.min(1, Math.sqrt(sum / buf.length) * 4);
          var secs = Math.floor((Date.now() - started) / 1000);
          q('[data-elapsed]').textContent = Math.floor(secs / 60) + ':' + String(secs % 60).padStart(2, '0');
          requestAnimationFrame(meter);
        };
        rec = new MediaRecorder(s);
        rec.ondataavailable = function (e) { if (e.data.size) chunks.push(e.data); };
        rec.onstop = finish;
        rec.start(250);
        started = Date.now();
        meter();
        q('[data-record]').disabled = true; q('[data-stop]').disabled = false;
        q('[data-take]').hidden = true;
        status('Đang ghi âm… Nói rõ, cách micro khoảng một gang tay.');
      }).catch(function () { status('Không dùng được micro. Vui lòng cho phép trình duyệt dùng micro, hoặc tải tệp lên.'); });
    });
    q('[data-stop]').addEventListener('click', function () { if (rec) rec.stop(); });
    function finish() {
      stream.getTracks().forEach(function (t) { t.stop(); });
      q('[data-record]').disabled = false; q('[data-stop]').disabled = true;
      status('Đang xử lý bản ghi…');
      new Blob(chunks).arrayBuffer().then(function (ab) { return ctx.decodeAudioData(ab); }).then(function (audio) {
        wav = encodeWAV(audio, 16000);
        q('[data-preview]').src = URL.createObjectURL(wav);
        q('[data-take]').hidden = false;
        status('Nghe lại bản ghi; nếu được, bấm “Lưu bản ghi này”.');
      }).catch(function () { status('Không đọc được bản ghi. Vui lòng ghi lại.'); });
    }
    q('[data-again]').addEventListener('click', function () { q('[data-take]').hidden = true; wav = null; status(''); });
    q('[data-save]').addEventListener('click', function () {
      if (!wav) return;
      var fd = new FormData();
      fd.append('csrf', box.dataset.csrf);
      fd.append('source', 'recording');
      fd.append('audio', wav, 'ghi-am.wav');
      status('Đang lưu…');
      fetch(box.dataset.action, { method: 'POST', body: fd, credentials: 'same-origin' }).then(function (res) {
        if (res.redirected) { window.location = res.url; return; }
        return res.text().then(function (html) {
          var err = new DOMParser().parseFromString(html, 'text/html').querySelector('.field-error');
          status(err ? err.textContent : 'Không lưu được bản ghi. Vui lòng thử lại.');
        });
      }).catch(function () { status('Mất kết nối. Vui lòng thử lại.'); });
    });
  });
  function encodeWAV(audio, rate) {
    var n = Math.floor(audio.length * rate / audio.sampleRate), mono = new Float32Array(n), peak = 0;
    for (var i = 0; i < n; i++) {
      var src = Math.floor(i * audio.sampleRate / rate), v = 0;
      for (var c = 0; c < audio.numberOfChannels; c++) v += audio.getChannelData(c)[src];
      mono[i] = v / audio.numberOfChannels;
      peak = Math.max(peak, Math.abs(mono[i]));
    }
    var gain = peak > 0 ? 0.89 / peak : 1, out = new DataView(new ArrayBuffer(44 + n * 2));
    var str = function (o, s) { for (var k = 0; k < s.length; k++) out.setUint8(o + k, s.charCodeAt(k)); };
    str(0, 'RIFF'); out.setUint32(4, 36 + n * 2, true); str(8, 'WAVEfmt ');
    out.setUint32(16, 16, true); out.setUint16(20, 1, true); out.setUint16(22, 1, true);
    out.setUint32(24, rate, true); out.setUint32(28, rate * 2, true); out.setUint16(32, 2, true); out.setUint16(34, 16, true);
    str(36, 'data'); out.setUint32(40, n * 2, true);
    for (var j = 0; j < n; j++) out.setInt16(44 + j * 2, Math.max(-1, Math.min(1, mono[j] * gain)) * 32767, true);
    return new Blob([out], { type: 'audio/wav' });
  }
})();

// The field app (officials only; static/outbox.js holds the outbox): the
// service worker, the last-seen copy's date, forms saved on the phone when
// there is no network and sent when it returns.
(function () {
  if (typeof cchcOutbox === 'undefined' || !window.indexedDB) return;
  var ob = cchcOutbox;
  var meta = function (n) { var m = document.querySelector('meta[name="' + n + '"]'); return m ? m.content : ''; };
  var zone = { timeZone: 'Asia/Ho_Chi_Minh' };
  function day(d) {
    var p = {};
    new Intl.DateTimeFormat('en-GB', { timeZone: zone.timeZone, day: '2-digit', month: '2-digit', year: 'numeric' })
      .formatToParts(d).forEach(function (x) { p[x.type] = x.value; });
    return p.day + '/' + p.month + '/' + p.year;
  }
  function clock(d) {
    return new Intl.DateTimeFormat('en-GB', { timeZone: zone.timeZone, hour: '2-digit', minute: '2-digit', hour12: false }).format(d);
  }
  // when says "08:15 hôm nay", "08:15 hôm qua" or "08:15 ngày 03/12/2026".
  function when(d) {
    var now = new Date(), y = new Date(now.getTime() - 864e5);
    if (day(d) === day(now)) return clock(d) + ' hôm nay';
    if (day(d) === day(y)) return clock(d) + ' hôm qua';
    return clock(d) + ' ngày ' + day(d);
  }

  var saved = document.documentElement.getAttribute('data-saved-at');
  var note = document.querySelector('[data-offline-note]');
  if (saved && note) {
    note.textContent = 'Không có mạng: anh/chị đang xem bản lưu trên máy. Dữ liệu lúc ' + when(new Date(+saved)) + '.';
    note.hidden = false;
  }

  if ('serviceWorker' in navigator && document.querySelector('link[rel="manifest"]')) {
    navigator.serviceWorker.register('/sw.js').then(function () { return navigator.serviceWorker.ready; }).then(function (reg) {
      var pages = meta('offline-pages').split(' ').filter(Boolean), last = +(localStorage.getItem('cchc-warmed') || 0);
      if (navigator.onLine && !saved && pages.length && Date.now() - last > 10 * 60e3 && reg.active) {
        localStorage.setItem('cchc-warmed', String(Date.now()));
        reg.active.postMessage({ warm: pages });
      }
    }).catch(function () {});
  }
  document.addEventListener('submit', function (e) {
    if (e.target.action && /\/dang-xuat$/.test(e.target.action)) {
      localStorage.removeItem('cchc-warmed');
      if (navigator.serviceWorker && navigator.serviceWorker.controller) navigator.serviceWorker.controller.postMessage({ forget: true });
    }
  });

  var badge = document.querySelector('[data-outbox-count]');
  function count() {
    return ob.list().then(function (all) {
      if (badge) {
        badge.hidden = !all.length;
        badge.querySelector('.count').textContent = all.length;
        badge.setAttribute('aria-label', all.length + ' nội dung chưa gửi');
      }
      return all;
    });
  }

  // send flushes the outbox with this page's CSRF token (a new login's).
  function send() {
    if (!navigator.onLine) return Promise.resolve(0);
    return ob.flush(saved ? '' : meta('csrf')).then(function (n) {
      return count().then(function () { showList(); return n; });
    });
  }

  // shrink makes a photo at most 1600 px on its longer side, as JPEG, before
  // it waits on the phone: less to store and to send on a weak signal.
  function shrink(file) {
    if (!/^image\/(jpeg|png)$/.test(file.type) || !window.createImageBitmap) return Promise.resolve(file);
    return createImageBitmap(file).then(function (img) {
      var k = Math.min(1, 1600 / Math.max(img.width, img.height));
      if (k === 1 && file.type === 'image/jpeg') return file;
      var c = document.createElement('canvas');
      c.width = Math.round(img.width * k);
      c.height = Math.round(img.height * k);
      c.getContext('2d').drawImage(img, 0, 0, c.width, c.height);
      return new Promise(function (ok) { c.toBlob(function (b) { ok(b || file); }, 'image/jpeg', 0.85); });
    }).then(function (b) {
      return b === file ? { blob: file, name: file.name } : { blob: b, name: file.name.replace(/\.\w+$/, '') + '.jpg' };
    }, function () { return { blob: file, name: file.name }; });
  }

  // entry reads a form into an outbox entry; a correction keeps its key,
  // and its photos unless new ones were chosen.
  function entry(form, old) {
    var fields = [], waits = [], fresh = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.disabled || el.type === 'submit' || el.type === 'button') return;
      if ((el.type === 'checkbox' || el.type === 'radio') && !el.checked) return;
      if (el.type === 'file') {
        Array.prototype.forEach.call(el.files, function (f) {
          fresh[el.name] = true;
          var at = fields.length;
          fields.push(null);
          waits.push(shrink(f).then(function (v) { fields[at] = [el.name, v.blob ? v : { blob: v, name: f.name }]; }));
        });
        return;
      }
      if (el.tagName === 'SELECT' && el.multiple) {
        Array.prototype.forEach.call(el.selectedOptions, function (o) { fields.push([el.name, o.value]); });
        return;
      }
      fields.push([el.name, el.value]);
    });
    return Promise.all(waits).then(function () {
      if (old) old.fields.forEach(function (f) { if (f[1] && f[1].blob && !fresh[f[0]]) fields.push(f); });
      return {
        id: old ? old.id : undefined, key: old ? old.key : ob.newKey(), url: form.action, page: location.pathname,
        title: form.getAttribute('data-offline') || document.title, fields: fields, savedAt: Date.now(), state: ob.WAITING, error: ''
      };
    });
  }

  function say(form, text, alert) {
    var p = document.querySelector('[data-outbox-said]');
    if (!p) {
      p = document.createElement('div');
      p.setAttribute('data-outbox-said', '');
      form.parentNode.insertBefore(p, form);
    }
    p.className = alert ? 'field-error' : 'flash';
    p.setAttribute('role', alert ? 'alert' : 'status');
    p.textContent = text;
    if (!alert) {
      var a = document.createElement('a');
      a.href = '/quan-ly/chua-gui';
      a.textContent = 'Xem nội dung chưa gửi';
      p.appendChild(document.createTextNode(' '));
      p.appendChild(a);
    }
    p.tabIndex = -1;
    p.focus();
  }

  // A form marked data-offline is kept on the phone whenever it cannot go
  // now; online, it is sent as usual with its key, and a refusal shows the
  // server's page as any form would.
  Array.prototype.forEach.call(document.querySelectorAll('form[data-offline]'), function (form) {
    var fix = +new URLSearchParams(location.search).get('hop-thu'), old = null;
    if (fix) {
      ob.get(fix).then(function (e) {
        if (!e) return;
        old = e;
        e.fields.forEach(function (f) {
          if (f[0] === 'csrf' || (f[1] && f[1].blob)) return;
          Array.prototype.forEach.call(form.elements, function (el) {
            if (el.name !== f[0] || el.type === 'file') return;
            if (el.type === 'checkbox' || el.type === 'radio') { if (el.value === f[1]) el.checked = true; } else el.value = f[1];
          });
        });
        if (e.error) say(form, e.error, true);
      });
    }
    form.addEventListener('submit', function (ev) {
      if (ev.defaultPrevented) return;
      ev.preventDefault();
      entry(form, old).then(function (e) {
        if (e.id === undefined) delete e.id;
        return ob.put(e).then(function (id) { e.id = id; return e; });
      }).then(function (e) {
        if (!navigator.onLine) return 'later';
        return fetch(e.url, { method: 'POST', body: (function () {
          var fd = new FormData();
          e.fields.forEach(function (f) { if (f[1] && f[1].blob) fd.append(f[0], f[1].blob, f[1].name); else fd.append(f[0], f[1]); });
          return fd;
        })(), headers: { 'Idempotency-Key': e.key }, credentials: 'same-origin' }).then(function (r) {
          if (r.ok || r.redirected) {
            // The page the server sent on (with its "done" message, which a
            // second load would no longer carry), drawn in place.
            return ob.remove(e.id).then(function () { return r.text(); }).then(function (html) {
              if (r.redirected) history.replaceState(null, '', r.url);
              document.open(); document.write(html); document.close();
              return 'sent';
            });
          }
          if (r.status === 422 || r.status === 400) {
            return ob.remove(e.id).then(function () { return r.text(); }).then(function (html) {
              document.open(); document.write(html); document.close(); // the refused form, as the server drew it
              return 'shown';
            });
          }
          return 'later';
        }, function () { return 'later'; });
      }).then(function (what) {
        if (what !== 'later') return;
        count();
        old = null;
        form.reset();
        say(form, 'Chưa gửi — sẽ tự gửi khi có mạng.', false);
        if (navigator.serviceWorker) navigator.serviceWorker.ready.then(function (reg) {
          if (reg.sync) return reg.sync.register('cchc-outbox');
        }).catch(function () {});
      }).catch(function () { say(form, 'Không lưu được trên máy này. Vui lòng thử lại.', true); });
    });
  });

  // The outbox page lists what waits, with each refusal's message.
  var box = document.querySelector('[data-outbox-page]');
  function showList() {
    if (!box) return;
    ob.list().then(function (all) {
      var ol = box.querySelector('[data-outbox-list]');
      box.querySelector('[data-outbox-empty]').hidden = all.length > 0;
      box.querySelector('[data-outbox-send]').hidden = !all.length;
      ol.textContent = '';
      all.forEach(function (e) {
        var li = document.createElement('li'), h = document.createElement('strong'), p = document.createElement('p');
        li.setAttribute('data-outbox-entry', e.state);
        h.textContent = e.title;
        p.className = 'muted';
        p.textContent = 'Ghi lúc ' + when(new Date(e.savedAt)) + '. ' + (e.state === ob.WAITING ? 'Chưa gửi — sẽ tự gửi khi có mạng.' : '');
        li.appendChild(h);
        li.appendChild(p);
        if (e.error) {
          var m = document.createElement('p');
          m.className = 'field-error';
          m.textContent = e.error;
          li.appendChild(m);
        }
        var tools = document.createElement('p');
        if (e.state === ob.REFUSED) {
          var fix = document.createElement('a');
          fix.href = e.page + '?hop-thu=' + e.id;
          fix.className = 'button';
          fix.textContent = 'Sửa';
          tools.appendChild(fix);
          tools.appendChild(document.createTextNode(' '));
        }
        if (e.state === ob.SIGNIN) {
          var login = document.createElement('a');
          login.href = '/dang-nhap?tiep=/quan-ly/chua-gui';
          login.textContent = 'Đăng nhập lại';
          tools.appendChild(login);
          tools.appendChild(document.createTextNode(' '));
        }
        var drop = document.createElement('button');
        drop.type = 'button';
        drop.className = 'secondary';
        drop.textContent = 'Bỏ nội dung này';
        drop.addEventListener('click', function () {
          if (window.confirm('Bỏ “' + e.title + '”? Nội dung này sẽ không được gửi.')) ob.remove(e.id).then(count).then(showList);
        });
        tools.appendChild(drop);
        li.appendChild(tools);
        ol.appendChild(li);
      });
    });
  }
  if (box) {
    box.querySelector('[data-outbox-send]').addEventListener('click', function () {
      if (!navigator.onLine) { window.alert('Chưa có mạng. Nội dung sẽ tự gửi khi có mạng.'); return; }
      send();
    });
  }
  window.addEventListener('online', send);
  count().then(function (all) { showList(); if (all.length && !saved) send(); });
})();
