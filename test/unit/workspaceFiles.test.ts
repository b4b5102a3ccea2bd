// The parts of the server's workspace support that need no editor: the workspaceScan setting,
// which files a watcher event concerns, the slices that let the event loop in, and resultIds.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import type { Connection } from 'vscode-languageserver/node';
import { DocumentAnalyzer } from '../../server/src/lsp/documents';
import { normalizeSettings, SettingsStore } from '../../server/src/lsp/settings';
import { forEachInSlices, noteEditorActivity, SLICE_MS, WorkspaceFiles } from '../../server/src/lsp/workspaceFiles';
import { mfaDeny, policyText } from '../testUtil';

function workspaceFiles(folders: string[]): { files: WorkspaceFiles; analyzer: DocumentAnalyzer; settings: SettingsStore } {
  // No workspace/configuration: the settings are the pushed (here default) ones.
  const settings = new SettingsStore({} as Connection, () => undefined);
  const analyzer = new DocumentAnalyzer(settings);
  const files = new WorkspaceFiles(analyzer, () => settings.generation);
  files.setFolders(folders.map((f) => pathToFileURL(f).href));
  return { files, analyzer, settings };
}

const busy = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

describe('iamMfaGuard.workspaceScan', () => {
  it('is "off" unless set to "on" (or true); anything else is "off", said in the log', () => {
    const warnings: string[] = [];
    assert.equal(normalizeSettings({}).workspaceScan, 'off');
    assert.equal(normalizeSettings({ workspaceScan: 'on' }).workspaceScan, 'on');
    assert.equal(normalizeSettings({ workspaceScan: true }).workspaceScan, 'on');
    assert.equal(normalizeSettings({ workspaceScan: false }).workspaceScan, 'off');
    assert.equal(normalizeSettings({ workspaceScan: 'always' }, (m) => warnings.push(m)).workspaceScan, 'off');
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /workspaceScan: "always" is not "on" or "off"/);
  });
});

describe('WorkspaceFiles', () => {
  it('a watched file belongs to the innermost folder, and only if the walk would list it', () => {
    const root = path.join(os.tmpdir(), 'ws-root');
    const inner = path.join(root, 'infra');
    const { files } = workspaceFiles([root, inner]);
    const uri = (p: string) => pathToFileURL(path.join(root, p)).href;
    assert.equal(files.wouldList(uri('infra/main.tf'))?.folderUri, pathToFileURL(inner).href);
    assert.equal(files.wouldList(uri('policies/a.json'))?.folderUri, pathToFileURL(root).href);
    assert.equal(files.wouldList(uri('node_modules/x/policy.json')), undefined);
    assert.equal(files.wouldList(uri('a/.git/policy.json')), undefined);
    assert.equal(files.wouldList(uri('infra/.terraform/modules/m.tf')), undefined);
    assert.equal(files.wouldList(uri('README.md')), undefined);
    assert.equal(files.wouldList(pathToFileURL(path.join(os.tmpdir(), 'elsewhere.json')).href), undefined);
    assert.equal(files.wouldList('untitled:Untitled-1'), undefined);
  });

  it('a file gets the same resultId while its bytes and the settings stay, and is then answered "unchanged"; another after a change of either', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-mfa-guard-resultid-'));
    try {
      const file = path.join(dir, 'p.json');
      fs.writeFileSync(file, policyText(mfaDeny('iam:*')));
      const { files, analyzer, settings } = workspaceFiles([dir]);
      const entry = { uri: pathToFileURL(file).href, folderUri: pathToFileURL(dir).href };
      const first = await files.check(entry);
      assert.equal(first.kind, 'checked');
      assert.ok(first.kind === 'checked' && first.state.result?.findings.some((f) => f.rule === 'MFA001'));
      const again = await files.check(entry, first.kind === 'checked' ? first.resultId : undefined);
      assert.equal(again.kind, 'unchanged');
      fs.writeFileSync(file, policyText(mfaDeny('iam:*'), { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }));
      const edited = await files.check(entry, first.kind === 'checked' ? first.resultId : undefined);
      assert.equal(edited.kind, 'checked');
      const editedId = edited.kind === 'checked' ? edited.resultId : '';
      settings.changed({ rules: { MFA001: 'off' } });
      assert.equal((await files.check(entry, editedId)).kind, 'checked', 'new settings, new result');
      const afterSettings = await files.check(entry);
      analyzer.invalidate();
      assert.equal((await files.check(entry, afterSettings.kind === 'checked' ? afterSettings.resultId : undefined)).kind, 'checked', 'a project file changed');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('forEachInSlices', () => {
  it('lets the event loop run between slices, and gives the editor further turns while it is active', async () => {
    const order: string[] = [];
    let editorTurns = 0;
    // An "editor" that keeps sending for three turns.
    const editor = () => {
      order.push('editor');
      noteEditorActivity();
      if (++editorTurns < 3) setImmediate(editor);
    };
    setImmediate(editor);
    await forEachInSlices([1, 2, 3, 4], () => false, async (n) => {
      busy(SLICE_MS + 1);
      order.push(`item ${n}`);
    });
    // The first turn is the event loop's; the editor's other two come before the second item,
    // although each took a turn of its own.
    assert.deepEqual(order.slice(0, 5), ['editor', 'item 1', 'editor', 'editor', 'item 2']);
  });

  it('sees a cancellation that comes in the first turn before any item', async () => {
    let cancel = false;
    setImmediate(() => (cancel = true)); // a $/cancelRequest read right behind its request
    const seen: number[] = [];
    assert.equal(await forEachInSlices([1, 2], () => cancel, async (n) => void seen.push(n)), false);
    assert.deepEqual(seen, []);
  });

  it('stops when cancelled, and says so', async () => {
    const seen: number[] = [];
    let cancel = false;
    const complete = await forEachInSlices([1, 2, 3, 4, 5], () => cancel, async (n) => {
      seen.push(n);
      if (n === 2) cancel = true;
    });
    assert.equal(complete, false);
    assert.deepEqual(seen, [1, 2]);
    assert.equal(await forEachInSlices([1], () => false, async () => undefined), true);
  });
});
