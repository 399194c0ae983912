import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { defineConfig } from 'vitest/config';
import { realtimeDevPlugin } from './server/dev-plugin';

/** The page a navigation gets when there is no signal: the board's shell and the outbox, no records. */
const OFFLINE_PAGE = '/offline';

/**
 * The web app manifest and a Workbox service worker (generated at build time, nothing fetched):
 * the app's code, styles and icons are kept for offline use; pages never are (they hold
 * participant records), so a navigation goes to the network and, with no signal, gets the
 * offline page instead.
 */
const pwa = SvelteKitPWA({
	strategies: 'generateSW',
	registerType: 'autoUpdate',
	injectRegister: false,
	manifest: {
		name: 'LEAD workgroup board',
		short_name: 'LEAD board',
		description: 'The LEAD operational workgroup board: roster, participants and meetings.',
		start_url: '/board',
		scope: '/',
		display: 'standalone',
		background_color: '#f4f6f8',
		theme_color: '#1f3b57',
		icons: [
			{ src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any maskable' },
			{ src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any maskable' }
		]
	},
	workbox: {
		// A new worker takes over the open pages at once, so the first visit is already covered.
		clientsClaim: true,
		skipWaiting: true,
		navigateFallback: null,
		// The offline page is rendered by the server (it needs no session); a new build keeps it anew.
		additionalManifestEntries: [{ url: OFFLINE_PAGE, revision: String(Date.now()) }],
		runtimeCaching: [
			{
				urlPattern: ({ request }) => request.mode === 'navigate',
				handler: 'NetworkOnly',
				options: { precacheFallback: { fallbackURL: OFFLINE_PAGE } }
			}
		]
	},
	devOptions: { enabled: false }
});

export default defineConfig({
	plugins: [sveltekit(), pwa, realtimeDevPlugin()],
	// `PORT=3116 npm run dev` serves on 3116, the port the board's own origin checks expect; a port
	// in use stops the dev server instead of moving it where every request would be refused.
	server: { port: Number(process.env.PORT || 3000), strictPort: true },
	test: {
		expect: { requireAssertions: true },
		projects: [
			{
				extends: './vite.config.ts',
				test: {
					name: 'unit',
					environment: 'node',
					include: ['tests/unit/**/*.test.ts'],
					// Set-up seeds whole jurisdictions (the demo, hundreds of participants) through the commands.
					hookTimeout: 60_000
				}
			},
			{
				extends: './vite.config.ts',
				test: {
					name: 'integration',
					environment: 'node',
					include: ['tests/integration/**/*.test.ts'],
					testTimeout: 30_000,
					hookTimeout: 60_000
				}
			},
			{
				extends: './vite.config.ts',
				test: {
					name: 'e2e',
					environment: 'node',
					include: ['tests/e2e/**/*.test.ts'],
					testTimeout: 60_000,
					hookTimeout: 120_000,
					fileParallelism: false
				}
			}
		]
	}
});
