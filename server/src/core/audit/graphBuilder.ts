// Builds a PrincipalGraph from the pieces a template defines, in any order: attachments and
// memberships may come before (or without) the principal they name. Template and Terraform
// readers use it; an HCL reader produces the same calls.
import type { GroupNode, InlinePolicy, ManagedPolicy, PolicyText, PrincipalGraph, RoleNode, SourceLocation, TemplateCredentials, UserNode } from './model';
import { emptyGraph } from './model';

export interface UserSpec {
  name: string;
  path?: string;
  tags?: Record<string, string>;
  groups?: string[];
  inline?: InlinePolicy[];
  managed?: string[];
  boundary?: string;
  location?: SourceLocation;
}

export interface GroupSpec {
  name: string;
  inline?: InlinePolicy[];
  managed?: string[];
  location?: SourceLocation;
}

export interface RoleSpec extends Omit<UserSpec, 'groups'> {
  trust?: PolicyText;
  trustProblem?: string;
}

type Pending = (graph: PrincipalGraph) => void;

export class GraphBuilder {
  readonly graph: PrincipalGraph;
  private readonly pending: Pending[] = [];

  constructor(
    private readonly file: string,
    private readonly account: string,
  ) {
    this.graph = emptyGraph(account);
  }

  private arn(kind: string, name: string, path = '/'): string {
    return `arn:aws:iam::${this.account}:${kind}${path.startsWith('/') ? path : '/' + path}${name}`;
  }

  addUser(spec: UserSpec): void {
    const user: UserNode = { kind: 'user', name: spec.name, arn: this.arn('user', spec.name, spec.path), path: spec.path ?? '/', tags: spec.tags ?? {}, groups: [...(spec.groups ?? [])], inline: [...(spec.inline ?? [])], managed: [...(spec.managed ?? [])], boundary: spec.boundary, location: spec.location };
    this.graph.users.push(user);
  }

  addGroup(spec: GroupSpec): void {
    const existing = this.graph.groups.get(spec.name);
    if (existing) {
      existing.inline.push(...(spec.inline ?? []));
      existing.managed.push(...(spec.managed ?? []));
      return;
    }
    const group: GroupNode = { name: spec.name, arn: this.arn('group', spec.name), inline: [...(spec.inline ?? [])], managed: [...(spec.managed ?? [])], location: spec.location };
    this.graph.groups.set(spec.name, group);
  }

  addRole(spec: RoleSpec): void {
    const role: RoleNode = { kind: 'role', name: spec.name, arn: this.arn('role', spec.name, spec.path), path: spec.path ?? '/', tags: spec.tags ?? {}, trust: spec.trust, trustProblem: spec.trustProblem, inline: [...(spec.inline ?? [])], managed: [...(spec.managed ?? [])], boundary: spec.boundary, location: spec.location };
    this.graph.roles.push(role);
  }

  addManagedPolicy(policy: ManagedPolicy): void {
    this.graph.policies.set(policy.arn, policy);
  }

  attachToUser(user: string | undefined, arn: string): void {
    if (user) this.pending.push((g) => this.user(g, user)?.managed.push(arn));
  }

  attachToGroup(group: string | undefined, arn: string): void {
    if (group) this.pending.push((g) => this.group(g, group).managed.push(arn));
  }

  attachToRole(role: string | undefined, arn: string): void {
    if (role) this.pending.push((g) => this.role(g, role)?.managed.push(arn));
  }

  inlineToUser(user: string | undefined, policy: InlinePolicy): void {
    if (user) this.pending.push((g) => this.user(g, user)?.inline.push(policy));
  }

  inlineToGroup(group: string | undefined, policy: InlinePolicy): void {
    if (group) this.pending.push((g) => this.group(g, group).inline.push(policy));
  }

  inlineToRole(role: string | undefined, policy: InlinePolicy): void {
    if (role) this.pending.push((g) => this.role(g, role)?.inline.push(policy));
  }

  addUserToGroup(user: string | undefined, group: string | undefined): void {
    if (user && group)
      this.pending.push((g) => {
        const u = this.user(g, user);
        if (u && !u.groups.includes(group)) u.groups.push(group);
      });
  }

  /** A console password, an access key (active or not) or an MFA device the template gives a user. */
  addCredential(user: string | undefined, credential: 'console-password' | 'active-key' | 'inactive-key' | 'mfa-device'): void {
    if (!user) return;
    this.pending.push((g) => {
      const u = this.user(g, user, 'a credential');
      if (!u) return;
      const c: TemplateCredentials = (u.credentials ??= {});
      if (credential === 'console-password') c.consolePassword = true;
      else if (credential === 'mfa-device') c.mfaDevice = true;
      else c.activeAccessKeys = (c.activeAccessKeys ?? 0) + (credential === 'active-key' ? 1 : 0);
    });
  }

  /** A problem of the input, named by where it is. */
  problem(message: string, location?: SourceLocation): void {
    this.graph.problems.push({ message, location });
  }

  setBoundary(kind: 'user' | 'role', name: string, arn: string): void {
    this.pending.push((g) => {
      const p = kind === 'user' ? this.user(g, name) : this.role(g, name);
      if (p) p.boundary = arn;
    });
  }

  /** Applies attachments and memberships now that every principal is known. */
  finish(): PrincipalGraph {
    for (const apply of this.pending) apply(this.graph);
    this.pending.length = 0;
    return this.graph;
  }

  private user(g: PrincipalGraph, name: string, what = 'an attachment'): UserNode | undefined {
    const u = g.users.find((x) => x.name === name);
    if (!u) g.problems.push({ message: `${this.file}: ${what} names user ${name}, which is not defined here; it is ignored` });
    return u;
  }

  private role(g: PrincipalGraph, name: string): RoleNode | undefined {
    const r = g.roles.find((x) => x.name === name);
    if (!r) g.problems.push({ message: `${this.file}: an attachment names role ${name}, which is not defined here; it is ignored` });
    return r;
  }

  /** A group defined elsewhere still collects what is attached to it here. */
  private group(g: PrincipalGraph, name: string): GroupNode {
    let group = g.groups.get(name);
    if (!group) {
      group = { name, arn: this.arn('group', name), inline: [], managed: [] };
      g.groups.set(name, group);
    }
    return group;
  }
}
