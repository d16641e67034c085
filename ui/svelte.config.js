// Svelte 5 in runes mode; TypeScript in components is type-only, so no preprocessor is needed.
export default {
  compilerOptions: { runes: true },
};
