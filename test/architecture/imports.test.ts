import { join } from 'node:path';
import { importCycles, importGraph } from './import-graph';

const ROOT = join(__dirname, '..', '..');
const graph = importGraph(ROOT, 'src');

describe('the import graph of src/', () => {
  test('has no import cycle', () => {
    // WHEN
    const cycles = importCycles(graph).map((c) => c.join(' -> '));

    // THEN
    expect(cycles).toEqual([]);
  });

  test('the model engine (src/assertions/private) imports nothing of the public assertions face', () => {
    // GIVEN
    const engine = [...graph.entries()].filter(([file]) => file.startsWith('src/assertions/private/'));

    // WHEN
    const upward = engine.flatMap(([file, targets]) => targets
      .filter((t) => t.startsWith('src/assertions/') && !t.startsWith('src/assertions/private/'))
      .map((t) => `${file} -> ${t}`));

    // THEN
    expect(engine.length).toBeGreaterThan(10);
    expect(upward).toEqual([]);
  });

  test('the constructs import nothing of the assertions submodule', () => {
    // GIVEN: the constructs are the library without its assertions, its command line and the
    // recommendations (each recommendation unit holds its rule, the entries built for it and its
    // check: the one place where both sides meet)
    const constructs = [...graph.entries()].filter(([file]) => !['src/assertions/', 'src/cli/', 'src/recommendations/'].some((d) => file.startsWith(d)) && file !== 'src/index.ts');

    // WHEN
    const into = constructs.flatMap(([file, targets]) => targets.filter((t) => t.startsWith('src/assertions/')).map((t) => `${file} -> ${t}`));

    // THEN
    expect(into).toEqual([]);
  });
});

describe('importCycles', () => {
  test('finds a cycle of three files and a file importing itself', () => {
    // GIVEN
    const g = new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['d']], ['e', ['a']]]);

    // WHEN / THEN
    expect(importCycles(g)).toEqual([['a', 'b', 'c', 'a'], ['d', 'd']]);
  });

  test('finds nothing in a graph without cycles (a diamond)', () => {
    // GIVEN
    const g = new Map([['a', ['b', 'c']], ['b', ['d']], ['c', ['d']], ['d', []]]);

    // WHEN / THEN
    expect(importCycles(g)).toEqual([]);
  });
});

describe('importGraph', () => {
  test('follows re-exports to files and folders (index.ts) and leaves packages out', () => {
    // WHEN
    const index = graph.get('src/index.ts') ?? [];

    // THEN
    expect(index).toEqual(expect.arrayContaining(['src/assertions/index.ts', 'src/recommendations/index.ts', 'src/secure-alb-service.ts']));
    expect(index.every((t) => t.startsWith('src/'))).toBe(true);
  });

  test('follows type-only imports', () => {
    // WHEN
    const unit = graph.get('src/recommendations/private/unit.ts') ?? [];

    // THEN: \`import type { SgRule, TemplateReader } from '../../assertions/private/reader'\`
    expect(unit.some((t) => t.startsWith('src/assertions/private/reader'))).toBe(true);
  });
});
