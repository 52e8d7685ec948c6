// desk.js — progressive enhancement of the counter's reception form. Without it the officer
// presses "Tìm theo CCCD" and the page comes back with the returning applicant filled in.
// With it the same request is made when the CCCD field loses the focus, the fields still
// empty are filled from the answer, and its notice is announced; the button is hidden so that
// the keyboard path stays as short as for a new applicant. Nothing typed is ever replaced.
(function () {
  'use strict';
  var form = document.getElementById('reception');
  var id = document.getElementById('applicant_id_number');
  var button = document.getElementById('lookup');
  var slot = document.getElementById('known-slot');
  if (!form || !id || !button || !slot || !window.fetch || !window.DOMParser) return;
  button.hidden = true;
  var fields = ['applicant_name', 'applicant_birth_date', 'applicant_phone', 'applicant_email', 'applicant_address'];
  var asked = '';
  id.addEventListener('blur', function () {
    var value = id.value.trim();
    if (!/^[0-9]{9,13}$/.test(value) || value === asked) return;
    asked = value;
    var body = new URLSearchParams(new FormData(form));
    body.set('lookup', '1');
    fetch(form.getAttribute('action'), { method: 'POST', body: body, credentials: 'same-origin' })
      .then(function (res) { return res.text(); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, 'text/html');
        var known = doc.getElementById('known');
        if (!known || id.value.trim() !== value) return;
        fields.forEach(function (name) {
          var mine = document.getElementById(name), theirs = doc.getElementById(name);
          if (mine && theirs && !mine.value) mine.value = theirs.value;
        });
        slot.replaceChildren(document.importNode(known, true));
      })
      .catch(function () { button.hidden = false; });
  });
})();
