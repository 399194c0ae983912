import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build' }),
		// Absolute asset paths: the offline page is also shown at the address of the page asked for.
		paths: { relative: false },
		// Form actions are protected by the Origin allow-list the server enforces itself.
		csrf: { trustedOrigins: [] }
	}
};

export default config;
