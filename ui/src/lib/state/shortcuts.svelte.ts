// The window's keyboard shortcuts (F1 lists them): save, save as, export the cost chart, undo and
// redo, goal seek, and the list of shortcuts itself.

import type { GoalSeek } from './goalSeek.svelte';
import type { Library } from './library.svelte';
import type { Transfers } from './transfers.svelte';

/** Input types where a key is a command rather than a character. */
const NOT_TYPED = new Set(['range', 'checkbox', 'radio', 'button']);

/** True while the user types into a text field (where "?" is a character, not a command). */
export function typingIn(target: EventTarget | null): boolean {
  if (target instanceof HTMLInputElement) return !NOT_TYPED.has(target.type);
  return target instanceof HTMLTextAreaElement || (target instanceof HTMLElement && target.isContentEditable);
}

export class Shortcuts {
  /** The list of shortcuts is showing. */
  showing = $state(false);
  readonly #library: Library;
  readonly #transfers: Transfers;
  readonly #goalSeek: GoalSeek;

  constructor(library: Library, transfers: Transfers, goalSeek: GoalSeek) {
    this.#library = library;
    this.#transfers = transfers;
    this.#goalSeek = goalSeek;
  }

  show = () => {
    this.showing = true;
  };

  hide = () => {
    this.showing = false;
  };

  onKeydown = (e: KeyboardEvent) => {
    const mod = e.ctrlKey || e.metaKey;
    const help = e.key === 'F1' || (e.key === '?' && !mod && !typingIn(e.target));
    if (help && !document.querySelector('dialog[open]')) {
      e.preventDefault();
      this.showing = true;
      return;
    }
    if (!mod || e.altKey) return;
    const library = this.#library;
    const k = e.key.toLowerCase();
    if (k === 's') {
      e.preventDefault();
      if (library.naming) void library.saveNamed(false);
      else void library.save(e.shiftKey);
      return;
    }
    if (k === 'e') {
      e.preventDefault();
      this.#transfers.openExport(library.session.chart('cost_vs_gpus'));
      return;
    }
    if (k === 'g' && !e.shiftKey) {
      e.preventDefault();
      if (!document.querySelector('dialog[open]')) this.#goalSeek.show();
      return;
    }
    const target = e.target as HTMLElement | null;
    if (target?.closest?.('[data-native-undo]')) return;
    if (k === 'z' && !e.shiftKey) {
      e.preventDefault();
      library.session.undo();
    } else if ((k === 'z' && e.shiftKey) || k === 'y') {
      e.preventDefault();
      library.session.redo();
    }
  };
}
