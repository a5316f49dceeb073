// Signs with the official Amazon Pay Node.js SDK, to check the emulator against the
// signer merchants use in production.

interface SdkConfig {
	publicKeyId: string;
	privateKey: string;
	region: string;
	sandbox: boolean;
	algorithm?: string;
	overrideServiceUrl?: string;
}

interface SdkRequest {
	method: string;
	/** The path without its leading slash, environment segment included when used. */
	urlFragment: string;
	payload?: string;
	queryParams?: Record<string, string>;
	headers?: Record<string, string>;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const clientHelper = require('@amazonpay/amazon-pay-api-sdk-nodejs/src/clientHelper') as {
	signHeaders(config: SdkConfig, options: SdkRequest): Record<string, string>;
};

/**
 * The SDK's signed headers. Its overrideServiceUrl also switches off TLS checks for the
 * whole process; that switch is put back as it was.
 */
export function signWithSdk(config: SdkConfig, options: SdkRequest): Record<string, string> {
	const tlsSetting = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
	try {
		return clientHelper.signHeaders(config, { ...options });
	} finally {
		if (tlsSetting === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
		else process.env.NODE_TLS_REJECT_UNAUTHORIZED = tlsSetting;
	}
}
