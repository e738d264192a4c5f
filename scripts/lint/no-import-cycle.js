import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';

/**
 * An ESLint rule of the project's own: no file may import, through any chain of relative imports
 * (type-only ones included), a file that imports it back. A cycle makes the order modules run in
 * depend on who is imported first, and says the layers are not layers. The graph is read from the
 * files on disk, once per lint run.
 */
const SPECIFIERS = /^\s*(?:import|export)\s[^'";]*?from\s+['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/gm;
const graph = new Map();

function importsOf(file) {
  let deps = graph.get(file);
  if (!deps) {
    deps = [];
    graph.set(file, deps);
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return deps;
    }
    for (const m of text.matchAll(SPECIFIERS)) {
      const target = resolve(dirname(file), m[1] ?? m[2]);
      if (existsSync(target)) deps.push(target);
    }
  }
  return deps;
}

/** The chain from `from` back to `to`, if there is one. */
function pathBack(from, to) {
  const previous = new Map([[from, null]]);
  const queue = [from];
  while (queue.length > 0) {
    const file = queue.shift();
    for (const next of importsOf(file)) {
      if (next === to) {
        const chain = [next, file];
        for (let at = previous.get(file); at; at = previous.get(at)) chain.push(at);
        return chain.reverse();
      }
      if (!previous.has(next)) {
        previous.set(next, file);
        queue.push(next);
      }
    }
  }
  return undefined;
}

export default {
  meta: { type: 'problem', schema: [], messages: { cycle: 'Import cycle: {{chain}}' } },
  create(context) {
    const file = resolve(context.filename);
    // This file's own imports come from what ESLint parsed, so an edit not yet saved is seen too.
    graph.delete(file);
    const check = (node) => {
      const spec = node.source?.value;
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const target = resolve(dirname(file), spec);
      if (!existsSync(target)) return;
      const chain = pathBack(target, file);
      if (chain) context.report({ node, messageId: 'cycle', data: { chain: [file, ...chain].map((f) => relative(context.cwd, f)).join(' → ') } });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
  },
};
