import { describe, expect, it } from 'vitest';

// Every source file of the web view, as text (Vite's glob import).
const sources = import.meta.glob(['/src/**/*.ts', '/src/**/*.svelte', '!/src/**/*.test.ts'], {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

describe('architecture', () => {
  it('reads the sources', () => {
    expect(Object.keys(sources).length).toBeGreaterThan(10);
  });

  it('talks to Tauri only through lib/backend.ts', () => {
    const offenders = Object.entries(sources)
      .filter(([path, text]) => !path.endsWith('lib/backend.ts') && /@tauri-apps\//.test(text))
      .map(([path]) => path);
    expect(offenders).toEqual([]);
  });

  it('uses the dev stub only from backend.ts, behind import.meta.env.DEV', () => {
    const users = Object.entries(sources)
      .filter(([path, text]) => !path.endsWith('devBackend.ts') && /devBackend/.test(text.replace(/\/\/.*$/gm, '')))
      .map(([path]) => path);
    expect(users).toEqual(['/src/lib/backend.ts']);
    expect(sources['/src/lib/backend.ts']).toMatch(/import\.meta\.env\.DEV\)\s*\{[\s\S]*import\('\.\/devBackend'\)/);
  });
});
