// Fixes for the MFA rules (RULES.md §4, "fix" column). Each is computed from the finding's
// range and data, never from its message.
import { MFA_PRESENT_KEY, mfaKeyKind } from '../analysis/mfaKeys';
import { parseOperator } from '../analysis/operators';
import { isPerUserCredentialAction } from '../analysis/mfaSets';
import { replaceString, setValue, statementPath } from './edits';
import type { Mfa001Data } from '../rules/mfa001-notaction-iam-wildcard';
import type { Mfa002Data } from '../rules/mfa002-mfa-device-removable';
import type { Mfa003Data } from '../rules/mfa003-deny-misses-context';
import type { Mfa004Data } from '../rules/mfa004-allow-ifexists';
import type { Mfa006Data } from '../rules/mfa006-misspelled-mfa-key';
import type { Mfa007Data } from '../rules/mfa007-self-service-unscoped';
import type { Mfa008Data } from '../rules/mfa008-enrolment-lockout';
import type { Mfa014Data } from '../rules/mfa014-create-virtual-mfa-own-name';
import type { Mfa015Data } from '../rules/mfa015-exemption-credential-change';
import type { Fix, FixContext, FixProvider, FixProviders } from './fix';
import { removeHclListEntry } from './hclEdits';
import { fix, flaggedEntry, freshSid, insertStatementAfter, isHcl, moveKeyToOperator, operatorOfKey, removeEntryEdits, setListEdits } from './shared';

const OWN_USER = 'arn:aws:iam::*:user/${aws:username}';
const OWN_MFA = 'arn:aws:iam::*:mfa/${aws:username}';

/** The exemption without the flagged entry, plus new entries not already there. */
function exemptionWith(context: FixContext, additions: readonly string[]): string[] {
  const entry = flaggedEntry(context);
  const current = (context.statement?.node.notAction?.values ?? []).filter((v) => v !== entry?.node).map((v) => v.value);
  const seen = new Set(current.map((v) => v.toLowerCase()));
  return [...current, ...additions.filter((a) => !seen.has(a.toLowerCase()))];
}

function preview(list: readonly string[]): string {
  const names = list.map((a) => a.replace(/^iam:/, ''));
  return names.length <= 4 ? names.join(', ') : `${names.slice(0, 3).join(', ')} …`;
}

const mfa001: FixProvider<Mfa001Data> = (context) => {
  const { suggestedAllowlist: own, recommendedExemption: recommended, entry } = context.data;
  const fromPolicy = own !== recommended && own.join() !== recommended.join();
  const fixes: Fix[] = [];
  if (fromPolicy) {
    const iamCount = own.filter((a) => a.startsWith('iam:')).length;
    fixes.push(...fix(context, `Replace "${entry}" with the ${iamCount} IAM actions this policy grants without MFA risk (${preview(own)})`, setListEdits(context, 'NotAction', exemptionWith(context, own))));
  }
  fixes.push(
    ...fix(context, `Replace "${entry}" with the AWS-recommended self-service list (${preview(recommended)})`, setListEdits(context, 'NotAction', exemptionWith(context, recommended)), {
      preferred: !fromPolicy,
    }),
  );
  return fixes;
};

const mfa002: FixProvider<Mfa002Data> = (context) => {
  const data = context.data;
  const action = data.action;
  if (data.via === 'exemption') {
    if (data.replacement) return fix(context, `Replace "${data.entry}" with the ${data.replacement.length} actions it covers that are safe without MFA (${preview(data.replacement)})`, setListEdits(context, 'NotAction', exemptionWith(context, data.replacement)));
    return fix(context, `Remove "${data.entry}" from the exemption (${action} then needs MFA)`, removeEntryEdits(context));
  }
  if (data.via !== 'allow') return []; // a Deny's resource scope: the user decides how to widen it
  const s = context.statement;
  const entry = flaggedEntry(context);
  if (!s || !entry || !context.structural) return [];
  const conditionPath = statementPath(context.analysis.policy, s.node.index, 'Condition', 'Bool', MFA_PRESENT_KEY);
  if (!data.sharedWithOtherActions) return fix(context, `Require MFA for this statement ("Bool": {"${MFA_PRESENT_KEY}": "true"})`, setValue(context.text, conditionPath, 'true'));
  if (/[*?]/.test(entry.node.value)) return []; // moving a wildcard would move other actions too
  const resources = s.node.resource?.values.map((v) => v.value) ?? ['*'];
  const moved = {
    Sid: freshSid(context, 'AllowDeactivateOwnMFADeviceOnlyWithMFA'),
    Effect: 'Allow',
    Action: entry.node.value,
    Resource: resources.length === 1 ? resources[0] : resources,
    Condition: { Bool: { [MFA_PRESENT_KEY]: 'true' } },
  };
  const edits = [...removeEntryEdits(context), ...insertStatementAfter(context, moved)];
  // Both halves or nothing: removing the entry alone would leave the action without an Allow.
  return edits.length >= 2 ? fix(context, `Move ${entry.node.value} into its own statement that requires MFA`, edits) : [];
};

/** MFA003 and MFA004: change the operator of the MFA key (moving it into its own block if needed). */
const operatorChange: FixProvider<Mfa003Data | Mfa004Data> = (context) => {
  const data = context.data;
  const s = context.statement;
  const located = s && operatorOfKey(s.node, context.finding.range);
  if (!located) return [];
  const { op } = located;
  const key = op.keys.find((k) => mfaKeyKind(k.name) !== undefined) ?? located.key;
  const info = parseOperator(op.name);
  if (info?.family === 'Null' && /present$/i.test(key.name)) {
    // Null "true" on MultiFactorAuthPresent misses sessions without MFA: BoolIfExists "false" covers both.
    return fix(context, `Use "BoolIfExists": {"${key.name}": "false"}, which also covers sessions without MFA`, moveKeyToOperator(context, op, key, 'BoolIfExists', ['false']));
  }
  const target = data.suggestedOperator;
  if (!target || target === op.name) return [];
  return fix(context, `Change "${op.name}" to "${target}"${op.keys.length > 1 ? ` for ${key.name} (in a block of its own)` : ''}`, moveKeyToOperator(context, op, key, target));
};

const mfa005: FixProvider = (context) => {
  const s = context.statement;
  const located = s && operatorOfKey(s.node, context.finding.range);
  if (!located) return [];
  const family = parseOperator(located.op.name)?.family;
  if (family !== 'Bool' && family !== 'Null') return [];
  const key = located.op.keys.find((k) => /^aws:multifactorauth/i.test(k.name)) ?? located.key;
  const flipped = key.values.map((v) => (String(v.value).toLowerCase() === 'true' ? 'false' : 'true'));
  return fix(context, `Flip ${key.name} to "${flipped.join('", "')}"`, key.values.flatMap((v, i) => replaceString(v.range, flipped[i])));
};

const mfa006: FixProvider<Mfa006Data> = (context) => {
  const suggested = context.data.suggestedKey;
  return suggested ? fix(context, `Change to "${suggested}"`, replaceString(context.finding.range, suggested)) : [];
};

const mfa007: FixProvider<Mfa007Data> = (context) => {
  const data = context.data;
  const s = context.statement;
  if (!s) return [];
  if (data.via === 'allow') {
    // Only where every action of the statement is about one user's credentials: account-wide
    // actions in the same statement (ListVirtualMFADevices …) need "*".
    const perUserOnly = s.actions.inService('iam').length > 0 && !s.actions.isComplement && [...s.actions.keys].every(isPerUserCredentialAction);
    if (!perUserOnly) return [];
    return fix(context, `Limit to the caller: "${OWN_USER}"`, replaceString(context.finding.range, data.suggestedResource));
  }
  const actions = data.actions;
  const limit = {
    Sid: freshSid(context, 'DenyCredentialSelfServiceOnOtherUsersWithoutMFA'),
    Effect: 'Deny',
    Action: actions,
    NotResource: [OWN_USER, OWN_MFA],
    Condition: { BoolIfExists: { [MFA_PRESENT_KEY]: 'false' } },
  };
  // Offered, not applied by fix-all: it matters for policies given to admins, and adds a statement.
  return fix(context, `Add a Deny that limits ${actions.length === 1 ? actions[0] : `these ${actions.length} actions`} to the caller without MFA`, insertStatementAfter(context, limit), { safeForFixAll: false });
};

const mfa008: FixProvider<Mfa008Data> = (context) => {
  const data = context.data;
  if (!data.usesNotAction || data.deliberate) return [];
  const missing = data.blockedActions;
  return fix(context, `Add ${missing.join(', ')} to the exemption`, setListEdits(context, 'NotAction', exemptionWith(context, missing)));
};

const mfa012: FixProvider = (context) => {
  const s = context.statement;
  if (!s || !context.structural) return [];
  const path = statementPath(context.analysis.policy, s.node.index, 'Condition', 'BoolIfExists', MFA_PRESENT_KEY);
  return fix(context, `Apply this Deny only without MFA ("BoolIfExists": {"${MFA_PRESENT_KEY}": "false"})`, setValue(context.text, path, 'false'));
};

const removeFromExemption: FixProvider = (context) => {
  const entry = flaggedEntry(context);
  return entry ? fix(context, `Remove "${entry.node.value}" from the exemption (it stays allowed with MFA)`, removeEntryEdits(context)) : [];
};

const mfa014: FixProvider<Mfa014Data> = (context) => {
  const data = context.data;
  const s = context.statement;
  if (data.via === 'deny') {
    const entry = s?.node.action?.values.findIndex((v) => v.value === data.entry) ?? -1;
    if (s && entry >= 0 && isHcl(context) && !/[*?]/.test(String(data.entry))) return fix(context, `Take ${data.entry} out of this Deny`, removeHclListEntry(context.text, s.node.action!, entry));
    if (!s || entry < 0 || !context.structural || !s.node.action!.isArray || s.node.action!.values.length < 2 || /[*?]/.test(String(data.entry))) return [];
    return fix(context, `Take ${data.entry} out of this Deny`, setValue(context.text, statementPath(context.analysis.policy, s.node.index, 'Action', entry), undefined));
  }
  const suggested = data.suggestedResource;
  if (!suggested || !s) return [];
  // Widening the resource would widen every other action of the statement too (DeleteVirtualMFADevice …):
  // then grant CreateVirtualMFADevice on its own instead.
  const onlyCreate = !s.actions.isComplement && [...s.actions.keys].every((k) => k === 'iam:createvirtualmfadevice');
  if (onlyCreate) return fix(context, `Allow a device of any name: "${suggested}"`, replaceString(context.finding.range, suggested));
  const grant = { Sid: freshSid(context, 'AllowCreateVirtualMFADeviceOfAnyName'), Effect: 'Allow', Action: 'iam:CreateVirtualMFADevice', Resource: suggested };
  return fix(context, `Add a statement that allows iam:CreateVirtualMFADevice on "${suggested}" (a device of any name)`, insertStatementAfter(context, grant));
};

// A Resource/NotResource hole has no one-edit fix: the deny's resources must be rewritten.
const mfa015: FixProvider<Mfa015Data> = (context) => (context.data.via ? [] : removeFromExemption(context));

export const MFA_FIXES: FixProviders = {
  MFA001: mfa001,
  MFA002: mfa002,
  MFA003: operatorChange,
  MFA004: operatorChange,
  MFA005: mfa005,
  MFA006: mfa006,
  MFA007: mfa007,
  MFA008: mfa008,
  MFA012: mfa012,
  MFA013: removeFromExemption,
  MFA014: mfa014,
  // A Resource/NotResource hole has no one-edit fix: the deny's resources must be rewritten.
  MFA015: mfa015,
};

