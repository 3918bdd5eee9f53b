importScripts('/js/push-worker.js');
