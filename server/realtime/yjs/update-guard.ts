/**
 * Cheap structural validation of untrusted Yjs v1 updates and state vectors before Yjs sees them.
 * Walks the encoding once with bounds-checked reads: work is linear in the input's byte length.
 */
import { BoundedReader, MalformedInput } from './bounded-reader';

/** Deeper nesting in `any` content is refused (lib0 decodes it recursively). */
const MAX_ANY_DEPTH = 64;
/** Content refs (low 5 bits of a struct's info byte): 0 is GC, 10 is Skip, 1..9 carry content. */
const GC_REF = 0;
const SKIP_REF = 10;
const BIT_ORIGIN = 0x80;
const BIT_RIGHT_ORIGIN = 0x40;
const BIT_PARENT_SUB = 0x20;
/** Type refs 0..6: YArray, YMap, YText, YXmlElement, YXmlFragment, YXmlHook, YXmlText. */
const MAX_TYPE_REF = 6;
const XML_ELEMENT_REF = 3;
const XML_HOOK_REF = 5;

/** Returns null when `update` is a well-formed v1 update, otherwise a short reason (no content). */
export function validateUpdate(update: Uint8Array): string | null {
	return guarded(update, (reader) => {
		readStructs(reader);
		readDeleteSet(reader);
	});
}

/** Returns null when `stateVector` is a well-formed encoded state vector, otherwise a reason. */
export function validateStateVector(stateVector: Uint8Array): string | null {
	return guarded(stateVector, (reader) => {
		const clients = reader.count(2);
		for (let i = 0; i < clients; i++) {
			reader.varUint();
			reader.varUint();
		}
	});
}

function guarded(bytes: Uint8Array, walk: (reader: BoundedReader) => void): string | null {
	const reader = new BoundedReader(bytes);
	try {
		walk(reader);
		return reader.done ? null : 'trailing bytes';
	} catch (error) {
		return error instanceof MalformedInput ? error.message : 'undecodable';
	}
}

function readStructs(reader: BoundedReader): void {
	// A client block is at least three varuints (struct count, client, clock).
	const clients = reader.count(3);
	for (let c = 0; c < clients; c++) {
		const structs = reader.count(1);
		reader.varUint(); // client
		reader.varUint(); // first clock
		for (let s = 0; s < structs; s++) readStruct(reader);
	}
}

function readStruct(reader: BoundedReader): void {
	const info = reader.uint8();
	const ref = info & 0x1f;
	if (ref === GC_REF || ref === SKIP_REF) {
		reader.varUint(); // length
		return;
	}
	if (info & BIT_ORIGIN) readId(reader);
	if (info & BIT_RIGHT_ORIGIN) readId(reader);
	if ((info & (BIT_ORIGIN | BIT_RIGHT_ORIGIN)) === 0) {
		const parentInfo = reader.varUint();
		if (parentInfo === 1)
			reader.bytes(); // root type name
		else if (parentInfo === 0)
			readId(reader); // parent item
		else throw new MalformedInput('bad parent info');
		if (info & BIT_PARENT_SUB) reader.bytes();
	}
	readContent(reader, ref);
}

function readId(reader: BoundedReader): void {
	reader.varUint();
	reader.varUint();
}

function readContent(reader: BoundedReader, ref: number): void {
	switch (ref) {
		case 1: // deleted
			reader.varUint();
			return;
		case 2: // JSON (legacy)
			for (let n = reader.count(1), i = 0; i < n; i++) readJson(reader, true);
			return;
		case 3: // binary
		case 4: // string
			reader.bytes();
			return;
		case 5: // embed
			readJson(reader, false);
			return;
		case 6: // format: key + JSON value
			reader.bytes();
			readJson(reader, false);
			return;
		case 7:
			readTypeRef(reader);
			return;
		case 8: // any
			for (let n = reader.count(1), i = 0; i < n; i++) readAny(reader, 0);
			return;
		case 9: // subdocument: guid + options object
			reader.bytes();
			if (reader.uint8() !== 118) throw new MalformedInput('bad subdocument options');
			readAnyObject(reader, 1);
			return;
		default:
			throw new MalformedInput('unknown content');
	}
}

function readTypeRef(reader: BoundedReader): void {
	const typeRef = reader.varUint();
	if (typeRef > MAX_TYPE_REF) throw new MalformedInput('unknown type');
	if (typeRef === XML_ELEMENT_REF || typeRef === XML_HOOK_REF) reader.bytes(); // node name
}

/** Yjs parses these strings with JSON.parse while decoding; do it here so it cannot throw there. */
function readJson(reader: BoundedReader, allowUndefined: boolean): void {
	const text = reader.string();
	if (allowUndefined && text === 'undefined') return;
	try {
		JSON.parse(text);
	} catch {
		throw new MalformedInput('bad JSON content');
	}
}

function readAny(reader: BoundedReader, depth: number): void {
	if (depth > MAX_ANY_DEPTH) throw new MalformedInput('content nested too deep');
	const tag = reader.uint8();
	if (tag === 127 || tag === 126 || tag === 121 || tag === 120) return; // undefined, null, false, true
	if (tag === 125) reader.varInt();
	else if (tag === 124)
		reader.skip(4); // float32
	else if (tag === 123 || tag === 122)
		reader.skip(8); // float64, bigint64
	else if (tag === 119 || tag === 116)
		reader.bytes(); // string, Uint8Array
	else if (tag === 118) readAnyObject(reader, depth + 1);
	else if (tag === 117) for (let n = reader.count(1), i = 0; i < n; i++) readAny(reader, depth + 1);
	else throw new MalformedInput('unknown any tag');
}

function readAnyObject(reader: BoundedReader, depth: number): void {
	// Each entry is a key (≥1 byte) and a value (≥1 byte).
	for (let n = reader.count(2), i = 0; i < n; i++) {
		reader.bytes();
		readAny(reader, depth);
	}
}

function readDeleteSet(reader: BoundedReader): void {
	const clients = reader.count(2);
	for (let c = 0; c < clients; c++) {
		reader.varUint(); // client
		const ranges = reader.count(2); // each range is clock + length
		for (let i = 0; i < ranges; i++) {
			reader.varUint();
			reader.varUint();
		}
	}
}
