/**
 * Lit falls back to `<style>` elements where constructable stylesheets are missing; under our
 * CSP those need the page's nonce, which Lit reads from `window.litNonce` when it adopts styles.
 * The nonce is taken from our own script tag, so the page needs no inline script.
 */
declare global {
  interface Window {
    litNonce?: string;
  }
}

const nonce = document.querySelector<HTMLScriptElement>("script[nonce]")?.nonce;
if (nonce) window.litNonce = nonce;

export {};
