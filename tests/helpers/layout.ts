/**
 * What a phone shows wrong without an error: a page wider than the screen, and controls too small
 * to hit with a thumb (WCAG 2.2's 24 px target size).
 */
import type { Page } from 'playwright-core';

/** How many pixels the page scrolls sideways (0 when it fits the screen). */
export function sidewaysScroll(page: Page): Promise<number> {
	return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

export interface SmallTarget {
	text: string;
	width: number;
	height: number;
}

/**
 * Every visible control smaller than `min` px either way. A box or radio button wrapped in its
 * label is measured as the label, which is what a tap hits; a link inside a sentence is left out
 * (WCAG's inline exception).
 */
export function smallTargets(page: Page, min = 24): Promise<SmallTarget[]> {
	return page.evaluate((min) => {
		const controls = document.querySelectorAll<HTMLElement>(
			'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button]'
		);
		const out: { text: string; width: number; height: number }[] = [];
		for (const control of controls) {
			const target = control.closest('label') ?? control;
			const box = target.getBoundingClientRect();
			if (box.width === 0 && box.height === 0) continue;
			const style = getComputedStyle(control);
			if (style.visibility === 'hidden' || control.closest('.visually-hidden,[aria-hidden=true]')) continue;
			const inSentence =
				control.tagName === 'A' &&
				style.display === 'inline' &&
				(control.parentElement?.textContent ?? '').trim() !== (control.textContent ?? '').trim();
			if (inSentence) continue;
			if (box.width < min || box.height < min) {
				const text = (target.textContent || control.getAttribute('aria-label') || control.id || '').trim();
				out.push({ text: text.slice(0, 60), width: Math.round(box.width), height: Math.round(box.height) });
			}
		}
		return out;
	}, min);
}
