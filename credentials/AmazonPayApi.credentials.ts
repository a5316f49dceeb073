import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { signOutgoingRequest } from '../nodes/shared/requestSigning';

export class AmazonPayApi implements ICredentialType {
	name = 'amazonPayApi';

	displayName = 'Amazon Pay API';

	icon: Icon = { light: 'file:amazonPay.svg', dark: 'file:amazonPay.dark.svg' };

	documentationUrl = 'https://developer.amazon.com/docs/amazon-pay-api-v2/signing-requests.html';

	properties: INodeProperties[] = [
		{
			displayName: 'Public Key ID',
			name: 'publicKeyId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'SANDBOX-AEDKJ4RWBO3IXXD5MNEO7GEZ',
			description:
				'Shown in Seller Central under Integration > Integration Central > API keys, next to the key',
		},
		{
			displayName: 'Private Key',
			name: 'privateKey',
			type: 'string',
			typeOptions: { password: true, rows: 4 },
			default: '',
			required: true,
			placeholder: '-----BEGIN PRIVATE KEY-----',
			description:
				'The whole private key file that Seller Central downloaded when the public key ID was created (PEM)',
		},
		{
			displayName: 'Region',
			name: 'region',
			type: 'options',
			options: [
				{ name: 'North America', value: 'na', description: 'pay-api.amazon.com' },
				{ name: 'Europe and UK', value: 'eu', description: 'pay-api.amazon.eu' },
				{ name: 'Japan', value: 'jp', description: 'pay-api.amazon.jp' },
			],
			default: 'na',
			description: 'Where the merchant account is registered; a key only works in its own region',
		},
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{ name: 'Sandbox', value: 'sandbox' },
				{ name: 'Live', value: 'live' },
			],
			default: 'sandbox',
			description:
				'Ignored when the Public Key ID starts with SANDBOX- or LIVE-: such a key implies its environment',
		},
		{
			displayName: 'Signature Algorithm',
			name: 'algorithm',
			type: 'options',
			options: [
				{
					name: 'AMZN-PAY-RSASSA-PSS-V2',
					value: 'AMZN-PAY-RSASSA-PSS-V2',
					description: 'For keys created since 2023',
				},
				{
					name: 'AMZN-PAY-RSASSA-PSS (Legacy)',
					value: 'AMZN-PAY-RSASSA-PSS',
					description: 'For older keys',
				},
			],
			default: 'AMZN-PAY-RSASSA-PSS-V2',
		},
		{
			displayName: 'Base URL Override',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:8444',
			description:
				'Leave empty to reach Amazon Pay. Set it to send requests elsewhere instead, such as the Amazon Pay emulator or a proxy.',
		},
	];

	// Signing needs the final URL, body and headers, so it cannot be a static header template.
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return signOutgoingRequest(credentials, requestOptions);
	}

	test: ICredentialTestRequest = {
		request: {
			method: 'GET',
			url: '/v2/reports',
			qs: { pageSize: 1 },
		},
		// Without these, n8n shows only the HTTP status text ("Unauthorized").
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Amazon Pay rejected the signature. Check that the Private Key is the file downloaded with this Public Key ID, and that Region and Environment (sandbox or live) match the key.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'Amazon Pay refused this key. Check the Public Key ID, and that Region and Environment (sandbox or live) match the key.',
				},
			},
		],
	};
}
