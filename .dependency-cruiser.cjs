// The layout rules of DESIGN §2 that imports can break, checked by `npm run layout` (part of
// `npm test`). Each rule's comment is what a failing run prints: which rule, and why it holds.
// The rules on SQL (which folder may name which tables) are ESLint's, in eslint.config.mjs.

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'app-imports-another-app',
      comment:
        'An app imports another app. Apps are thin compositions and never import each other (DESIGN §2): move what both need into a library (libs/server for shared Nest wiring, or the library that owns it).',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'app-imports-test',
      comment:
        'A file under apps/ imports test/. Test support is not part of what ships: move what the app needs into a library, or the test helper into the test.',
      severity: 'error',
      from: { path: '^apps/' },
      to: { path: '^test/' },
    },
    {
      name: 'library-imports-an-app',
      comment:
        'A library imports an app. Apps compose libraries, never the reverse: move the code the library needs out of the app into a library.',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'domain-imports-outside-domain',
      comment:
        'libs/domain imports something other than itself and @accord/platform. The domain is pure TypeScript (decide/evolve, rules, errors): no Nest, no pg, no node: I/O, no other library, so it runs and is tested anywhere without a database or a framework.',
      severity: 'error',
      from: { path: '^libs/domain/' },
      to: { pathNot: '^libs/(domain|platform)/' },
    },
    {
      name: 'contracts-import-runtime-code',
      comment:
        'libs/contracts imports runtime code. The contracts are the types of the answers, shared with the browser console: anything more would ship server code to the browser. Import other modules with `import type` only.',
      severity: 'error',
      from: { path: '^libs/contracts/' },
      to: { pathNot: '^libs/contracts/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-circular',
      comment:
        'An import cycle. A module of a cycle can see another half-loaded (its imports still undefined), and a cycle ties together files that should each own one thing: move what both use into a third file.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|data|bench-results|coverage|infra/kafka/lib)/' },
    // Type-only imports count: a cycle through types is still a cycle, and contracts may import only types.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
