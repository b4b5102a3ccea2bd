// Every rule, in id order. Adding a rule: one file, one line here, one docs page.
import { iam003 } from './general/iam003-version';
import { iam004 } from './general/iam004-effect';
import { iam005 } from './general/iam005-action-and-notaction';
import { iam006 } from './general/iam006-unknown-service';
import { iam007 } from './general/iam007-unknown-action';
import { iam008 } from './general/iam008-unknown-operator';
import { iam009 } from './general/iam009-key-type-mismatch';
import { iam010 } from './general/iam010-empty-array';
import { iam011 } from './general/iam011-duplicate-sid';
import { iam012 } from './general/iam012-unknown-global-key';
import { iam013 } from './general/iam013-missing-element';
import { GeneralCode } from '../ruleIds';
import { mfa001 } from './mfa001-notaction-iam-wildcard';
import { mfa002 } from './mfa002-mfa-device-removable';
import { mfa003 } from './mfa003-deny-misses-context';
import { mfa004 } from './mfa004-allow-ifexists';
import { mfa005 } from './mfa005-inverted-logic';
import { mfa006 } from './mfa006-misspelled-mfa-key';
import { mfa007 } from './mfa007-self-service-unscoped';
import { mfa008 } from './mfa008-enrolment-lockout';
import { mfa009 } from './mfa009-activation-race';
import { mfa010 } from './mfa010-mfa-never-expires';
import { mfa011 } from './mfa011-deny-depends-on-other-key';
import { mfa012 } from './mfa012-sid-promises-mfa';
import { mfa013 } from './mfa013-exemption-non-iam';
import { mfa014 } from './mfa014-create-virtual-mfa-own-name';
import { mfa015 } from './mfa015-exemption-credential-change';
import type { PolicyRule, RuleMeta } from './rule';

export const MFA_RULES: readonly PolicyRule[] = [mfa001, mfa002, mfa003, mfa004, mfa005, mfa006, mfa007, mfa008, mfa009, mfa010, mfa011, mfa012, mfa013, mfa014, mfa015];

export const GENERAL_RULES: readonly PolicyRule[] = [iam003, iam004, iam005, iam006, iam007, iam008, iam009, iam010, iam011, iam012, iam013];

export const ALL_RULES: readonly PolicyRule[] = [...MFA_RULES, ...GENERAL_RULES];

/** Each rule under its id (a test checks the two agree); its type says what data the rule's findings carry. */
export const RULES_BY_RULE_ID = {
  IAM003: iam003, IAM004: iam004, IAM005: iam005, IAM006: iam006, IAM007: iam007, IAM008: iam008, IAM009: iam009, IAM010: iam010, IAM011: iam011, IAM012: iam012, IAM013: iam013,
  MFA001: mfa001, MFA002: mfa002, MFA003: mfa003, MFA004: mfa004, MFA005: mfa005, MFA006: mfa006, MFA007: mfa007, MFA008: mfa008, MFA009: mfa009, MFA010: mfa010, MFA011: mfa011, MFA012: mfa012, MFA013: mfa013, MFA014: mfa014, MFA015: mfa015,
} as const;

/** The `data` type of each rule's findings, by rule id: what the rule's fix provider receives. */
export type RuleDataById = { readonly [R in keyof typeof RULES_BY_RULE_ID]: (typeof RULES_BY_RULE_ID)[R] extends PolicyRule<infer D> ? D : never };

/** Findings the parser itself produces. */
const PARSE_RULES: readonly RuleMeta[] = [
  { id: GeneralCode.Internal, title: 'Internal error in a rule', defaultSeverity: 'information', enabledByDefault: true },
  { id: GeneralCode.Syntax, title: 'JSON syntax error', defaultSeverity: 'error', enabledByDefault: true },
  { id: GeneralCode.WrongType, title: 'Wrong value type', defaultSeverity: 'error', enabledByDefault: true },
];

export const ALL_RULE_METAS: readonly RuleMeta[] = [...MFA_RULES, ...PARSE_RULES, ...GENERAL_RULES].sort((a, b) => a.id.localeCompare(b.id));

export const RULES_BY_ID: ReadonlyMap<string, RuleMeta> = new Map<string, RuleMeta>(ALL_RULE_METAS.map((r) => [r.id, r]));
