'use strict';

// n8n reads the package.json "n8n" section; this entry point serves code that requires the package directly.
module.exports = {
	AmazonPayApi: require('./dist/credentials/AmazonPayApi.credentials.js').AmazonPayApi,
	AmazonPayReports: require('./dist/nodes/AmazonPayReports/AmazonPayReports.node.js').AmazonPayReports,
	AmazonPayReportsTrigger: require('./dist/nodes/AmazonPayReportsTrigger/AmazonPayReportsTrigger.node.js')
		.AmazonPayReportsTrigger,
};
