// Get Report Document.
// Docs: https://developer.amazon.com/docs/amazon-pay-api-v2/reports.html#get-report-document

import { notFound } from '../errors';
import { processingStatusAt } from '../reports';
import type { Operation } from '../state';

const getReportDocument: Operation = {
	method: 'GET',
	path: '/v2/report-documents/{reportDocumentId}',
	execute(request, state) {
		const { reportDocumentId } = request.pathParameters;
		const report = state.reports.findByDocumentId(request.environment, reportDocumentId);
		// A document exists once its report has completed; before that its ID is not known.
		if (!report || processingStatusAt(report, request.now) !== 'COMPLETED') {
			throw notFound(`The report document with reportDocumentId '${reportDocumentId}' was not found.`);
		}

		return {
			status: 200,
			body: {
				reportDocumentId,
				url: state.documents.issueUrl(report, request.now, request.baseUrl),
				compressionAlgorithm: report.document.compressionUndeclared
					? 'N/A'
					: (report.document.compression ?? 'N/A'),
			},
		};
	},
};

export const reportDocumentOperations: Operation[] = [getReportDocument];
