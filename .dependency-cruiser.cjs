/**
 * The import rules of the tree, checked by `npm run lint`: no import circles, the wire contract in
 * `src/lib/shared/` stands on its own (the browser and the server both build on it), and the
 * domain in `src/lib/server/` knows nothing of the server entry or of SvelteKit.
 */
module.exports = {
	forbidden: [
		{
			name: 'no-circular',
			comment: 'Modules import in one direction; a circle means two modules hold one job between them.',
			severity: 'error',
			from: { pathNot: '^bench/' },
			to: { circular: true }
		},
		{
			name: 'shared-stands-alone',
			comment: 'What the browser receives is defined in src/lib/shared, never derived from server types.',
			severity: 'error',
			from: { path: '^src/lib/shared/' },
			to: { path: '^src/lib/(server|client|components)/' }
		},
		{
			name: 'domain-without-transport',
			comment: 'The domain is called by the server entry and by SvelteKit; it imports neither.',
			severity: 'error',
			from: { path: '^src/lib/server/' },
			to: { path: '^(server/|src/routes/|src/hooks)|^\\$app|^svelte$' }
		}
	],
	options: {
		tsConfig: { fileName: 'tsconfig.server.json' },
		tsPreCompilationDeps: true,
		doNotFollow: { path: 'node_modules' },
		exclude: { path: '(^|/)(\\.svelte-kit|node_modules|build)/' }
	}
};
