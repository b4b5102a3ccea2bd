// Where the product and its rule pages live on the web. The one place these URLs are spelled;
// the CLI (SARIF helpUri, --help) and the language server (diagnostic codeDescription) use it.

/** The project's home page (SARIF `tool.driver.informationUri`). */
export const PROJECT_URL = 'https://github.com/iam-mfa-guard/iam-mfa-guard';

/** Rule pages are docs/rules/<ID>.md in the repository, on the main branch. */
export const RULE_DOCS_BASE_URL = `${PROJECT_URL}/blob/main/docs/rules/`;

/** The documentation page of one rule, e.g. ruleDocsUrl('MFA001'). */
export function ruleDocsUrl(ruleId: string): string {
  return `${RULE_DOCS_BASE_URL}${encodeURIComponent(ruleId)}.md`;
}
