// A synthetic `get-account-authorization-details` export of any size, in AWS's shape (URL-encoded
// documents, PolicyVersionList with IsDefaultVersion), for the audit benchmark and robustness
// tests. Deterministic for a seed.

export interface ExportSize {
  readonly users: number;
  readonly groups: number;
  readonly roles: number;
  readonly policies: number;
  readonly seed?: number;
}

const ACCOUNT = '210987654321';

const FORCE_MFA = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'AllowManageOwnMFA', Effect: 'Allow', Action: ['iam:EnableMFADevice', 'iam:ListMFADevices', 'iam:ResyncMFADevice'], Resource: 'arn:aws:iam::*:user/${aws:username}' },
    { Sid: 'AllowCreateMFA', Effect: 'Allow', Action: 'iam:CreateVirtualMFADevice', Resource: 'arn:aws:iam::*:mfa/*' },
    { Sid: 'BlockMostAccessUnlessSignedInWithMFA', Effect: 'Deny', NotAction: ['iam:CreateVirtualMFADevice', 'iam:EnableMFADevice', 'iam:ListMFADevices', 'iam:ListUsers', 'iam:ListVirtualMFADevices', 'iam:ResyncMFADevice'], Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } },
  ],
};
const TREK10_STYLE = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'DoNotAllowAnythingOtherThanAboveUnlessMFAd', Effect: 'Deny', NotAction: 'iam:*', Resource: '*', Condition: { Null: { 'aws:MultiFactorAuthAge': 'true' } } }],
};
const SERVICES = ['s3', 'ec2', 'dynamodb', 'lambda', 'sqs', 'sns', 'kms', 'logs', 'cloudwatch', 'rds', 'ecr', 'ecs', 'secretsmanager', 'ssm', 'glue', 'athena'];
const VERBS = ['Get*', 'List*', 'Describe*', 'Put*', 'Create*', 'Delete*', 'Update*', '*'];

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

const enc = (doc: unknown) => encodeURIComponent(JSON.stringify(doc, null, 4)).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());

export function generateAccountExport(size: ExportSize): string {
  const random = rng(size.seed ?? 42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const policyArns: string[] = [];
  const policies: unknown[] = [];
  for (let i = 0; i < size.policies; i++) {
    const name = `policy-${i}`;
    const arn = `arn:aws:iam::${ACCOUNT}:policy/generated/${name}`;
    policyArns.push(arn);
    let doc: unknown;
    if (i % 50 === 0) doc = FORCE_MFA;
    else if (i % 97 === 0) doc = TREK10_STYLE;
    else {
      const statements = [];
      const n = 1 + Math.floor(random() * 4);
      for (let s = 0; s < n; s++) {
        const service = pick(SERVICES);
        const statement: Record<string, unknown> = { Sid: `S${s}`, Effect: 'Allow', Action: [`${service}:${pick(VERBS)}`, `${pick(SERVICES)}:${pick(VERBS)}`], Resource: random() < 0.5 ? '*' : `arn:aws:${service}:*:${ACCOUNT}:thing-${i}-${s}/*` };
        if (random() < 0.1) statement.Condition = { StringEquals: { 'aws:PrincipalTag/team': pick(['eng', 'ops', 'data']) } };
        statements.push(statement);
      }
      if (i % 13 === 0) statements.push({ Sid: 'Iam', Effect: 'Allow', Action: ['iam:PassRole', 'iam:Get*', 'iam:List*'], Resource: '*' });
      doc = { Version: '2012-10-17', Statement: statements };
    }
    policies.push({
      PolicyName: name,
      PolicyId: `ANPA${String(i).padStart(17, '0')}`,
      Arn: arn,
      Path: '/generated/',
      DefaultVersionId: 'v2',
      AttachmentCount: 1,
      PermissionsBoundaryUsageCount: 0,
      IsAttachable: true,
      CreateDate: '2024-01-01T00:00:00+00:00',
      UpdateDate: '2024-02-01T00:00:00+00:00',
      PolicyVersionList: [
        { Document: enc(doc), VersionId: 'v2', IsDefaultVersion: true, CreateDate: '2024-02-01T00:00:00+00:00' },
        { Document: enc({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }), VersionId: 'v1', IsDefaultVersion: false, CreateDate: '2024-01-01T00:00:00+00:00' },
      ],
    });
  }
  const admin = 'arn:aws:iam::aws:policy/AdministratorAccess';
  const groups: unknown[] = [];
  const groupNames: string[] = [];
  for (let g = 0; g < size.groups; g++) {
    const name = `group-${g}`;
    groupNames.push(name);
    const managed = Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(policyArns));
    if (g % 25 === 0) managed.push(admin);
    groups.push({
      Path: '/',
      GroupName: name,
      GroupId: `AGPA${String(g).padStart(17, '0')}`,
      Arn: `arn:aws:iam::${ACCOUNT}:group/${name}`,
      CreateDate: '2024-01-01T00:00:00+00:00',
      GroupPolicyList: g % 10 === 0 ? [{ PolicyName: `inline-${g}`, PolicyDocument: enc({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: `${pick(SERVICES)}:${pick(VERBS)}`, Resource: '*' }] }) }] : [],
      AttachedManagedPolicies: [...new Set(managed)].map((arn) => ({ PolicyName: arn.split('/').pop(), PolicyArn: arn })),
    });
  }
  const users: unknown[] = [];
  for (let u = 0; u < size.users; u++) {
    const name = `user-${u}`;
    const path = u % 7 === 0 ? '/engineering/' : '/';
    const inGroups = [...new Set(Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(groupNames)))];
    users.push({
      Path: path,
      UserName: name,
      UserId: `AIDA${String(u).padStart(17, '0')}`,
      Arn: `arn:aws:iam::${ACCOUNT}:user${path}${name}`,
      CreateDate: '2024-01-01T00:00:00+00:00',
      GroupList: inGroups,
      AttachedManagedPolicies: u % 10 === 0 ? [{ PolicyName: 'x', PolicyArn: pick(policyArns) }] : [],
      ...(u % 20 === 0 ? { UserPolicyList: [{ PolicyName: 'own', PolicyDocument: enc({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:*AccessKey*', Resource: 'arn:aws:iam::*:user/${aws:username}' }] }) }] } : {}),
      Tags: u % 3 === 0 ? [{ Key: 'team', Value: pick(['eng', 'ops', 'data']) }] : [],
    });
  }
  const roles: unknown[] = [];
  for (let r = 0; r < size.roles; r++) {
    const name = `role-${r}`;
    const kind = r % 4;
    const statement =
      kind === 0
        ? { Effect: 'Allow', Principal: { Service: pick(['ec2.amazonaws.com', 'lambda.amazonaws.com', 'ecs-tasks.amazonaws.com']) }, Action: 'sts:AssumeRole' }
        : kind === 1
          ? { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }
          : kind === 2
            ? { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }
            : { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': `ext-${r}` } } };
    roles.push({
      Path: '/',
      RoleName: name,
      RoleId: `AROA${String(r).padStart(17, '0')}`,
      Arn: `arn:aws:iam::${ACCOUNT}:role/${name}`,
      CreateDate: '2024-01-01T00:00:00+00:00',
      AssumeRolePolicyDocument: enc({ Version: '2012-10-17', Statement: [statement] }),
      InstanceProfileList: [],
      RolePolicyList: r % 5 === 0 ? [{ PolicyName: 'inline', PolicyDocument: enc({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: `${pick(SERVICES)}:*`, Resource: '*' }] }) }] : [],
      AttachedManagedPolicies: Array.from({ length: 1 + Math.floor(random() * 2) }, () => pick(policyArns)).map((arn) => ({ PolicyName: arn.split('/').pop(), PolicyArn: arn })),
      Tags: [],
      RoleLastUsed: {},
    });
  }
  return JSON.stringify({ UserDetailList: users, GroupDetailList: groups, RoleDetailList: roles, Policies: policies, IsTruncated: false }, null, 2);
}
