import { constants, createHash, generateKeyPairSync, verify } from 'node:crypto';

import { getCanonicalRequest } from '../../../../nodes/shared/signing/canonicalRequest';
import { signRequest } from '../../../../nodes/shared/signing/signRequest';
import { SIGNING_CASES, type SigningCase } from '../../../fixtures/signingCases';

// The official SDK's signing helpers: the reference this signer must agree with.
const sdkHelper = require('@amazonpay/amazon-pay-api-sdk-nodejs/src/clientHelper.js');

const FROZEN_NOW = new Date('2024-08-04T12:34:56.000Z');
const HOSTS = { na: 'pay-api.amazon.com', eu: 'pay-api.amazon.eu', jp: 'pay-api.amazon.jp' };
const SALT = { 'AMZN-PAY-RSASSA-PSS-V2': 32, 'AMZN-PAY-RSASSA-PSS': 20 };

const { privateKey, publicKey } = generateKeyPairSync('rsa', {
	modulusLength: 2048,
	privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
	publicKeyEncoding: { type: 'spki', format: 'pem' },
});

function keyId(testCase: SigningCase): string {
	return `${testCase.keyPrefix}AEDKJ4RWBO3IXXD5MNEO7GEZ`;
}

function signWithSdk(testCase: SigningCase) {
	const configArgs = {
		publicKeyId: keyId(testCase),
		privateKey,
		region: testCase.region,
		sandbox: testCase.environment === 'sandbox',
		algorithm: testCase.algorithm,
	};
	const options = sdkHelper.prepareOptions(configArgs, {
		method: testCase.method,
		urlFragment: testCase.resource,
		queryParams: testCase.query,
		payload: testCase.body ?? (testCase.method === 'POST' ? {} : null),
	});
	if (testCase.method !== 'POST') options.payload = '';
	const headers: Record<string, string> = sdkHelper.signHeaders(configArgs, options);
	return { options, headers };
}

// Rebuild the canonical request the SDK signed from what it returned: its Authorization header
// names the signed headers, and every one of them is in the returned set.
function rebuildSdkCanonicalRequest(testCase: SigningCase, sdk: ReturnType<typeof signWithSdk>) {
	const authorization = sdk.headers.authorization;
	const signedNames = /SignedHeaders=([^,]+)/.exec(authorization)![1].split(';');
	const signedHeaders = Object.fromEntries(signedNames.map((name) => [name, sdk.headers[name]]));
	const query = Object.keys(testCase.query ?? {})
		.sort()
		.map((name) => `${name}=${encodeURIComponent(testCase.query![name])}`)
		.join('&');
	return {
		canonicalRequest: getCanonicalRequest({
			method: testCase.method,
			path: `/${sdk.options.urlFragment}`,
			canonicalQuery: query,
			headers: signedHeaders,
			body: sdk.options.payload ?? '',
		}),
		signature: /Signature=(.+)$/.exec(authorization)![1],
		signedHeaders,
	};
}

function verifies(algorithm: SigningCase['algorithm'], canonicalRequest: string, signature: string) {
	const stringToSign = `${algorithm}\n${createHash('sha256').update(canonicalRequest).digest('hex')}`;
	return verify('sha256', Buffer.from(stringToSign), {
		key: publicKey,
		padding: constants.RSA_PKCS1_PSS_PADDING,
		saltLength: SALT[algorithm],
	}, Buffer.from(signature, 'base64'));
}

describe('signing conformance with the official Amazon Pay SDK', () => {
	beforeAll(() => {
		jest.useFakeTimers({ now: FROZEN_NOW, doNotFake: ['nextTick', 'setImmediate'] });
	});
	afterAll(() => {
		jest.useRealTimers();
	});

	it.each(SIGNING_CASES.map((testCase) => [testCase.name, testCase] as const))(
		'%s',
		(_name, testCase) => {
			const sdk = signWithSdk(testCase);
			const sdkSide = rebuildSdkCanonicalRequest(testCase, sdk);
			// The rebuild is right only if the SDK's own signature verifies over it.
			expect(verifies(testCase.algorithm, sdkSide.canonicalRequest, sdkSide.signature)).toBe(true);

			const envSegment = testCase.keyPrefix ? '' : `/${testCase.environment}`;
			const ours = signRequest({
				method: testCase.method,
				url: `https://${HOSTS[testCase.region]}${envSegment}/v2/${testCase.resource}`,
				query: testCase.query,
				body: testCase.body ? JSON.stringify(testCase.body) : '',
				// The SDK also signs its user-agent; sign the same value to compare whole requests.
				headers: { 'user-agent': sdkSide.signedHeaders['user-agent'] },
				publicKeyId: keyId(testCase),
				privateKey,
				algorithm: testCase.algorithm,
				region: testCase.region,
				now: FROZEN_NOW,
			});

			expect(ours.canonicalRequest).toBe(sdkSide.canonicalRequest);
			expect(verifies(testCase.algorithm, ours.canonicalRequest, /Signature=(.+)$/.exec(ours.headers.authorization)![1])).toBe(true);
			expect(ours.headers.authorization).toMatch(
				new RegExp(`^${testCase.algorithm} PublicKeyId=${keyId(testCase)}, SignedHeaders=`),
			);
		},
	);

	it('signs without the user-agent by default, and a V2 signature does not verify as salt 20', () => {
		const signed = signRequest({
			method: 'GET',
			url: 'https://pay-api.amazon.com/sandbox/v2/reports',
			publicKeyId: 'AEDKJ4RWBO3IXXD5MNEO7GEZ',
			privateKey,
			algorithm: 'AMZN-PAY-RSASSA-PSS-V2',
			region: 'na',
			now: FROZEN_NOW,
		});
		expect(signed.headers.authorization).toContain(
			'SignedHeaders=accept;content-type;x-amz-pay-date;x-amz-pay-host;x-amz-pay-region,',
		);
		const signature = Buffer.from(/Signature=(.+)$/.exec(signed.headers.authorization)![1], 'base64');
		const check = (saltLength: number) =>
			verify('sha256', Buffer.from(signed.stringToSign), {
				key: publicKey,
				padding: constants.RSA_PKCS1_PSS_PADDING,
				saltLength,
			}, signature);
		expect(check(32)).toBe(true);
		expect(check(20)).toBe(false);
	});
});
