/** Reading a posted form into a command's input, the same way on the server and in the browser. */
import { describe, expect, it } from 'vitest';
import { readFormInput } from '../../src/lib/shared/form-input';

const form = (entries: [string, string][]) => {
	const f = new FormData();
	for (const [k, v] of entries) f.append(k, v);
	return f;
};

describe('readFormInput', () => {
	it('names the change and its key apart from the input, and leaves the page’s own fields out', () => {
		const read = readFormInput(
			form([
				['op', 'update.post'],
				['idempotencyKey', 'form-key-123'],
				['_page', 'x'],
				['body', '  Seen at the shelter.  ']
			]),
			'UTC'
		);
		expect(read).toEqual({
			op: 'update.post',
			idempotencyKey: 'form-key-123',
			input: { body: 'Seen at the shelter.' }
		});
	});

	it('reads numbers, lists, checkboxes, comma-separated values and nested names', () => {
		const { input } = readFormInput(
			form([
				['person.legalName', 'Riley Harbor'],
				['person.aliases', 'Rye, R.H. ,'],
				['facts.grams', '0.5'],
				['facts.underStateProbation', 'on'],
				['facts.drivers', 'drug_use'],
				['facts.drivers', 'poverty'],
				['expectedVersion', '3'],
				['invitedAgencyIds', 'a1'],
				['invitedAgencyIds', 'a2']
			]),
			'UTC'
		);
		expect(input).toEqual({
			person: { legalName: 'Riley Harbor', aliases: ['Rye', 'R.H.'] },
			facts: { grams: 0.5, underStateProbation: true, drivers: ['drug_use', 'poverty'] },
			expectedVersion: 3,
			invitedAgencyIds: ['a1', 'a2']
		});
	});

	it('reads wall time in the jurisdiction’s zone as an instant', () => {
		const { input } = readFormInput(form([['occurredAt', '2026-03-01T09:30']]), 'America/Los_Angeles');
		expect(input.occurredAt).toBe('2026-03-01T17:30:00.000Z');
	});

	it('leaves an empty field out, unassigns with an empty assignee, and clears an emptied location', () => {
		const { input } = readFormInput(
			form([
				['note', '   '],
				['caseManagerUserId', ''],
				['location', '']
			]),
			'UTC'
		);
		expect(input).toEqual({ caseManagerUserId: null, location: '' });
	});

	it('never reaches an object’s prototype through a field name', () => {
		const { input } = readFormInput(
			form([
				['__proto__.polluted', 'yes'],
				['constructor.prototype.polluted', 'yes'],
				['person..legalName', 'x']
			]),
			'UTC'
		);
		expect(input).toEqual({});
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});
});
