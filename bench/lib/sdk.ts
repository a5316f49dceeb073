// The official Amazon Pay Node.js SDK, typed for the few calls the benchmarks make. It ships no
// type declarations.

export interface SdkConfig {
	publicKeyId: string;
	/** The SDK passes this straight to crypto: PEM text (as its README shows) or a KeyObject. */
	privateKey: string | import('node:crypto').KeyObject;
	region: string;
	sandbox: boolean;
	algorithm?: string;
	/** Host (and port) the SDK puts after https:// instead of Amazon's. */
	overrideServiceUrl?: string;
}

export interface SdkRequestOptions {
	method: string;
	urlFragment: string;
	payload?: string;
	headers?: Record<string, string>;
	queryParams?: Record<string, string>;
}

export interface SdkWebStoreClient {
	getSignedHeaders(options: SdkRequestOptions): Record<string, string>;
	getReportById(reportId: string): Promise<{ status: number; data: unknown }>;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const sdk = require('@amazonpay/amazon-pay-api-sdk-nodejs') as {
	WebStoreClient: new (config: SdkConfig) => SdkWebStoreClient;
};

export function createSdkClient(config: SdkConfig): SdkWebStoreClient {
	return new sdk.WebStoreClient(config);
}
