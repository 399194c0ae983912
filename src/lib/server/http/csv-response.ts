/** A CSV file as a download: UTF-8 with a byte-order mark so a spreadsheet opens accents right. */
export function csvResponse(filename: string, body: string): Response {
	return new Response('\ufeff' + body, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${filename}"`,
			'cache-control': 'no-store',
			'x-content-type-options': 'nosniff'
		}
	});
}
