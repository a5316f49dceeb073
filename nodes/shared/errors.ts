/**
 * Bad input the user can fix: names the field in the editor's words and, in `hint`, shows an
 * accepted value. The n8n glue turns it into a NodeOperationError.
 */
export class AmazonPayInputError extends Error {
	constructor(
		readonly field: string,
		message: string,
		readonly hint?: string,
	) {
		super(message);
		this.name = 'AmazonPayInputError';
	}
}
