/**
 * Runs axe-core inside a page driven by playwright-core (`@axe-core/playwright` needs Node 22):
 * injects axe's own source, checks the page against WCAG 2.0–2.2 A and AA, and answers each
 * violation with the rule, its impact and help text, and the selectors of the failing elements.
 */
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource: string = (createRequire(import.meta.url)('axe-core') as { source: string }).source;

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export interface AxeViolation {
	rule: string;
	impact: string | null;
	help: string;
	/**
	 * Each failing element: its selector (frames and shadow roots joined by " >> "), the start of its
	 * markup, and why it fails.
	 */
	nodes: { selector: string; html: string; why: string }[];
}

/**
 * A known false positive: `rule` on the elements matching `selector` is not reported. Say `why`,
 * since every exception is a place the test no longer looks.
 */
export interface AxeException {
	rule: string;
	selector: string;
	why: string;
}

interface RawResult {
	id: string;
	impact?: string | null;
	help: string;
	nodes: { target: unknown[]; html: string; failureSummary?: string; matchesException: boolean }[];
}

/** The page's WCAG A/AA violations as axe finds them now, minus the listed exceptions. */
export async function axeViolations(page: Page, exceptions: AxeException[] = []): Promise<AxeViolation[]> {
	if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource });
	const raw = await page.evaluate(
		async ({ tags, exceptions }) => {
			const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;
			const results = await axe.run(document, {
				runOnly: { type: 'tag', values: tags },
				resultTypes: ['violations']
			});
			return results.violations.map((v) => ({
				id: v.id,
				impact: v.impact ?? null,
				help: v.help,
				nodes: v.nodes.map((n) => {
					const element = document.querySelector(String(n.target.at(-1)));
					const matchesException = exceptions.some(
						(e) => e.rule === v.id && element !== null && element.matches(e.selector)
					);
					return {
						target: n.target as unknown[],
						html: n.html,
						failureSummary: n.failureSummary,
						matchesException
					};
				})
			}));
		},
		{ tags: WCAG_TAGS, exceptions }
	);
	return (raw as RawResult[])
		.map((v) => ({
			rule: v.id,
			impact: v.impact ?? null,
			help: v.help,
			nodes: v.nodes
				.filter((n) => !n.matchesException)
				.map((n) => ({
					selector: n.target.map((t) => (Array.isArray(t) ? t.join(' >> ') : String(t))).join(' >> '),
					html: n.html.length > 160 ? `${n.html.slice(0, 160)}…` : n.html,
					why: (n.failureSummary ?? '').replace(/\s+/g, ' ').trim()
				}))
		}))
		.filter((v) => v.nodes.length > 0);
}
