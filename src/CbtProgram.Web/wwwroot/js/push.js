// Notifications on this device, from the schedule page: subscribe with the site's VAPID key and post the subscription
// through the page's own form (so the antiforgery token and the server's checks apply), mark which listed device is
// this one, and unsubscribe the browser too when this device is turned off. Without support, it says so plainly.
(function () {
    'use strict';
    var root = document.querySelector('[data-push-key]');
    if (!root) return;
    var status = root.querySelector('[data-push-status]');
    var form = root.querySelector('[data-push-subscribe]');
    var say = function (text) { status.textContent = text; };

    if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) {
        say('This browser cannot show notifications from CbtProgram. Your reminders come by email.');
        return;
    }

    function keyBytes(base64Url) {
        var base64 = (base64Url + '===='.slice(base64Url.length % 4)).replace(/-/g, '+').replace(/_/g, '/');
        var raw = atob(base64);
        var bytes = new Uint8Array(raw.length);
        for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
        return bytes;
    }

    function toBase64Url(buffer) {
        var bytes = new Uint8Array(buffer);
        var text = '';
        for (var i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i]);
        return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    }

    // The service worker is the installable app's (service-worker.js, which loads push-worker.js); register it if the
    // page has not yet.
    function worker() {
        return navigator.serviceWorker.getRegistration('/').then(function (registration) {
            return registration || navigator.serviceWorker.register('/service-worker.js', { scope: '/' });
        }).then(function () { return navigator.serviceWorker.ready; });
    }

    function showState(subscription) {
        var listed = false;
        document.querySelectorAll('[data-push-endpoint]').forEach(function (item) {
            var mine = subscription && item.getAttribute('data-push-endpoint') === subscription.endpoint;
            item.querySelector('.push-this-device').hidden = !mine;
            listed = listed || mine;
        });
        if (Notification.permission === 'denied') {
            say('Notifications are blocked for this site in your browser settings. Allow them there to turn them on here. Your reminders come by email until then.');
            form.hidden = true;
        } else if (listed) {
            say('Notifications are on for this device.');
            form.hidden = true;
        } else {
            say('Notifications are off for this device.');
            form.hidden = false;
        }
    }

    worker().then(function (registration) {
        return registration.pushManager.getSubscription();
    }).then(showState, function () {
        say('This browser cannot show notifications from CbtProgram right now. Your reminders come by email.');
    });

    form.addEventListener('submit', function (event) {
        event.preventDefault();
        say('Asking your browser…');
        Notification.requestPermission().then(function (permission) {
            if (permission !== 'granted') throw new Error('permission');
            return worker();
        }).then(function (registration) {
            return registration.pushManager.getSubscription().then(function (existing) {
                return existing || registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(root.getAttribute('data-push-key')) });
            });
        }).then(function (subscription) {
            form.elements.Endpoint.value = subscription.endpoint;
            form.elements.P256dh.value = toBase64Url(subscription.getKey('p256dh'));
            form.elements.Auth.value = toBase64Url(subscription.getKey('auth'));
            form.submit();
        }).catch(function (error) {
            say(error && error.message === 'permission'
                ? 'Notifications were not allowed, so they stay off. Your reminders come by email.'
                : 'This browser could not turn on notifications. Your reminders come by email. You can try again later.');
        });
    });

    // Turning off this device also ends the browser's subscription, so nothing is left behind on it.
    document.querySelectorAll('[data-push-off]').forEach(function (off) {
        off.addEventListener('submit', function (event) {
            var item = off.closest('[data-push-endpoint]');
            if (!item || item.querySelector('.push-this-device').hidden) return;
            event.preventDefault();
            navigator.serviceWorker.ready.then(function (registration) {
                return registration.pushManager.getSubscription();
            }).then(function (subscription) {
                return subscription && subscription.unsubscribe();
            }).finally(function () { off.submit(); });
        });
    });
}());
