// The exam page's service worker: a load of the page or of its files that fails (the server out of reach, or a
// proxy answering 5xx for it) is answered from the copies the page keeps in the cache; otherwise the network's
// answer is used.
// Nothing else is touched: the API's requests go to the network as they would without it.
const CACHE = 'examengine-exam-page';

self.addEventListener('install', () => self.skipWaiting());

self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin
    || !(url.pathname.startsWith('/exam/') || url.pathname.startsWith('/assets/'))) {
    return;
  }
  event.respondWith(fetch(request).then(
    // A proxy in front of a server that is down answers 502-504 itself: as unreachable as no answer.
    (response) => (response.status >= 500 ? kept(request).then((copy) => copy || response) : response),
    (failure) => kept(request).then((copy) => {
      if (copy) {
        return copy;
      }
      throw failure;
    }),
  ));
});

function kept(request) {
  return caches.open(CACHE).then((cache) => cache.match(request, { ignoreSearch: true }));
}
