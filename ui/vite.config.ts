import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The web view of the Tauri app: relative asset paths, a target WebKitGTK 2.4x runs, and the
// fixed dev port that src-tauri/tauri.conf.json points at.
//
// Vitest runs in Node, where Vite would compile the rune modules (lib/state/*.svelte.ts) for the
// server (no reactivity, `$state.snapshot` a no-op): under test they are compiled for the browser
// and Svelte's client runtime is loaded, as in the app.
export default defineConfig(({ mode }) => {
  const testing = mode === 'test';
  const browserRuntime = { resolve: { conditions: ['browser'] } };
  return {
    base: './',
    plugins: [svelte(testing ? { dynamicCompileOptions: () => ({ generate: 'client' }) } : {})],
    ...(testing ? { ...browserRuntime, ssr: browserRuntime } : {}),
    clearScreen: false,
    server: {
      port: 1420,
      strictPort: true,
    },
    build: {
      outDir: 'dist',
      emptyOutDir: true,
      target: ['es2021', 'safari15'],
      sourcemap: false,
      chunkSizeWarningLimit: 1200,
    },
    test: {
      include: ['src/**/*.test.ts'],
      environment: 'node',
    },
  };
});
