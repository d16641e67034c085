// The window's state, composed: one instance of each module, wired together, and the start-up
// sequence (catalog and stored scenarios, then the scenario to open).

import * as backend from '../backend';
import { Accelerators } from './accelerators.svelte';
import { Ranges } from './ranges.svelte';
import { Library } from './library.svelte';
import { Notices } from './notices.svelte';
import { GoalSeek } from './goalSeek.svelte';
import { EditSession } from './session.svelte';
import { Shortcuts } from './shortcuts.svelte';
import { Theme } from './theme.svelte';
import { Transfers } from './transfers.svelte';

export type AppState = ReturnType<typeof createApp>;

export function createApp() {
  const notices = new Notices();
  const theme = new Theme();
  const session = new EditSession();
  const library = new Library(session, notices);
  const transfers = new Transfers(library, notices, theme);
  const goalSeek = new GoalSeek(session, notices);
  const accelerators = new Accelerators(session, notices);
  const ranges = new Ranges(session, notices);
  const shortcuts = new Shortcuts(library, transfers, goalSeek);

  /** Reads the catalog and the store, then opens the scenario to show first. */
  async function start() {
    performance.mark('boot:start');
    await backend
      .onOpenFiles(transfers.openFiles)
      .catch((e: unknown) => notices.showError(e, 'Files opened later cannot reach this window'));
    performance.mark('boot:listening');
    const [st, cat] = await Promise.allSettled([backend.startup(), backend.catalog()]);
    performance.mark('boot:startup');
    if (cat.status === 'fulfilled') session.catalog = cat.value;
    else notices.showError(cat.reason, 'The GPU catalog could not be read');
    if (st.status === 'rejected') {
      notices.showError(st.reason, 'Costscope could not start properly');
      library.loadNew();
      return;
    }
    const info = st.value;
    library.db = { path: info.db_path, error: info.db_error };
    library.scenarios = info.scenarios;
    library.presets = info.presets;
    library.trashDays = info.trash_days;
    goalSeek.choices = info.seek;
    accelerators.user = info.user_gpus;
    ranges.choices = info.ranges;
    transfers.exportDir = info.export_dir;
    if (info.db_error) library.dbDialogOpen = true;
    await library.openAtStart(info.scenarios);
    if (info.open_files.length) transfers.openFiles(info.open_files);
  }

  return { notices, theme, session, library, transfers, shortcuts, goalSeek, accelerators, ranges, start };
}
