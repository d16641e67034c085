// What the window tells the user besides the figures: the status line (an error or a note that
// stays until dismissed), the toast (a short confirmation, optionally with an action such as
// Undo) and the confirmation dialog (a question answered with a promise).

import { toBackendError } from '../backend';

export interface ToastAction {
  label: string;
  run: () => void;
}

/** How long a toast stays, without and with an action (ms). */
const TOAST_MS = 3000;
const TOAST_WITH_ACTION_MS = 8000;

export class Notices {
  status = $state<{ kind: 'error' | 'info'; text: string } | null>(null);
  toast = $state<{ text: string; action?: ToastAction } | null>(null);
  confirm = $state<{ text: string; ok: string; resolve: (ok: boolean) => void } | null>(null);
  #toastTimer: ReturnType<typeof setTimeout> | undefined;

  /** Shows `text` as an error in the status line. */
  error(text: string) {
    this.status = { kind: 'error', text };
  }

  /** Shows a failed call's message in the status line, after `prefix` when given. */
  showError(e: unknown, prefix = '') {
    const be = toBackendError(e);
    this.error(prefix ? `${prefix}: ${be.message}` : be.message);
  }

  clearStatus() {
    this.status = null;
  }

  showToast(text: string, action?: ToastAction) {
    this.toast = { text, action };
    clearTimeout(this.#toastTimer);
    this.#toastTimer = setTimeout(() => (this.toast = null), action ? TOAST_WITH_ACTION_MS : TOAST_MS);
  }

  /** Runs the toast's action (and closes the toast). */
  runToastAction() {
    const run = this.toast?.action?.run;
    this.toast = null;
    run?.();
  }

  /** Asks a yes/no question in a dialog; resolves true when the user picks `ok`. */
  ask(text: string, ok: string): Promise<boolean> {
    return new Promise((resolve) => {
      this.confirm = { text, ok, resolve };
    });
  }

  answer(ok: boolean) {
    const box = this.confirm;
    this.confirm = null;
    box?.resolve(ok);
  }
}
