// drill.js — the statistics drill-down list (/desk/thong-ke/ho-so) on a phone. There each row
// is stacked as a card, so a page of 50 is a very long scroll: a narrow screen (the width at
// which motcua.css stacks the table) asks for the smaller page size the page names
// (data-narrow-size, from pages_stats_drill.c) when the address names no size, keeping the
// first row it would have shown. Without the script the page keeps its 50 rows and offers the
// page sizes as links, and the paging links keep whichever size was chosen.
(function () {
  'use strict';
  var list = document.getElementById('drill');
  if (!list || !window.matchMedia || !window.URL) return;
  var url = new URL(window.location.href);
  var narrow = +list.getAttribute('data-narrow-size');
  var size = +list.getAttribute('data-size');
  if (url.searchParams.has('n') || !narrow || !size || !window.matchMedia('(max-width: 40rem)').matches) return;
  var page = +(url.searchParams.get('page') || 1);
  url.searchParams.set('n', String(narrow));
  url.searchParams.set('page', String(Math.floor(((page - 1) * size) / narrow) + 1));
  window.location.replace(url.href);
})();
