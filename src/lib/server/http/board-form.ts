/** A board form post, read into the operation it names and that operation's input. */
import { z } from 'zod';
import { BOARD_OPERATIONS, type BoardOperation } from '../../shared/board-events';
import { boardFormInput } from '../../shared/board-form';
import { DomainError } from '../errors';

export interface BoardForm {
	op: BoardOperation;
	input: Record<string, unknown>;
	idempotencyKey: string | undefined;
}

export function readBoardForm(form: FormData, timeZone: string): BoardForm {
	const raw = boardFormInput(form, timeZone);
	const op = z.enum(BOARD_OPERATIONS).safeParse(raw.op);
	if (!op.success) throw new DomainError('invalid_input', 'That form is not one the board knows.');
	return { op: op.data, input: raw.input, idempotencyKey: raw.idempotencyKey };
}
