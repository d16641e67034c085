// The colour scheme: dark or light as the system asks, followed while the app runs. `generation`
// counts switches, so a chart replaces its whole option (colours included) when it changes.

import { DARK, LIGHT } from '../charts';

export class Theme {
  dark = $state(false);
  generation = $state(0);
  /** The chart palette for the current scheme. */
  readonly colors = $derived(this.dark ? DARK : LIGHT);

  /** Follows the system's scheme; returns the function that stops following. */
  follow(): () => void {
    const mq = window.matchMedia('(prefers-color-scheme: dark)');
    this.dark = mq.matches;
    const onScheme = (e: MediaQueryListEvent) => {
      this.dark = e.matches;
      this.generation += 1;
    };
    mq.addEventListener('change', onScheme);
    return () => mq.removeEventListener('change', onScheme);
  }
}
