/** The text of each page of a PDF (as Chromium printed it), read with Mozilla's PDF.js. */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export async function pdfPages(pdf: Uint8Array): Promise<string[]> {
	const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false })
		.promise;
	try {
		const pages: string[] = [];
		for (let n = 1; n <= doc.numPages; n++) {
			const content = await (await doc.getPage(n)).getTextContent();
			const text = content.items.map((item) => ('str' in item ? item.str : '')).join(' ');
			pages.push(text.replace(/\s+/g, ' '));
		}
		return pages;
	} finally {
		await doc.destroy();
	}
}
