// Push reminders' handlers (push, notificationclick) for the service worker, which loads this file first.
// A placeholder until push reminders are built; it must stay valid script so the service worker installs.
