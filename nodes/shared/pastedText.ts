// Characters that a web page, chat, PDF or password manager slips into copied text without
// showing them: soft hyphens, zero-width characters, byte-order marks and the marks that set
// the direction of bidirectional text. None belongs in a key or a key ID.
const INVISIBLE_CHARACTERS = /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

export function withoutInvisibleCharacters(text: string): string {
	return text.replace(INVISIBLE_CHARACTERS, '');
}
