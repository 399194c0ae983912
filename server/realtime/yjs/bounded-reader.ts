/**
 * A lib0 decoder wrapped so that every read is bounds-checked and every declared count is held
 * to the bytes left: untrusted input can make it throw, never loop or allocate past its own size.
 */
import * as decoding from 'lib0/decoding';

export class MalformedInput extends Error {
	constructor(reason: string) {
		super(reason);
		this.name = 'MalformedInput';
	}
}

export class BoundedReader {
	private readonly decoder: decoding.Decoder;

	constructor(bytes: Uint8Array) {
		this.decoder = decoding.createDecoder(bytes);
	}

	get remaining(): number {
		return this.decoder.arr.length - this.decoder.pos;
	}

	get done(): boolean {
		return this.remaining === 0;
	}

	/** One byte; lib0's readUint8 would return undefined past the end instead of failing. */
	uint8(): number {
		if (this.remaining < 1) throw new MalformedInput('unexpected end');
		return decoding.readUint8(this.decoder);
	}

	varUint(): number {
		if (this.remaining < 1) throw new MalformedInput('unexpected end');
		try {
			return decoding.readVarUint(this.decoder);
		} catch {
			throw new MalformedInput('bad varuint');
		}
	}

	/** A count of elements that each take at least `minBytesEach` bytes: it must fit in what is left. */
	count(minBytesEach = 1): number {
		const n = this.varUint();
		if (n * minBytesEach > this.remaining) throw new MalformedInput('count exceeds input');
		return n;
	}

	varInt(): number {
		if (this.remaining < 1) throw new MalformedInput('unexpected end');
		try {
			return decoding.readVarInt(this.decoder);
		} catch {
			throw new MalformedInput('bad varint');
		}
	}

	skip(length: number): void {
		if (length > this.remaining) throw new MalformedInput('length exceeds input');
		this.decoder.pos += length;
	}

	bytes(): Uint8Array {
		const length = this.varUint();
		if (length > this.remaining) throw new MalformedInput('length exceeds input');
		return decoding.readUint8Array(this.decoder, length);
	}

	string(): string {
		return textDecoder.decode(this.bytes());
	}
}

const textDecoder = new TextDecoder();
