import type { INodeProperties } from 'n8n-workflow';

import { documentOutputProperty } from './documentOptions';

/** Wait for Completion, Download Document and Output, for an operation that yields a report. */
export function completionProperties(operation: string): INodeProperties[] {
	const show = { resource: ['report'], operation: [operation] };
	return [
		{
			displayName: 'Wait for Completion',
			name: 'waitForCompletion',
			type: 'boolean',
			default: false,
			description:
				'Whether to wait until Amazon Pay has finished the report (processingStatus COMPLETED) before going on',
			displayOptions: { show },
		},
		{
			displayName: 'Download Document',
			name: 'downloadDocument',
			type: 'boolean',
			default: false,
			description: "Whether to download the finished report's document and output it",
			displayOptions:
				operation === 'create' ? { show: { ...show, waitForCompletion: [true] } } : { show },
		},
		{ ...documentOutputProperty, displayOptions: { show: { ...show, downloadDocument: [true] } } },
	];
}
