// The editor's field callbacks, built once per session: a slider move (shown with its result, no
// undo step until the move ends), a committed typed value (one undo step) and a typed value that
// is not valid (shown under its field).

import type { Draft } from './draft';
import type { FieldId } from './fields';
import type { EditSession } from './state/session.svelte';

export type Setter = (d: Draft, v: number) => void;

export function editorEvents(session: EditSession) {
  return {
    slide: (id: FieldId, set: Setter) => (v: number, t: number) =>
      session.edit((d) => set(d, v), { record: false, inputTime: t, clears: id, slide: true }),
    commit: (id: FieldId, set: Setter) => (v: number | null) => {
      if (v === null) return;
      session.edit((d) => set(d, v), { clears: id });
    },
    invalid: (id: FieldId) => (message: string) => session.markInvalid(id, message),
  };
}
