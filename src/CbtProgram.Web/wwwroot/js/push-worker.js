// Push reminders in the service worker (loaded by service-worker.js with importScripts). The server sends JSON:
// { title, body, url, tag }. The text says only that something is ready; clicking opens (or focuses) that page.
self.addEventListener('push', function (event) {
    var message = {};
    try {
        message = event.data ? event.data.json() : {};
    } catch (e) {
        message = { body: event.data ? event.data.text() : '' };
    }
    var url = typeof message.url === 'string' && message.url.charAt(0) === '/' ? message.url : '/patient';
    event.waitUntil(self.registration.showNotification(message.title || 'CbtProgram', {
        body: message.body || 'Something is ready for you in CbtProgram.',
        tag: message.tag || 'cbtprogram',
        data: { url: url },
    }));
});

self.addEventListener('notificationclick', function (event) {
    event.notification.close();
    var url = new URL((event.notification.data && event.notification.data.url) || '/patient', self.location.origin).href;
    event.waitUntil(self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then(function (windows) {
        for (var i = 0; i < windows.length; i++) {
            if (windows[i].url === url && 'focus' in windows[i]) return windows[i].focus();
        }
        for (var j = 0; j < windows.length; j++) {
            if ('navigate' in windows[j] && new URL(windows[j].url).origin === self.location.origin) {
                return windows[j].navigate(url).then(function (client) { return client && client.focus(); });
            }
        }
        return self.clients.openWindow(url);
    }));
});
