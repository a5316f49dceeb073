import { Credentials } from 'n8n-core';
import {
	ICredentialsHelper,
	NodeHelpers,
	UserError,
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IDataObject,
	type IHttpRequestHelper,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentialsDetails,
	type INodeParameters,
	type INodeProperties,
	type INodeTypes,
	type IRequestOptionsSimplified,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

/** Credential values by credential type name, e.g. `{ amazonPayApi: { publicKeyId: '…' } }`. */
export type CredentialValues = Record<string, Record<string, unknown>>;

/**
 * Hands every credential reference of a type the values the test gave for that type, and lets
 * the credential type sign requests with its own `authenticate`, as n8n's CredentialsHelper does.
 */
export class RunnerCredentialsHelper extends ICredentialsHelper {
	private readonly values: CredentialValues;

	constructor(
		private readonly credentialTypes: Record<string, ICredentialType>,
		private readonly nodeTypes: INodeTypes,
		values: CredentialValues,
	) {
		super();
		this.values = structuredClone(values);
	}

	getParentTypes(_name: string): string[] {
		return [];
	}

	isCredentialUsableByNode(_credentialType: string, _nodeType: string): boolean {
		return true;
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.getCredentialType(type).properties;
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const credentialType = this.getCredentialType(type);
		const given = this.values[type];
		if (given === undefined) {
			throw new UserError(
				`The runner was given no values for credential type "${type}" ` +
					`(RunOptions.credentials.${type})`,
			);
		}

		// Like n8n, fill fields the user never touched with the credential type's defaults.
		const defaults = NodeHelpers.getNodeParameters(
			credentialType.properties,
			given as INodeParameters,
			true,
			false,
			null,
			null,
		);
		return { ...defaults, ...given } as ICredentialDataDecryptedObject;
	}

	async getCredentials(nodeCredentials: INodeCredentialsDetails, type: string) {
		const credentials = new Credentials(nodeCredentials, type);
		await credentials.setData((this.values[type] ?? {}) as ICredentialDataDecryptedObject);
		return credentials;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = this.getCredentialType(typeName);
		if (authenticate === undefined) return requestOptions as IHttpRequestOptions;

		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions as IHttpRequestOptions);
		}

		// The generic form: `{ type: 'generic', properties: { headers: {...}, qs: {...}, ... } }`,
		// whose keys and values may be expressions over `$credentials`.
		const resolve = this.makeResolver(credentials, workflow, node);
		const authenticated = { ...requestOptions } as unknown as Record<string, unknown>;
		for (const [section, entries] of Object.entries(authenticate.properties)) {
			const target = { ...((authenticated[section] as IDataObject | undefined) ?? {}) };
			for (const [key, value] of Object.entries(entries as Record<string, unknown>)) {
				target[String(resolve(key))] = resolve(value) as IDataObject[string];
			}
			authenticated[section] = target;
		}
		return authenticated as unknown as IHttpRequestOptions;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		_node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.getCredentialType(typeName);
		const expirable = credentialType.properties.find(
			(property) => property.type === 'hidden' && property.typeOptions?.expirable === true,
		);
		if (expirable === undefined || credentialType.preAuthentication === undefined) return undefined;
		const current = credentials[expirable.name];
		if (!credentialsExpired && current !== '' && current !== undefined) return undefined;
		return await this.runPreAuthentication(helpers, credentials, typeName);
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.getCredentialType(typeName);
		if (credentialType.preAuthentication === undefined) return undefined;

		const output = await credentialType.preAuthentication.call(helpers, credentials);
		this.values[typeName] = { ...this.values[typeName], ...output };
		return output as ICredentialDataDecryptedObject;
	}

	async updateCredentials(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	) {
		this.values[type] = { ...data };
	}

	async updateCredentialsOauthTokenData(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	) {
		this.values[type] = { ...this.values[type], ...data };
	}

	private getCredentialType(type: string): ICredentialType {
		const credentialType = this.credentialTypes[type];
		if (credentialType === undefined) {
			throw new UserError(`Unrecognized credential type: ${type}`);
		}
		return credentialType;
	}

	private makeResolver(
		credentials: ICredentialDataDecryptedObject,
		workflow?: Workflow,
		node?: INode,
	) {
		const expressionWorkflow =
			workflow ??
			new Workflow({ nodes: [], connections: {}, active: false, nodeTypes: this.nodeTypes });
		const expressionNode = node ?? {
			id: 'runner',
			name: 'runner',
			type: 'runner',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		};

		return (value: unknown) => {
			if (typeof value !== 'string' || !value.startsWith('=')) return value;
			return expressionWorkflow.expression.getSimpleParameterValue(
				expressionNode,
				value,
				'internal',
				{ $credentials: credentials },
				undefined,
				'',
			);
		};
	}
}
