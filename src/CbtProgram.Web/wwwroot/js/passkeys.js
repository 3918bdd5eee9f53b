// Passkeys: each <form data-passkey="create|get" data-options="..."> gets its options from the server, asks the browser
// (navigator.credentials), puts the browser's answer in the form's credentialJson field and sends the form. The server
// checks everything; this script only carries the answer. Without support the form's note stays and the button stays hidden.
(() => {
    const supported = typeof window.PublicKeyCredential === 'function'
        && typeof PublicKeyCredential.parseCreationOptionsFromJSON === 'function'
        && typeof PublicKeyCredential.parseRequestOptionsFromJSON === 'function'
        && typeof navigator.credentials !== 'undefined';

    async function ask(form) {
        const token = form.querySelector('input[name="__RequestVerificationToken"]').value;
        const response = await fetch(form.dataset.options, {
            method: 'POST',
            credentials: 'same-origin',
            body: new URLSearchParams({ __RequestVerificationToken: token }),
        });
        if (!response.ok) {
            throw new Error(`options ${response.status}`);
        }
        const options = await response.json();
        return form.dataset.passkey === 'create'
            ? navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options) })
            : navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options) });
    }

    for (const form of document.querySelectorAll('form[data-passkey]')) {
        const button = form.querySelector('[data-passkey-start]');
        const note = form.querySelector('[data-passkey-unsupported]');
        if (!supported || !button) {
            continue;
        }
        if (note) {
            note.hidden = true;
        }
        button.hidden = false;
        const start = async () => {
            button.disabled = true;
            const status = form.querySelector('[data-passkey-status]');
            if (status) {
                status.textContent = 'Follow what your device or browser asks…';
            }
            try {
                form.elements.credentialJson.value = JSON.stringify(await ask(form));
            } catch (error) {
                form.elements.error.value = error && (error.name === 'NotAllowedError' || error.name === 'AbortError') ? 'cancelled' : 'failed';
            }
            form.submit();
        };
        button.addEventListener('click', start);
        form.addEventListener('submit', (event) => {
            event.preventDefault();
            if (!button.disabled) {
                start();
            }
        });
    }
})();
