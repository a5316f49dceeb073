// Section 1: signatures per second of this package's signer, of the official Amazon Pay Node.js
// SDK, and of a bare crypto.sign (RSASSA-PSS, SHA-256, salt 32) as the floor, on one key and one
// request. Each contender runs for a fixed time per round; rounds rotate the order.

import { constants, createPrivateKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

import { signOutgoingRequest } from '../dist/nodes/shared/requestSigning';
import { signRequest } from '../dist/nodes/shared/signing';
import { answerParent, progress } from './lib/child';
import { createSdkClient } from './lib/sdk';
import { formatNumber, formatRatio, interquartileSpread, median } from './lib/stats';
import { verdict, type SectionResult } from './lib/table';

// Short blocks, interleaved signer by signer: a change in the machine's load (it is shared)
// then hits every signer alike, and each signer's time is compared with the floor's in the same
// round.
const ROUNDS = 160;
const SIGNATURES_PER_BLOCK = 32;
const WARM_UP_MS = 500;
const TARGET_RATIO_TO_FLOOR = 1.15;

const PUBLIC_KEY_ID = 'SANDBOX-AEDKJ4RWBO3IXXD5MNEO7GEZ';
const REPORT_ID = '123456789012';
const ALGORITHM = 'AMZN-PAY-RSASSA-PSS-V2';

interface Contender {
	name: string;
	signOnce: () => unknown;
}

let sink: unknown;

function contenders(privateKeyPem: string, keyObject: KeyObject): Contender[] {
	// The floor signs a string as long as the package's string to sign: the algorithm name, a
	// line break and a hex SHA-256.
	const stringToSign = Buffer.from(`${ALGORITHM}\n${'0'.repeat(64)}`, 'utf8');
	const sdkWithPem = createSdkClient({
		publicKeyId: PUBLIC_KEY_ID,
		privateKey: privateKeyPem,
		region: 'na',
		sandbox: true,
		algorithm: ALGORITHM,
	});
	const sdkWithKeyObject = createSdkClient({
		publicKeyId: PUBLIC_KEY_ID,
		privateKey: keyObject,
		region: 'na',
		sandbox: true,
		algorithm: ALGORITHM,
	});
	const credentials = {
		publicKeyId: PUBLIC_KEY_ID,
		privateKey: privateKeyPem,
		region: 'na',
		environment: 'sandbox',
		algorithm: ALGORITHM,
	};

	return [
		{
			name: 'crypto.sign floor (KeyObject, 87-byte string)',
			signOnce: () =>
				sign('sha256', stringToSign, {
					key: keyObject,
					padding: constants.RSA_PKCS1_PSS_PADDING,
					saltLength: 32,
				}).toString('base64'),
		},
		{
			name: 'package signRequest (PEM text)',
			signOnce: () =>
				signRequest({
					method: 'GET',
					url: `https://pay-api.amazon.com/v2/reports/${REPORT_ID}`,
					publicKeyId: PUBLIC_KEY_ID,
					privateKey: privateKeyPem,
					algorithm: ALGORITHM,
					region: 'na',
					now: new Date(),
				}),
		},
		{
			name: 'package credential authenticate (signOutgoingRequest)',
			signOnce: () =>
				signOutgoingRequest(credentials, { method: 'GET', url: `/v2/reports/${REPORT_ID}` }),
		},
		{
			name: 'SDK getSignedHeaders (PEM text, as its README)',
			signOnce: () =>
				sdkWithPem.getSignedHeaders({ method: 'GET', urlFragment: `reports/${REPORT_ID}` }),
		},
		{
			name: 'SDK getSignedHeaders (KeyObject)',
			signOnce: () =>
				sdkWithKeyObject.getSignedHeaders({ method: 'GET', urlFragment: `reports/${REPORT_ID}` }),
		},
	];
}

function runFor(contender: Contender, durationMs: number): void {
	const started = performance.now();
	while (performance.now() - started < durationMs) sink = contender.signOnce();
}

/** Milliseconds for one block of signatures. */
function timeBlock(contender: Contender): number {
	const started = performance.now();
	for (let i = 0; i < SIGNATURES_PER_BLOCK; i++) sink = contender.signOnce();
	return performance.now() - started;
}

async function main(): Promise<SectionResult> {
	const { privateKey: privateKeyPem } = generateKeyPairSync('rsa', {
		modulusLength: 2048,
		privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
		publicKeyEncoding: { type: 'spki', format: 'pem' },
	});
	const keyObject = createPrivateKey(privateKeyPem);
	const all = contenders(privateKeyPem, keyObject);

	for (const contender of all) runFor(contender, WARM_UP_MS);

	const rates = all.map(() => [] as number[]);
	const ratios = all.map(() => [] as number[]);
	for (let round = 0; round < ROUNDS; round++) {
		if (round % 40 === 0) progress(`signing: round ${round + 1}-${round + 40} of ${ROUNDS}`);
		const blockMs: number[] = [];
		// Rotate the order so that no signer always runs first (or right after the floor).
		for (let step = 0; step < all.length; step++) {
			const index = (step + round) % all.length;
			blockMs[index] = timeBlock(all[index]);
		}
		blockMs.forEach((ms, index) => {
			rates[index].push((SIGNATURES_PER_BLOCK / ms) * 1000);
			ratios[index].push(ms / blockMs[0]);
		});
	}

	const medianRates = rates.map(median);
	const medianRatios = ratios.map(median);
	const [, packageSigner, credentialPath, sdkPem] = medianRates;
	const noisy =
		'A busy machine widens the spread of the rounds (the IQR column); run again on a quiet ' +
		'one, and if the miss stays, profile the signer against the floor.';
	const rows = all.map((contender, index) => [
		contender.name,
		formatNumber(medianRates[index]),
		formatNumber(1e6 / medianRates[index], 1),
		formatRatio(medianRatios[index]),
		`${(interquartileSpread(rates[index]) * 100).toFixed(0)}%`,
	]);

	return {
		title: '1. Signing: signatures per second, one RSA-2048 key, GET /v2/reports/{reportId}',
		method: [
			`${ROUNDS} rounds after a ${WARM_UP_MS} ms warm-up each; in every round each signer makes ` +
				`${SIGNATURES_PER_BLOCK} signatures (order rotated per round); medians of rounds.`,
			'x floor = block time / crypto.sign block time of the same round, median over rounds.',
			'IQR = interquartile range of the round rates / median: how noisy the machine was.',
		],
		columns: ['signer', 'signatures/s', 'µs/signature', 'x floor', 'IQR'],
		rows,
		targets: [
			{
				target: `package signRequest within ${TARGET_RATIO_TO_FLOOR}x of the crypto.sign floor`,
				measured: formatRatio(medianRatios[1]),
				verdict: verdict(medianRatios[1] <= TARGET_RATIO_TO_FLOOR),
				whenMissed: noisy,
			},
			{
				target: `credential authenticate within ${TARGET_RATIO_TO_FLOOR}x of the floor`,
				measured: formatRatio(medianRatios[2]),
				verdict: verdict(medianRatios[2] <= TARGET_RATIO_TO_FLOOR),
				whenMissed: noisy,
			},
			{
				target: 'package signRequest ahead of the SDK (PEM, as documented)',
				measured: `${formatRatio(packageSigner / sdkPem)} the SDK's rate`,
				verdict: verdict(packageSigner > sdkPem),
				whenMissed: noisy,
			},
			{
				target: 'credential authenticate ahead of the SDK (PEM)',
				measured: `${formatRatio(credentialPath / sdkPem)} the SDK's rate`,
				verdict: verdict(credentialPath > sdkPem),
				whenMissed: noisy,
			},
		],
		notes: [],
	};
}

void sink;
answerParent(main);
