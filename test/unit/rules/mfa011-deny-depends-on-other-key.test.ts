// MFA011: findings on valid and invalid policies (fix output: test/unit/fixes.test.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AWS_EXEMPTION, findingsOf, mfaDeny, policyText } from '../../testUtil';

describe('MFA011 MFA deny depends on another key', () => {
  it('warns about aws:SourceIp in the same block, at that key', () => {
    const deny = { Effect: 'Deny', NotAction: AWS_EXEMPTION, Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' }, NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } };
    const [f] = findingsOf('MFA011', policyText(deny));
    assert.equal(f.text, '"aws:SourceIp"');
    assert.equal(f.severity, 'warning');
  });

  it('gives information for aws:ViaAWSService', () => {
    const deny = { Effect: 'Deny', NotAction: AWS_EXEMPTION, Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false', 'aws:ViaAWSService': 'false' } } };
    const [f] = findingsOf('MFA011', policyText(deny));
    assert.equal(f.severity, 'information');
    assert.equal(f.data?.benign, true);
  });

  it('is silent when another Deny closes the gap without the extra key', () => {
    const deny = { Effect: 'Deny', NotAction: AWS_EXEMPTION, Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' }, NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } };
    assert.equal(findingsOf('MFA011', policyText(deny, mfaDeny(AWS_EXEMPTION))).length, 0);
  });
});
