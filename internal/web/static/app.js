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
