#!/usr/bin/env node
// Writes snippets/iam-mfa-guard.code-snippets and snippets/SOURCES.json from the
// definitions below, so that the VS Code snippet escaping (`\${aws:username}`) and the
// provenance record are never edited by hand. Run: node scripts/generate-snippets.mjs
//
// Each snippet is the publisher's latest text (from test/data/variants); where that text
// has a flaw the linter reports, the snippet is the corrected form and its description
// says, in one line after " — ", what changed and why. `changes` lists the flaw codes of
// test/data/variants/INDEX.md (or a rule id where the flaw has no code) that were fixed;
// test/unit/snippets.test.ts checks that linting `variant` reports each of them.
//
// Placeholders in the definitions: «1:default» -> ${1:default}; «1|a,b|» -> ${1|a,b|};
// "«#1:3600»" (quoted) -> ${1:3600} unquoted, for a JSON number. Everything else is
// text, and every "$" in it is escaped for the snippet grammar.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// The core owns the recommended exemption list; its build output is read, never a copy of it.
const CORE_BUILD = path.join(ROOT, 'out', 'server', 'src', 'core', 'index.js');
if (!fs.existsSync(CORE_BUILD)) {
  console.error(`${path.relative(ROOT, CORE_BUILD)} is missing: run "npm run build" first.`);
  process.exit(1);
}
const { RECOMMENDED_EXEMPTION } = createRequire(import.meta.url)(CORE_BUILD);
const OUT_SNIPPETS = path.join(ROOT, 'snippets', 'iam-mfa-guard.code-snippets');
const OUT_SOURCES = path.join(ROOT, 'snippets', 'SOURCES.json');

const ME = '${aws:username}';
const ACCOUNT = '«1:123456789012»';
const V = '2012-10-17';
const noMfaBoolIfExists = { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } };
const noMfaNullAge = { Null: { 'aws:MultiFactorAuthAge': 'true' } };

// ---------------------------------------------------------------- shared statements
const AWS_RECOMMENDED_EXEMPTION = [...RECOMMENDED_EXEMPTION];

const denyAllExceptListedIfNoMfa = {
  Sid: 'DenyAllExceptListedIfNoMFA',
  Effect: 'Deny',
  NotAction: AWS_RECOMMENDED_EXEMPTION,
  Resource: '*',
  Condition: noMfaBoolIfExists,
};

// AWS "my-sec-creds-self-manage", mirror commit 9ecbf47a (2022-11-23) .. archive 2023-06-15.
const awsMySecCreds2022 = {
  Version: V,
  Statement: [
    { Sid: 'AllowViewAccountInfo', Effect: 'Allow', Action: ['iam:GetAccountPasswordPolicy', 'iam:ListVirtualMFADevices'], Resource: '*' },
    { Sid: 'AllowManageOwnPasswords', Effect: 'Allow', Action: ['iam:ChangePassword', 'iam:GetUser'], Resource: `arn:aws:iam::*:user/${ME}` },
    { Sid: 'AllowManageOwnAccessKeys', Effect: 'Allow', Action: ['iam:CreateAccessKey', 'iam:DeleteAccessKey', 'iam:ListAccessKeys', 'iam:UpdateAccessKey'], Resource: `arn:aws:iam::*:user/${ME}` },
    { Sid: 'AllowManageOwnSigningCertificates', Effect: 'Allow', Action: ['iam:DeleteSigningCertificate', 'iam:ListSigningCertificates', 'iam:UpdateSigningCertificate', 'iam:UploadSigningCertificate'], Resource: `arn:aws:iam::*:user/${ME}` },
    { Sid: 'AllowManageOwnSSHPublicKeys', Effect: 'Allow', Action: ['iam:DeleteSSHPublicKey', 'iam:GetSSHPublicKey', 'iam:ListSSHPublicKeys', 'iam:UpdateSSHPublicKey', 'iam:UploadSSHPublicKey'], Resource: `arn:aws:iam::*:user/${ME}` },
    { Sid: 'AllowManageOwnGitCredentials', Effect: 'Allow', Action: ['iam:CreateServiceSpecificCredential', 'iam:DeleteServiceSpecificCredential', 'iam:ListServiceSpecificCredentials', 'iam:ResetServiceSpecificCredential', 'iam:UpdateServiceSpecificCredential'], Resource: `arn:aws:iam::*:user/${ME}` },
    { Sid: 'AllowManageOwnVirtualMFADevice', Effect: 'Allow', Action: ['iam:CreateVirtualMFADevice'], Resource: 'arn:aws:iam::*:mfa/*' },
    { Sid: 'AllowManageOwnUserMFA', Effect: 'Allow', Action: ['iam:DeactivateMFADevice', 'iam:EnableMFADevice', 'iam:ListMFADevices', 'iam:ResyncMFADevice'], Resource: `arn:aws:iam::*:user/${ME}` },
    denyAllExceptListedIfNoMfa,
  ],
};

// Trek10 (2017) and the 2016 AWS blog share their Allow statements.
const trek10Allows = (listSid) => [
  { Sid: listSid, Effect: 'Allow', Action: ['iam:ListAccountAliases', 'iam:GetAccountPasswordPolicy', 'iam:ListUsers'], Resource: ['*'] },
  {
    Sid: 'AllowIndividualUserToSeeTheirAccountInformation',
    Effect: 'Allow',
    Action: ['iam:ChangePassword', 'iam:CreateLoginProfile', 'iam:DeleteLoginProfile', 'iam:GetAccountPasswordPolicy', 'iam:GetAccountSummary', 'iam:GetLoginProfile', 'iam:UpdateLoginProfile'],
    Resource: [`arn:aws:iam::${ACCOUNT}:user/${ME}`],
  },
  { Sid: 'AllowIndividualUserToListTheirMFA', Effect: 'Allow', Action: ['iam:ListVirtualMFADevices', 'iam:ListMFADevices'], Resource: [`arn:aws:iam::${ACCOUNT}:mfa/*`, `arn:aws:iam::${ACCOUNT}:user/${ME}`] },
  // F′ fix: creating a device is split out onto mfa/* (free-form device names since 2022-11).
  { Sid: 'AllowIndividualUserToCreateTheirVirtualMFADevice', Effect: 'Allow', Action: ['iam:CreateVirtualMFADevice'], Resource: [`arn:aws:iam::${ACCOUNT}:mfa/*`] },
  {
    Sid: 'AllowIndividualUserToManageThierMFA',
    Effect: 'Allow',
    Action: ['iam:DeactivateMFADevice', 'iam:DeleteVirtualMFADevice', 'iam:EnableMFADevice', 'iam:ResyncMFADevice'],
    Resource: [`arn:aws:iam::${ACCOUNT}:mfa/${ME}`, `arn:aws:iam::${ACCOUNT}:user/${ME}`],
  },
];

// MFA001's fix: the IAM actions the policy grants, minus the never-without-MFA set (the
// core's `suggestedAllowlist` for the Trek10 original and the 2016 blog policy).
const TREK10_ALLOWLIST = [
  'iam:CreateVirtualMFADevice',
  'iam:EnableMFADevice',
  'iam:GetAccountPasswordPolicy',
  'iam:GetAccountSummary',
  'iam:GetLoginProfile',
  'iam:ListAccountAliases',
  'iam:ListMFADevices',
  'iam:ListUsers',
  'iam:ListVirtualMFADevices',
  'iam:ResyncMFADevice',
  'sts:GetSessionToken',
];

// iSEC Partners AWS-recipes: the MFA-age pair. `Null …Age "true"` covers access keys and
// sessions without MFA; `NumericGreaterThan …Age N` caps the MFA session at N seconds.
const isecPair = (seconds, scope) => [
  { Effect: 'Deny', ...scope, Resource: '*', Condition: noMfaNullAge },
  { Effect: 'Deny', ...scope, Resource: '*', Condition: { NumericGreaterThan: { 'aws:MultiFactorAuthAge': seconds } } },
];
const ISEC_SELF_ENROL_8H = ['iam:CreateVirtualMFADevice', 'iam:EnableMFADevice', 'iam:GetUser', 'iam:ListMFADevices', 'iam:ListUsers', 'iam:ListVirtualMFADevices'];
const ISEC_SELF_ENROL_CLI = ['iam:CreateVirtualMFADevice', 'iam:EnableMFADevice', 'iam:GetUser', 'iam:ListMFADevices'];

// AWS Knowledge Center "MFA with the AWS CLI": the article's own resolution (BoolIfExists).
const knowledgeCenterStatement = {
  Sid: 'BlockMostAccessUnlessSignedInWithMFA',
  Effect: 'Deny',
  NotAction: [
    'iam:CreateVirtualMFADevice',
    'iam:DeleteVirtualMFADevice',
    'iam:ListVirtualMFADevices',
    'iam:EnableMFADevice',
    'iam:ResyncMFADevice',
    'iam:ListAccountAliases',
    'iam:ListUsers',
    'iam:ListSSHPublicKeys',
    'iam:ListAccessKeys',
    'iam:ListServiceSpecificCredentials',
    'iam:ListMFADevices',
    'iam:GetAccountSummary',
    'sts:GetSessionToken',
  ],
  Resource: '*',
  Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false', 'aws:ViaAWSService': 'false' } },
};

// Amazon S3 User Guide "Requiring MFA" bucket policy (2021): the two deny statements.
const s3BucketDenies = [
  { Sid: '', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::«1:amzn-s3-demo-bucket»/«2:taxdocuments»/*', Condition: { Null: { 'aws:MultiFactorAuthAge': true } } },
  { Sid: '', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::«1:amzn-s3-demo-bucket»/«2:taxdocuments»/*', Condition: { NumericGreaterThan: { 'aws:MultiFactorAuthAge': '«#3:3600»' } } },
];

const scpStatement = {
  Sid: 'DenyStopAndTerminateWhenMFAIsNotPresent',
  Effect: 'Deny',
  Action: ['«1:ec2:StopInstances»', '«2:ec2:TerminateInstances»'],
  Resource: '*',
  Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': false } },
};

const allowRemoveMfaRecent = {
  Sid: 'AllowRemoveMfaOnlyIfRecentMfa',
  Effect: 'Allow',
  Action: ['iam:DeactivateMFADevice'],
  Resource: `arn:aws:iam::*:user/${ME}`,
  Condition: { NumericLessThanEquals: { 'aws:MultiFactorAuthAge': '«1:3600»' } },
};

const allowDeactivateWithMfa = {
  Sid: 'AllowUserToDeactivateTheirOwnMFAOnlyWhenUsingMFA',
  Effect: 'Allow',
  Action: ['iam:DeactivateMFADevice'],
  Resource: [`arn:aws:iam::*:user/${ME}`],
  Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
};

// terraform-aws-modules/terraform-aws-iam v6 modules/iam-group (2026-04, 981121bc), rendered.
const tfamUser = [`arn:aws:iam::${ACCOUNT}:user/${ME}`, `arn:aws:iam::${ACCOUNT}:user/*/${ME}`];
const terraformAwsModulesIamGroupV6 = {
  Version: V,
  Statement: [
    { Sid: 'ViewAccountInfo', Effect: 'Allow', Action: ['iam:GetAccountSummary', 'iam:GetAccountPasswordPolicy', 'iam:ListAccountAliases', 'iam:ListVirtualMFADevices'], Resource: '*' },
    { Sid: 'ManageOwnPasswords', Effect: 'Allow', Action: ['iam:ChangePassword', 'iam:GetLoginProfile', 'iam:GetUser', 'iam:UpdateLoginProfile'], Resource: tfamUser },
    { Sid: 'ManageOwnAccessKeys', Effect: 'Allow', Action: ['iam:CreateAccessKey', 'iam:DeleteAccessKey', 'iam:ListAccessKeys', 'iam:UpdateAccessKey', 'iam:GetAccessKeyLastUsed', 'iam:TagUser', 'iam:ListUserTags', 'iam:UntagUser'], Resource: tfamUser },
    { Sid: 'ManageOwnSigningCertificates', Effect: 'Allow', Action: ['iam:DeleteSigningCertificate', 'iam:ListSigningCertificates', 'iam:UpdateSigningCertificate', 'iam:UploadSigningCertificate'], Resource: tfamUser },
    { Sid: 'ManageOwnSSHPublicKeys', Effect: 'Allow', Action: ['iam:DeleteSSHPublicKey', 'iam:GetSSHPublicKey', 'iam:ListSSHPublicKeys', 'iam:UpdateSSHPublicKey', 'iam:UploadSSHPublicKey'], Resource: tfamUser },
    { Sid: 'ManageOwnGitCredentials', Effect: 'Allow', Action: ['iam:CreateServiceSpecificCredential', 'iam:DeleteServiceSpecificCredential', 'iam:ListServiceSpecificCredentials', 'iam:ResetServiceSpecificCredential', 'iam:UpdateServiceSpecificCredential'], Resource: tfamUser },
    { Sid: 'ManageOwnVirtualMFADevice', Effect: 'Allow', Action: 'iam:CreateVirtualMFADevice', Resource: `arn:aws:iam::${ACCOUNT}:mfa/*` },
    { Sid: 'ManageOwnUserMFA', Effect: 'Allow', Action: ['iam:DeactivateMFADevice', 'iam:EnableMFADevice', 'iam:ListMFADevices', 'iam:ResyncMFADevice'], Resource: tfamUser },
    {
      Sid: 'DenyAllExceptListedIfNoMFA',
      Effect: 'Deny',
      // L fix: "iam:ChangePassword" (added by PR #340, 2023-02) removed from this list.
      NotAction: ['iam:CreateVirtualMFADevice', 'iam:EnableMFADevice', 'iam:GetUser', 'iam:GetMFADevice', 'iam:ListMFADevices', 'iam:ListVirtualMFADevices', 'iam:ResyncMFADevice', 'sts:GetSessionToken'],
      Resource: '*',
      Condition: noMfaBoolIfExists,
    },
  ],
};

// terraform-module/terraform-aws-enforce-mfa data.tf @ 4a14bfcb (2024-10), rendered.
const mfaPresentTrue = { Bool: { 'aws:MultiFactorAuthPresent': 'true' } };
const tfemUser = `arn:aws:iam::${ACCOUNT}:user/${ME}`;
const terraformEnforceMfa2024 = {
  Version: V,
  Statement: [
    { Sid: 'AllowBasicVisibilityWithoutMfa', Effect: 'Allow', Action: ['iam:ListUsers', 'iam:GetAccountSummary', 'iam:ListAccountAliases', 'iam:ListVirtualMFADevices', 'iam:GetAccountPasswordPolicy'], Resource: '*' },
    // F′ fix: CreateVirtualMFADevice on mfa/* (was mfa/${aws:username}; DeleteVirtualMFADevice stays granted below).
    { Sid: 'MFAPersonalCreate', Effect: 'Allow', Action: ['iam:CreateVirtualMFADevice'], Resource: `arn:aws:iam::${ACCOUNT}:mfa/*` },
    { Sid: 'AllowIndividualUserToDeactivateOnlyTheirOwnMFAOnlyWhenUsingMFA', Effect: 'Allow', Action: 'iam:DeleteVirtualMFADevice', Resource: [`arn:aws:iam::${ACCOUNT}:mfa/${ME}`, tfemUser], Condition: mfaPresentTrue },
    { Effect: 'Allow', Action: ['iam:GetUser', 'iam:ListGroupsForUser'], Resource: tfemUser },
    { Effect: 'Allow', Action: 'iam:ListGroups', Resource: `arn:aws:iam::${ACCOUNT}:group/` },
    { Effect: 'Allow', Action: ['iam:ListGroupPolicies', 'iam:ListAttachedGroupPolicies'], Resource: `arn:aws:iam::${ACCOUNT}:group/*` },
    { Sid: 'AllowToListOnlyOwnMFA', Effect: 'Allow', Action: 'iam:ListMFADevices', Resource: ['arn:aws:iam::*:mfa/*', `arn:aws:iam::*:user/${ME}`] },
    {
      Sid: 'AllowManageOwnUserMFA',
      Effect: 'Allow',
      Action: ['iam:ChangePassword', 'iam:CreateLoginProfile', 'iam:UpdateLoginProfile', 'iam:ListAccessKeys', 'iam:UpdateUser', 'iam:ListAttachedUserPolicies', 'iam:ListSSHPublicKeys', 'iam:ListAccessKeys', 'iam:GetLoginProfile'],
      Resource: tfemUser,
    },
    { Sid: 'AllowUserToManageOwnMFA', Effect: 'Allow', Action: ['iam:DeleteVirtualMFADevice', 'iam:EnableMFADevice', 'iam:ResyncMFADevice'], Resource: [`arn:aws:iam::*:mfa/${ME}`, `arn:aws:iam::*:user/${ME}`] },
    { Sid: 'KeysAndCertificates', Effect: 'Allow', Action: ['iam:ListSigningCertificates', 'iam:ListSSHPublicKeys', 'iam:GetSSHPublicKey'], Resource: tfemUser },
    { Sid: 'AllowUserToDeactivateOnlyOwnMFAWhenUsingMFA', Effect: 'Allow', Action: 'iam:DeactivateMFADevice', Resource: [`arn:aws:iam::*:mfa/${ME}`, `arn:aws:iam::*:user/${ME}`], Condition: mfaPresentTrue },
    {
      Sid: 'AllowBasicVisibilityWhenLoggedInWithMFA',
      Effect: 'Allow',
      Action: ['iam:ListUserTags', 'iam:ListGroupsForUser', 'iam:ListPolicies', 'iam:GetGroup', 'iam:GenerateServiceLastAccessedDetails', 'iam:ListUserPolicies', 'iam:GetUser', 'iam:ListServiceSpecificCredentials', 'iam:ListAttachedUserPolicies'],
      Resource: '*',
      Condition: mfaPresentTrue,
    },
    // K fix: the four credential statements below used BoolIfExists "true" (lets long-term keys through); now Bool.
    { Sid: 'AllowManageOwnAccessKeys', Effect: 'Allow', Action: ['iam:CreateAccessKey', 'iam:DeleteAccessKey', 'iam:ListAccessKeys', 'iam:UpdateAccessKey'], Resource: tfemUser, Condition: mfaPresentTrue },
    { Sid: 'AllowManageOwnSigningCertificates', Effect: 'Allow', Action: ['iam:DeleteSigningCertificate', 'iam:ListSigningCertificates', 'iam:UpdateSigningCertificate', 'iam:UploadSigningCertificate'], Resource: tfemUser, Condition: mfaPresentTrue },
    { Sid: 'AllowManageOwnSSHPublicKeys', Effect: 'Allow', Action: ['iam:DeleteSSHPublicKey', 'iam:UpdateSSHPublicKey', 'iam:UploadSSHPublicKey'], Resource: tfemUser, Condition: mfaPresentTrue },
    { Sid: 'AllowManageOwnGitCredentials', Effect: 'Allow', Action: ['iam:CreateServiceSpecificCredential', 'iam:DeleteServiceSpecificCredential', 'iam:ListServiceSpecificCredentials', 'iam:ResetServiceSpecificCredential', 'iam:UpdateServiceSpecificCredential'], Resource: tfemUser, Condition: mfaPresentTrue },
    denyAllExceptListedIfNoMfa,
  ],
};

// ---------------------------------------------------------------- the snippets
const doc = (...statements) => ({ Version: V, Statement: statements });

/**
 * name, prefix, description, and either `policy` (a whole document) or `statements`
 * (a statement-level snippet, prefix ending in "-statement"); then the provenance:
 * variant (file in test/data/variants), family (a family of INDEX.md), changes (flaw codes
 * fixed), acceptedInformation (information findings RULES.md gives every policy of this
 * design, beyond MFA007/MFA009), note.
 */
const SNIPPETS = [
  {
    name: 'Force MFA: AWS manage own credentials (my-sec-creds, 2022-11)',
    prefix: 'force-mfa-manage-own-credentials',
    description: 'AWS IAM User Guide, "Allows MFA-authenticated IAM users to manage their own credentials on the Security credentials page" (2022-11, latest retrievable)',
    policy: awsMySecCreds2022,
    variant: 'aws-docs-self-manage-credentials-2022-11.json',
    family: 'aws-my-sec-creds',
    changes: [],
  },
  {
    name: 'Force MFA: AWS IAM tutorial Force_MFA (2019-01 onwards)',
    prefix: 'force-mfa-tutorial',
    description: 'AWS IAM tutorial "Permit users to manage their credentials and MFA settings": since 2019-01 it has you save the my-sec-creds policy as Force_MFA (text of 2022-11)',
    policy: awsMySecCreds2022,
    variant: 'aws-docs-self-manage-credentials-2022-11.json',
    family: 'aws-tutorial-force-mfa',
    changes: [],
    note: 'The tutorial stopped embedding its own policy after 2019-01-10 and points at my-sec-creds-self-manage; the older embedded texts (aws-docs-tutorial-force-mfa-*) are superseded.',
  },
  {
    name: 'Force MFA: AWS manage own MFA device only (2022-11)',
    prefix: 'force-mfa-manage-own-mfa-only',
    description: 'AWS IAM User Guide, "Allows MFA-authenticated IAM users to manage their own MFA device on the Security credentials page" (2022-11, latest retrievable)',
    policy: {
      Version: V,
      Statement: [
        { Sid: 'AllowViewAccountInfo', Effect: 'Allow', Action: 'iam:ListVirtualMFADevices', Resource: '*' },
        { Sid: 'AllowManageOwnVirtualMFADevice', Effect: 'Allow', Action: ['iam:CreateVirtualMFADevice'], Resource: 'arn:aws:iam::*:mfa/*' },
        { Sid: 'AllowManageOwnUserMFA', Effect: 'Allow', Action: ['iam:DeactivateMFADevice', 'iam:EnableMFADevice', 'iam:GetUser', 'iam:ListMFADevices', 'iam:ResyncMFADevice'], Resource: `arn:aws:iam::*:user/${ME}` },
        denyAllExceptListedIfNoMfa,
      ],
    },
    variant: 'aws-docs-self-manage-mfa-only-2022-11.json',
    family: 'aws-manage-own-mfa-only',
    changes: [],
  },
  {
    name: 'Force MFA: AWS IAM self-manage an MFA device (2025)',
    prefix: 'force-mfa-self-manage-mfa-device',
    description: 'AWS IAM User Guide, "IAM: Allows IAM users to self-manage an MFA device" (current live text, 2025)',
    policy: {
      Version: V,
      Statement: [
        { Sid: 'AllowListActions', Effect: 'Allow', Action: ['iam:ListUsers', 'iam:ListVirtualMFADevices'], Resource: '*' },
        { Sid: 'AllowUserToCreateVirtualMFADevice', Effect: 'Allow', Action: ['iam:CreateVirtualMFADevice'], Resource: 'arn:aws:iam::*:mfa/*' },
        { Sid: 'AllowUserToManageTheirOwnMFA', Effect: 'Allow', Action: ['iam:EnableMFADevice', 'iam:GetMFADevice', 'iam:ListMFADevices', 'iam:ResyncMFADevice'], Resource: `arn:aws:iam::*:user/${ME}` },
        allowDeactivateWithMfa,
        {
          Sid: 'BlockMostAccessUnlessSignedInWithMFA',
          Effect: 'Deny',
          NotAction: ['iam:CreateVirtualMFADevice', 'iam:EnableMFADevice', 'iam:ListMFADevices', 'iam:ListUsers', 'iam:ListVirtualMFADevices', 'iam:ResyncMFADevice'],
          Resource: '*',
          Condition: noMfaBoolIfExists,
        },
      ],
    },
    variant: 'aws-docs-iam-mfa-selfmanage-current-2025.json',
    family: 'aws-iam-mfa-selfmanage',
    changes: [],
  },
  {
    name: 'Force MFA: AWS Security Blog Force_MFA (2016), corrected',
    prefix: 'force-mfa-aws-blog-2016',
    description:
      'AWS Security Blog, "How to Delegate Management of Multi-Factor Authentication to AWS IAM Users" Force_MFA (2016) — NotAction "iam:*" replaced by the self-service allowlist (every IAM admin action and DeactivateMFADevice worked without MFA); CreateVirtualMFADevice on mfa/* (free-form device names since 2022-11)',
    policy: doc(
      { Sid: 'AllowAllUsersToListAccounts', Effect: 'Allow', Action: ['iam:ListAccountAliases', 'iam:ListUsers'], Resource: [`arn:aws:iam::${ACCOUNT}:user/*`] },
      {
        Sid: 'AllowIndividualUserToSeeTheirAccountInformation',
        Effect: 'Allow',
        Action: ['iam:ChangePassword', 'iam:CreateLoginProfile', 'iam:DeleteLoginProfile', 'iam:GetAccountPasswordPolicy', 'iam:GetAccountSummary', 'iam:GetLoginProfile', 'iam:UpdateLoginProfile'],
        Resource: [`arn:aws:iam::${ACCOUNT}:user/${ME}`],
      },
      ...trek10Allows('unused').slice(2),
      { Sid: 'DoNotAllowAnythingOtherThanAboveUnlessMFAd', Effect: 'Deny', NotAction: TREK10_ALLOWLIST, Resource: '*', Condition: noMfaNullAge },
    ),
    variant: 'aws-security-blog-2016-force-mfa-reconstructed.json',
    family: 'aws-security-blog-2016',
    changes: ['A', 'B', 'F′'],
    note: 'Reconstructed text (see INDEX.md). The allowlist is the linter\'s MFA001 suggestion for this policy.',
  },
  {
    name: 'Force MFA: Trek10 original (2017), corrected',
    prefix: 'force-mfa-trek10-original',
    description:
      'Trek10, "Improving the AWS Force MFA Policy for IAM Users", original policy (2017) — NotAction "iam:*" replaced by the self-service allowlist (IAM admin actions and DeactivateMFADevice worked without MFA); CreateVirtualMFADevice on mfa/*; "Null" block made valid JSON',
    policy: doc(...trek10Allows('AllowAllUsersToListAccountsAndGetPasswordPolicyForReset'), {
      Sid: 'DoNotAllowAnythingOtherThanAboveUnlessMFAd',
      Effect: 'Deny',
      NotAction: TREK10_ALLOWLIST,
      Resource: '*',
      Condition: noMfaNullAge,
    }),
    variant: 'trek10-force-mfa-2017-original.txt',
    family: 'trek10-original',
    changes: ['A', 'B', 'F′', 'H'],
  },
  {
    name: 'Force MFA: Trek10 improved (2017), corrected',
    prefix: 'force-mfa-trek10-improved',
    description:
      'Trek10, "Improving the Improved AWS Force MFA Policy for IAM Users" (2017-09) — DeactivateMFADevice/DeleteVirtualMFADevice and the password/login-profile actions removed from the exemption (stolen keys could strip MFA or reset the password); MFA condition added to DenyIamAccessToOtherAccountsUnlessMFAd (it also blocked MFA sessions); CreateVirtualMFADevice on mfa/*; "Null" block made valid JSON',
    policy: doc(
      ...trek10Allows('AllowAllUsersToListAccountsAndGetPasswordPolicyForReset'),
      {
        Sid: 'DenyEverythingExceptForBelowUnlessMFAd',
        Effect: 'Deny',
        NotAction: ['iam:ListVirtualMFADevices', 'iam:ListMFADevices', 'iam:ListUsers', 'iam:ListAccountAliases', 'iam:CreateVirtualMFADevice', 'iam:EnableMFADevice', 'iam:ResyncMFADevice', 'iam:GetAccountPasswordPolicy', 'iam:GetAccountSummary', 'iam:GetLoginProfile'],
        Resource: '*',
        Condition: noMfaNullAge,
      },
      {
        Sid: 'DenyIamAccessToOtherAccountsUnlessMFAd',
        Effect: 'Deny',
        Action: ['iam:DeactivateMFADevice', 'iam:DeleteVirtualMFADevice', 'iam:EnableMFADevice', 'iam:ResyncMFADevice', 'iam:ChangePassword', 'iam:CreateLoginProfile', 'iam:DeleteLoginProfile', 'iam:GetAccountSummary', 'iam:GetLoginProfile', 'iam:UpdateLoginProfile'],
        NotResource: [`arn:aws:iam::${ACCOUNT}:mfa/${ME}`, `arn:aws:iam::${ACCOUNT}:user/${ME}`],
        Condition: noMfaNullAge,
      },
    ),
    variant: 'trek10-force-mfa-2017-improved.txt',
    family: 'trek10-improved',
    changes: ['B', 'F′', 'H', 'L', 'MFA012'],
    note: 'CreateVirtualMFADevice is also dropped from DenyIamAccessToOtherAccountsUnlessMFAd: with free-form device names it would deny creating any device not named after the user.',
  },
  {
    name: 'iSEC Partners: enforce MFA, 8-hour session cap, strict (2015)',
    prefix: 'iam-mfa-session-8h-strict',
    description: 'iSEC Partners / NCC Group AWS-recipes EnforceMFA-8HourSession-Strict (2015-07): denies everything without MFA or with MFA older than 8 h (28800 s); an administrator enrols devices',
    policy: doc(...isecPair('«1:28800»', { Action: '*' })),
    variant: 'isec-aws-recipes-EnforceMFA-8HourSession-Strict.json',
    family: 'isec-8h-strict',
    changes: [],
    acceptedInformation: ['MFA008'],
  },
  {
    name: 'iSEC Partners: enforce MFA, 12-hour session cap, strict (2015)',
    prefix: 'iam-mfa-session-12h-strict',
    description: 'iSEC Partners / NCC Group AWS-recipes EnforceMFA-12HourSession-Strict (2015-07): denies everything without MFA or with MFA older than 12 h (43200 s); an administrator enrols devices',
    policy: doc(...isecPair('«1:43200»', { Action: '*' })),
    variant: 'isec-aws-recipes-EnforceMFA-12HourSession-Strict.json',
    family: 'isec-12h-strict',
    changes: [],
    acceptedInformation: ['MFA008'],
  },
  {
    name: 'iSEC Partners: enforce MFA, 8-hour session cap, self-enrolment (2016), corrected',
    prefix: 'iam-mfa-session-8h-self-enrol',
    description:
      'iSEC Partners / NCC Group AWS-recipes EnforceMFA-8HourSession-AllowEnableMFAChangePassword (2016-02) — iam:ChangePassword removed from both exemptions (a stolen key could change the password without MFA)',
    policy: doc(...isecPair('«1:28800»', { NotAction: ISEC_SELF_ENROL_8H })),
    variant: 'isec-aws-recipes-EnforceMFA-8HourSession-AllowEnableMFAChangePassword.json',
    family: 'isec-8h-self-enrolment',
    changes: ['L'],
  },
  {
    name: 'iSEC Partners: enforce MFA, 12-hour session cap, self-enrolment (2015)',
    prefix: 'iam-mfa-session-12h-self-enrol',
    description: 'iSEC Partners / NCC Group AWS-recipes EnforceMFA-12HourSession-AllowEnableMFARecipes (2015-08): self-enrolment through the CLI recipe (console enrolment also needs iam:ListVirtualMFADevices)',
    policy: doc(...isecPair('«1:43200»', { NotAction: ISEC_SELF_ENROL_CLI })),
    variant: 'isec-aws-recipes-EnforceMFA-12HourSession-AllowEnableMFARecipes.json',
    family: 'isec-12h-self-enrolment',
    changes: [],
  },
  {
    name: 'iSEC Partners: MFA session cap (statement pair)',
    prefix: 'iam-mfa-session-cap-statement',
    description: 'iSEC Partners / NCC Group AWS-recipes EnforceMFA-8HourSession (2016-02): the two Deny statements, no MFA (Null aws:MultiFactorAuthAge) or MFA older than N s — iam:ChangePassword removed from the exemption (password change without MFA)',
    statements: isecPair('«1|28800,43200,3600|»', { NotAction: ISEC_SELF_ENROL_8H }),
    variant: 'isec-aws-recipes-EnforceMFA-8HourSession-AllowEnableMFAChangePassword.json',
    family: 'isec-8h-self-enrolment',
    changes: ['L'],
  },
  {
    name: 'Force MFA: minimal DenyAllExceptListedIfNoMFA (BoolIfExists)',
    prefix: 'force-mfa-deny-all-except-listed',
    description: 'AWS IAM User Guide: the deny-unless-MFA statement of the AWS policies (2022-11) alone, with BoolIfExists as the aws:MultiFactorAuthPresent docs recommend (2019); pair it with your Allow statements',
    policy: doc(denyAllExceptListedIfNoMfa),
    variant: 'aws-docs-condition-keys-recommended-deny-boolifexists-fragment.txt',
    family: 'minimal-deny-boolifexists',
    changes: [],
    note: 'Exemption list from aws-docs-self-manage-credentials-2022-11.json.',
  },
  {
    name: 'Force MFA: DenyAllExceptListedIfNoMFA statement',
    prefix: 'force-mfa-deny-statement',
    description: 'AWS IAM User Guide (2022-11): the deny-unless-MFA statement with BoolIfExists, to insert into "Statement": [ … ]',
    statements: [denyAllExceptListedIfNoMfa],
    variant: 'aws-docs-condition-keys-recommended-deny-boolifexists-fragment.txt',
    family: 'minimal-deny-boolifexists',
    changes: [],
  },
  {
    name: 'Force MFA: AWS Knowledge Center, MFA for the AWS CLI',
    prefix: 'force-mfa-cli-knowledge-center',
    description:
      'AWS Knowledge Center "How can I require MFA authentication for IAM users that use the AWS CLI?" (repost.aws, live 2025) — Bool -> BoolIfExists, the article\'s own resolution (with Bool, long-term access keys were never denied)',
    policy: doc(knowledgeCenterStatement),
    variant: 'aws-knowledge-center-mfa-cli-problem-statement-fragment.txt',
    family: 'aws-knowledge-center-cli',
    changes: ['C'],
    acceptedInformation: ['MFA011'],
    note: 'The article\'s resolution keeps aws:ViaAWSService "false" (MFA011 information) and iam:DeleteVirtualMFADevice in the exemption, as published; the linter does not report the latter.',
  },
  {
    name: 'Force MFA: AWS Knowledge Center, MFA for the AWS CLI (statement)',
    prefix: 'force-mfa-cli-knowledge-center-statement',
    description: 'AWS Knowledge Center, MFA with the AWS CLI (repost.aws, live 2025) — Bool -> BoolIfExists, the article\'s own resolution (with Bool, long-term access keys were never denied)',
    statements: [knowledgeCenterStatement],
    variant: 'aws-knowledge-center-mfa-cli-problem-statement-fragment.txt',
    family: 'aws-knowledge-center-cli',
    changes: ['C'],
    acceptedInformation: ['MFA011'],
  },
  {
    name: 'IAM MFA: role trust policy requiring MFA',
    prefix: 'iam-mfa-role-trust',
    description: 'AWS IAM User Guide, "Creating a role to delegate permissions to an IAM user" trust policy requiring MFA (2020-07): MFA is checked only when the role is assumed',
    policy: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }),
    variant: 'aws-docs-role-trust-require-mfa-2020.json',
    family: 'role-trust',
    changes: [],
  },
  {
    name: 'IAM MFA: cross-account role trust requiring MFA',
    prefix: 'iam-mfa-role-trust-cross-account',
    description: 'AWS IAM User Guide, "Configuring MFA-protected API access", cross-account trust policy (2017-12 to today): users of the trusted account must have signed in with MFA',
    policy: { Version: V, Statement: { Effect: 'Allow', Principal: { AWS: '«1:111122223333»' }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } } },
    variant: 'aws-docs-cross-account-role-trust-require-mfa.json',
    family: 'cross-account-role-trust',
    changes: [],
  },
  {
    name: 'IAM MFA: S3 bucket policy requiring recent MFA',
    prefix: 'iam-mfa-s3-bucket-policy',
    description:
      'Amazon S3 User Guide, bucket policy "Requiring MFA" (2021-01) — line numbers removed (not JSON); the public-read Allow on "*" dropped (it made the whole bucket world-readable)',
    policy: { Version: V, Id: '123', Statement: s3BucketDenies },
    variant: 'aws-docs-s3-bucket-policy-require-mfa-and-age-2021.txt',
    family: 's3-bucket-policy',
    changes: ['H'],
    note: 'Also dropped: the third statement (Allow Principal "*" s3:GetObject on the whole bucket), which the linter does not report but which makes the bucket publicly readable (INDEX.md).',
  },
  {
    name: 'IAM MFA: S3 bucket policy requiring recent MFA (statements)',
    prefix: 'iam-mfa-s3-bucket-policy-statement',
    description: 'Amazon S3 User Guide, bucket policy "Requiring MFA" (2021-01): the two Deny statements, no MFA or MFA older than N s — line numbers removed (the published text was not JSON)',
    statements: s3BucketDenies,
    variant: 'aws-docs-s3-bucket-policy-require-mfa-and-age-2021.txt',
    family: 's3-bucket-policy',
    changes: ['H'],
  },
  {
    name: 'IAM MFA: S3 production bucket denied without recent MFA',
    prefix: 'iam-mfa-s3-production-bucket',
    description: 'AWS IAM User Guide, "Amazon S3: Allows read and write access… production bucket denied without recent MFA" identity policy (2020-01, NumericGreaterThanIfExists as AWS fixed it)',
    policy: doc(
      { Sid: 'ListAllS3Buckets', Effect: 'Allow', Action: ['s3:ListAllMyBuckets'], Resource: 'arn:aws:s3:::*' },
      { Sid: 'AllowBucketLevelActions', Effect: 'Allow', Action: ['s3:ListBucket', 's3:GetBucketLocation'], Resource: 'arn:aws:s3:::*' },
      { Sid: 'AllowBucketObjectActions', Effect: 'Allow', Action: ['s3:PutObject', 's3:PutObjectAcl', 's3:GetObject', 's3:GetObjectAcl', 's3:DeleteObject'], Resource: 'arn:aws:s3:::*/*' },
      {
        Sid: 'RequireMFAForProductionBucket',
        Effect: 'Deny',
        Action: 's3:*',
        Resource: ['arn:aws:s3:::«1:amzn-s3-demo-bucket-production»/*', 'arn:aws:s3:::«1:amzn-s3-demo-bucket-production»'],
        Condition: { NumericGreaterThanIfExists: { 'aws:MultiFactorAuthAge': '«2:1800»' } },
      },
    ),
    variant: 'aws-docs-s3-production-bucket-recent-mfa-2020.json',
    family: 's3-production-bucket',
    changes: [],
  },
  {
    name: 'IAM MFA: S3 cross-account bucket policy requiring MFA',
    prefix: 'iam-mfa-s3-bucket-policy-cross-account',
    description: 'AWS IAM User Guide, "Configuring MFA-protected API access", resource policy scenario (2017-12 to today): other accounts may put/delete objects only with MFA',
    policy: doc({
      Effect: 'Allow',
      Principal: { AWS: ['«1:111122223333»', '«2:444455556666»'] },
      Action: ['s3:PutObject', 's3:DeleteObject'],
      Resource: ['arn:aws:s3:::«3:amzn-s3-demo-bucket»/*'],
      Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
    }),
    variant: 'aws-docs-cross-account-s3-bucket-policy-require-mfa.json',
    family: 's3-cross-account-bucket-policy',
    changes: [],
  },
  {
    name: 'IAM MFA: SCP requiring MFA for chosen actions',
    prefix: 'iam-mfa-scp-require-mfa',
    description: 'AWS Organizations, example SCP "Require MFA to perform an API action" (2021-08): denies the listed actions unless signed in with MFA (BoolIfExists, so access keys are denied too)',
    policy: doc(scpStatement),
    variant: 'aws-docs-scp-require-mfa-ec2-stop-terminate.json',
    family: 'scp-require-mfa',
    changes: [],
  },
  {
    name: 'IAM MFA: require MFA for chosen actions (statement)',
    prefix: 'iam-mfa-require-mfa-for-actions-statement',
    description: 'AWS Organizations SCP / IAM User Guide EC2 example (2019–2021): Deny the listed actions unless signed in with MFA, for an SCP or an identity policy',
    statements: [scpStatement],
    variant: 'aws-docs-scp-require-mfa-ec2-stop-terminate.json',
    family: 'scp-require-mfa',
    changes: [],
  },
  {
    name: 'IAM MFA: EC2 stop/terminate only with MFA',
    prefix: 'iam-mfa-ec2-stop-terminate',
    description: 'AWS IAM User Guide, "EC2: Requires MFA (GetSessionToken) for specific EC2 operations" (2019-07 to today)',
    policy: doc({ Sid: 'AllowAllActionsForEC2', Effect: 'Allow', Action: 'ec2:*', Resource: '*' }, { ...scpStatement, Action: ['ec2:StopInstances', 'ec2:TerminateInstances'] }),
    variant: 'aws-docs-ec2-require-mfa-stop-terminate-2019.json',
    family: 'ec2-require-mfa',
    changes: [],
  },
  {
    name: 'IAM MFA: allow removing MFA only after recent MFA',
    prefix: 'iam-mfa-allow-remove-mfa-recent',
    description: 'AWS IAM User Guide, Condition element example "AllowRemoveMfaOnlyIfRecentMfa" (2022-12): DeactivateMFADevice only within N seconds of signing in with MFA',
    policy: doc(allowRemoveMfaRecent),
    variant: 'aws-docs-allow-remove-mfa-only-if-recent-mfa-2022-12.json',
    family: 'allow-remove-mfa-recent',
    changes: [],
  },
  {
    name: 'IAM MFA: allow removing MFA only after recent MFA (statement)',
    prefix: 'iam-mfa-allow-remove-mfa-recent-statement',
    description: 'AWS IAM User Guide, "AllowRemoveMfaOnlyIfRecentMfa" (2022-12): the Allow statement alone, to insert into "Statement": [ … ]',
    statements: [allowRemoveMfaRecent],
    variant: 'aws-docs-allow-remove-mfa-only-if-recent-mfa-2022-12.json',
    family: 'allow-remove-mfa-recent',
    changes: [],
  },
  {
    name: 'IAM MFA: deactivate own MFA device only with MFA (statement)',
    prefix: 'iam-mfa-allow-deactivate-with-mfa-statement',
    description: 'AWS IAM User Guide, "IAM: self-manage an MFA device" (2018-11 to 2025): DeactivateMFADevice on the caller only with "Bool" MFA true, how AWS fixed the removable-MFA flaw',
    statements: [allowDeactivateWithMfa],
    variant: 'aws-docs-iam-mfa-selfmanage-current-2025.json',
    family: 'aws-iam-mfa-selfmanage',
    changes: [],
  },
  {
    name: 'Force MFA: terraform-aws-modules iam-group v6 (2026), corrected',
    prefix: 'force-mfa-terraform-aws-modules-iam-group',
    description:
      'terraform-aws-modules/terraform-aws-iam v6 modules/iam-group self-management policy, rendered (2026-04) — iam:ChangePassword removed from the no-MFA exemption (a stolen key could change the password without MFA)',
    policy: terraformAwsModulesIamGroupV6,
    variant: 'terraform-aws-modules-iam-group-v6-2026.rendered.json',
    family: 'terraform-aws-modules-iam-group',
    changes: ['L'],
  },
  {
    name: 'Force MFA: terraform-module/enforce-mfa (2024), corrected',
    prefix: 'force-mfa-terraform-enforce-mfa',
    description:
      'terraform-module/terraform-aws-enforce-mfa data.tf, rendered (2024-10) — BoolIfExists "true" -> Bool on the access-key/certificate/SSH/git Allows (IfExists let long-term keys in without MFA); CreateVirtualMFADevice on mfa/* (free-form device names since 2022-11)',
    policy: terraformEnforceMfa2024,
    variant: 'terraform-module-enforce-mfa-2024-10.rendered.json',
    family: 'terraform-module-enforce-mfa',
    changes: ['K', 'F′'],
    note: 'F′ fix: MFAPersonalCreate now grants only CreateVirtualMFADevice on mfa/*; CreateVirtualMFADevice dropped from AllowUserToManageOwnMFA (was mfa/${aws:username}); DeleteVirtualMFADevice stays granted on mfa/${aws:username}.',
  },
];

// ---------------------------------------------------------------- serialisation
/**
 * JSON text -> snippet text: escape "$" and "\" of the text (a "}" outside a placeholder is
 * plain text in the snippet grammar, and no default below contains one), then turn «…»
 * into placeholders.
 */
function toSnippetText(json) {
  let text = json.replace(/[\\$]/g, (c) => '\\' + c);
  // Placeholders meant to stand in for a JSON number: drop the quotes.
  text = text.replace(/"«#(\d+):([^»]*)»"/g, (_, n, d) => `\${${n}:${d}}`);
  text = text.replace(/«(\d+):([^»]*)»/g, (_, n, d) => `\${${n}:${d}}`);
  text = text.replace(/«(\d+)\|([^»]*)\|»/g, (_, n, d) => `\${${n}|${d}|}`);
  if (/[«»]/.test(text)) throw new Error('unconverted placeholder in ' + text);
  return text;
}

function bodyOf(s) {
  const json = s.policy ? JSON.stringify(s.policy, null, '\t') : s.statements.map((st) => JSON.stringify(st, null, '\t')).join(',\n');
  return toSnippetText(json).split('\n');
}

const snippets = {};
const sources = {};
const seenPrefixes = new Set();
for (const s of SNIPPETS) {
  if (snippets[s.name]) throw new Error('duplicate name ' + s.name);
  if (seenPrefixes.has(s.prefix)) throw new Error('duplicate prefix ' + s.prefix);
  seenPrefixes.add(s.prefix);
  if (!!s.policy === !!s.statements) throw new Error('policy xor statements: ' + s.name);
  if (!!s.statements !== s.prefix.endsWith('-statement')) throw new Error('statement-level prefixes end in -statement: ' + s.name);
  snippets[s.name] = { prefix: s.prefix, description: s.description, body: bodyOf(s) };
  sources[s.name] = {
    variant: s.variant,
    family: s.family,
    changes: s.changes,
    ...(s.acceptedInformation ? { acceptedInformation: s.acceptedInformation } : {}),
    ...(s.note ? { note: s.note } : {}),
  };
}

fs.mkdirSync(path.dirname(OUT_SNIPPETS), { recursive: true });
fs.writeFileSync(OUT_SNIPPETS, JSON.stringify(snippets, null, '\t') + '\n');
fs.writeFileSync(OUT_SOURCES, JSON.stringify(sources, null, 2) + '\n');
console.log(`wrote ${SNIPPETS.length} snippets to ${path.relative(ROOT, OUT_SNIPPETS)} and ${path.relative(ROOT, OUT_SOURCES)}`);
