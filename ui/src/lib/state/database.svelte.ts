// The database dialog's choices: open another database or start a new one elsewhere, with the
// native dialogs; on success the page reloads, so every part of the window starts from the new
// database exactly as at launch (the Rust side keeps the choice across the reload).

import * as backend from '../backend';

export class DatabaseChoice {
  busy = $state(false);
  /** Why the last choice failed, as the backend says it (names the file and the cause). */
  failure = $state<string | null>(null);

  constructor(private readonly reload: () => void = () => location.reload()) {}

  choose = async (create: boolean) => {
    this.failure = null;
    let chosen: string | null;
    try {
      chosen = await backend.pickDatabasePath(create);
    } catch (e) {
      this.failure = backend.toBackendError(e).message;
      return;
    }
    if (!chosen) return;
    this.busy = true;
    try {
      await backend.openDatabase(chosen, create);
      this.reload();
    } catch (e) {
      this.failure = backend.toBackendError(e).message;
    } finally {
      this.busy = false;
    }
  };
}
