// Keeps a progress region up to date without reloading the page (the CSP allows no inline script). The region is
// the element with data-refresh="seconds"; this file fetches the same URL, swaps the region's content, and stops
// as soon as the fresh region no longer carries data-refresh (the run is finished) or a fetch fails.
(function () {
  'use strict';
  var region = document.querySelector('[data-refresh]');
  if (!region || !window.fetch || !window.DOMParser) return;
  var seconds = Math.max(1, parseInt(region.getAttribute('data-refresh'), 10) || 3);

  function refresh() {
    fetch(window.location.href, { credentials: 'same-origin', headers: { Accept: 'text/html' } })
      .then(function (response) { if (!response.ok) throw new Error(String(response.status)); return response.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, 'text/html').getElementById(region.id);
        if (!fresh) return;
        // A live region keeps its element (so screen readers announce the change); everything else is replaced.
        var live = region.querySelector('[aria-live]'), freshLive = fresh.querySelector('[aria-live]');
        if (live && freshLive) {
          live.innerHTML = freshLive.innerHTML;
          freshLive.parentNode.replaceChild(live, freshLive);
        }
        region.replaceChildren.apply(region, Array.prototype.slice.call(fresh.childNodes));
        if (fresh.hasAttribute('data-refresh')) window.setTimeout(refresh, seconds * 1000);
        else region.removeAttribute('data-refresh');
      })
      .catch(function () { /* the Vernieuwen link still works */ });
  }

  window.setTimeout(refresh, seconds * 1000);
})();
