import { configs as communityNodes } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import * as jsoncParser from 'jsonc-eslint-parser';
import tseslint from 'typescript-eslint';

// The n8n Cloud rule set (what n8n's scanner runs on verified nodes), plus n8n's older node and
// credential description rules. Disable comments are not used: the scanner ignores them.
export default [
	{ ignores: ['dist/**', 'node_modules/**', 'test/**', 'bench/**', 'examples/**', '*.js', '*.mjs'] },
	{
		files: ['**/*.ts'],
		languageOptions: { parser: tseslint.parser, parserOptions: { sourceType: 'module' } },
	},
	{ files: ['**/*.json'], languageOptions: { parser: jsoncParser } },
	communityNodes.recommended,
	{
		files: ['credentials/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			// These two want n8n's internal doc slugs; a community credential links a full URL.
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			'n8n-nodes-base/cred-class-field-documentation-url-not-http-url': 'off',
			// It takes "Public Key ID" for a secret by its name; the ID is shown in Seller Central and
			// sent in every request. @n8n/community-nodes/credential-password-field checks real secrets.
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			// Superseded: n8n now wants NodeConnectionTypes.Main rather than the 'main' literal.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			'n8n-nodes-base/node-class-description-inputs-wrong-trigger-node': 'off',
			// Operations live in their own files, one per operation, not in <Resource>Description.ts.
			'n8n-nodes-base/node-resource-description-filename-against-convention': 'off',
		},
	},
	{
		files: ['package.json'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: n8nNodesBase.configs.community.rules,
	},
];
