/**
 * What a person's browser gets while the board sheds load, in place of a heavy page: the page the
 * load-shedding hook answers with 503.
 */
import { RETRY_AFTER_SECONDS } from './expensive-routes';

/**
 * A page of its own (no layout, nothing read). It asks again every few seconds and opens the page
 * once the board answers it; it never reloads while the board would still refuse.
 */
export const BUSY_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Busy · LEAD workgroup board</title>
<style>
body { font-family: system-ui, sans-serif; background: #f4f5f7; color: #1b2430; margin: 0; }
main { max-width: 32rem; margin: 4rem auto; padding: 1.5rem 2rem; background: #fff;
	border: 1px solid #d5dae1; border-radius: 8px; line-height: 1.5; }
h1 { font-size: 1.4rem; margin: 0 0 0.5rem; }
a { color: #1d3a5c; font-weight: 600; }
a:focus-visible { outline: 3px solid #1d3a5c; outline-offset: 2px; }
</style>
</head>
<body>
<main>
<h1>The board is busy</h1>
<p>It is finishing the work already in hand first. This page opens by itself once the board has caught up.</p>
<p><a href="">Try again now</a></p>
</main>
<script>
setInterval(() => {
	fetch(location.href, { method: 'HEAD', cache: 'no-store' }).then((r) => {
		if (r.status !== 503) location.reload();
	}, () => undefined);
}, ${RETRY_AFTER_SECONDS * 1000});
</script>
</body>
</html>
`;
