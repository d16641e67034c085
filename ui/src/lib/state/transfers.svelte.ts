// Everything that leaves or enters the app as a file or on the clipboard: the export sheet of a
// chart (save as PNG/SVG/CSV/JSON, copy the image), the summary table, the scenario with its
// result as JSON, scenario files (export, and import with its name-clash question).

import type { Chart } from '../../bindings/Chart';
import type { ImportPreview } from '../../bindings/ImportPreview';
import type { ImportReport } from '../../bindings/ImportReport';
import type { OnClash } from '../../bindings/OnClash';
import * as backend from '../backend';
import { toBackendError } from '../backend';
import { fileSlug, lookOf, type ExportPrefs } from '../exportPrefs';
import type { Library } from './library.svelte';
import type { Notices } from './notices.svelte';
import type { Theme } from './theme.svelte';

export type TransfersApi = Pick<
  typeof backend,
  | 'pickSavePath'
  | 'pickScenarioFile'
  | 'pickScenarioSavePath'
  | 'exportChart'
  | 'exportSamples'
  | 'copyChartImage'
  | 'copySummary'
  | 'exportResult'
  | 'exportScenarios'
  | 'previewImport'
  | 'importScenarios'
  | 'getScenario'
>;

const scenarios = (k: number) => (k === 1 ? '1 scenario' : `${k.toLocaleString('en-US')} scenarios`);

/** The toast after an import: what was added, renamed, replaced and skipped. */
export function importSummary(r: ImportReport): string {
  const parts: string[] = [];
  if (r.added.length) parts.push(`added ${scenarios(r.added.length)}`);
  if (r.renamed.length) parts.push(`added ${scenarios(r.renamed.length)} under new names`);
  if (r.replaced.length) parts.push(`replaced ${scenarios(r.replaced.length)}`);
  if (r.skipped.length) parts.push(`skipped ${scenarios(r.skipped.length)}`);
  return `Import: ${parts.join(', ') || 'nothing to import'}`;
}

export class Transfers {
  /** Test-only destination for exports (COSTSCOPE_EXPORT_DIR); null means ask with a dialog. */
  exportDir: string | null = null;
  exporting = $state<{ chart: Chart; busy: boolean; error: string | null } | null>(null);
  importing = $state<{ path: string; preview: ImportPreview; busy: boolean; error: string | null } | null>(null);

  readonly #library: Library;
  readonly #notices: Notices;
  readonly #theme: Theme;
  readonly #api: TransfersApi;

  constructor(library: Library, notices: Notices, theme: Theme, api: TransfersApi = backend) {
    this.#library = library;
    this.#notices = notices;
    this.#theme = theme;
    this.#api = api;
  }

  // In end-to-end tests (COSTSCOPE_EXPORT_DIR) files go to that folder under fixed names, because
  // native dialogs cannot be driven over WebDriver; everywhere else the user picks the path.
  async #targetPath(title: string, name: string, format: ExportPrefs['format']): Promise<string | null> {
    if (this.exportDir) return `${this.exportDir}/${name}.${format}`;
    return this.#api.pickSavePath(title, `${name}.${format}`, format);
  }

  // ---- a chart's export sheet ------------------------------------------------------------------

  /** Opens the export sheet for a chart exactly as described on screen. */
  openExport = (chart: Chart | null) => {
    if (!chart || this.exporting) return;
    this.exporting = { chart, busy: false, error: null };
  };

  closeExport = () => {
    this.exporting = null;
  };

  async #runExport(work: (chart: Chart) => Promise<string | null>) {
    if (!this.exporting || this.exporting.busy) return;
    this.exporting.busy = true;
    this.exporting.error = null;
    try {
      const done = await work(this.exporting.chart);
      if (done === null) {
        if (this.exporting) this.exporting.busy = false;
        return;
      }
      this.exporting = null;
      this.#notices.showToast(done);
    } catch (e) {
      if (this.exporting) {
        this.exporting.busy = false;
        this.exporting.error = toBackendError(e).message;
      }
    }
  }

  saveExport = (prefs: ExportPrefs) => {
    void this.#runExport(async (chart) => {
      const name = fileSlug(this.#library.current.name, chart.kind);
      const path = await this.#targetPath('Export chart', name, prefs.format);
      if (!path) return null;
      const written = await this.#api.exportChart(chart, prefs.format, path, lookOf(prefs, this.#theme.dark));
      return `Exported to ${written}`;
    });
  };

  /** From the distribution chart's sheet: every sample behind it, as CSV (what the CLI's `--samples-out` writes). */
  saveSamples = () => {
    void this.#runExport(async () => {
      const name = fileSlug(this.#library.current.name, 'samples');
      const path = await this.#targetPath('Export samples', name, 'csv');
      if (!path) return null;
      const written = await this.#api.exportSamples(this.#library.session.currentInput(), path);
      return `Exported every sample to ${written}`;
    });
  };

  copyExport = (prefs: ExportPrefs) => {
    void this.#runExport(async (chart) => {
      const [w, h] = await this.#api.copyChartImage(chart, lookOf(prefs, this.#theme.dark));
      return `Copied the chart as a ${w.toLocaleString('en-US')} × ${h.toLocaleString('en-US')} image`;
    });
  };

  // ---- the scenario's figures --------------------------------------------------------------------

  /** True (and says so) when a field is marked invalid: nothing is then copied or exported. */
  #blocked(nothingWas: 'copied' | 'exported'): boolean {
    if (!this.#library.session.hasTypedErrors) return false;
    this.#notices.error(`Fix the fields marked in red first; nothing was ${nothingWas}.`);
    return true;
  }

  copySummary = async () => {
    const session = this.#library.session;
    if (this.#blocked('copied')) return;
    try {
      await this.#api.copySummary(session.currentInput(), this.#library.scenarioLabel());
      this.#notices.showToast('Copied the summary table: paste it into a spreadsheet or a document');
    } catch (e) {
      this.#notices.showError(e, 'The summary could not be copied');
    }
  };

  exportResult = async () => {
    const session = this.#library.session;
    if (this.#blocked('exported')) return;
    try {
      const name = `${fileSlug(this.#library.current.name)}-result`;
      const path = await this.#targetPath('Export scenario and result', name, 'json');
      if (!path) return;
      const written = await this.#api.exportResult(session.currentInput(), session.hold, this.#library.scenarioLabel(), path);
      this.#notices.showToast(`Exported to ${written}`);
    } catch (e) {
      this.#notices.showError(e, 'The scenario could not be exported');
    }
  };

  // ---- scenario files ----------------------------------------------------------------------------

  exportScenarios = async (ids: number[]) => {
    if (ids.length === 0) return;
    const one = ids.length === 1 ? this.#library.scenarios.find((s) => s.id === ids[0]) : undefined;
    try {
      const name = one ? fileSlug(one.name) : 'scenarios';
      const path = this.exportDir
        ? `${this.exportDir}/${name}.${backend.SCENARIO_FILE_EXTENSION}`
        : await this.#api.pickScenarioSavePath('Export scenarios', name);
      if (!path) return;
      const n = await this.#api.exportScenarios(ids, path);
      this.#notices.showToast(`Exported ${scenarios(n)} to ${path}`);
    } catch (e) {
      this.#notices.showError(e, 'The scenarios could not be exported');
    }
  };

  /** Files handed to the app (its command line, a second launch), imported one after another. */
  readonly #toOpen: string[] = [];

  openFiles = (paths: string[]) => {
    this.#toOpen.push(...paths);
    if (!this.importing) void this.startImport(this.#toOpen.shift());
  };

  #openNext() {
    if (!this.importing && this.#toOpen.length) void this.startImport(this.#toOpen.shift());
  }

  /** Checks a scenario file (`given`, or one the user picks); the import dialog then asks what
   * to do with clashes. */
  startImport = async (given?: string) => {
    if (this.importing) return;
    try {
      const path = given ?? (this.exportDir ? `${this.exportDir}/import.json` : await this.#api.pickScenarioFile());
      if (!path) return;
      const preview = await this.#api.previewImport(path);
      this.importing = { path, preview, busy: false, error: null };
    } catch (e) {
      this.#notices.showError(e, 'Nothing was imported');
    }
    this.#openNext();
  };

  /** The import dialog's answer: how to treat taken names, or null to cancel. */
  chooseImport = async (onClash: OnClash | null) => {
    if (!this.importing || this.importing.busy) return;
    if (onClash === null) {
      this.importing = null;
      this.#openNext();
      return;
    }
    this.importing.busy = true;
    this.importing.error = null;
    try {
      const report = await this.#api.importScenarios(this.importing.path, onClash);
      this.importing = null;
      const library = this.#library;
      await library.refreshList();
      const cur = library.current;
      if (cur.id !== null && report.replaced.some((n) => n.toLowerCase() === cur.name.toLowerCase())) {
        // The open scenario's stored inputs changed under it: show what is stored now.
        library.loadStored(await this.#api.getScenario(cur.id));
      }
      this.#notices.showToast(importSummary(report));
      this.#openNext();
    } catch (e) {
      if (this.importing) {
        this.importing.busy = false;
        this.importing.error = `Nothing was imported: ${toBackendError(e).message}`;
      }
    }
  };
}
