/**
 * Relations within one Terraform set (a directory of HCL or one plan): `related` of a resource
 * holds, by type, the other resources that reference it; `objects` holds every resource of the set
 * by type. Data sources are keyed `data.<type>`.
 */
import type { Subject } from '../types';

export interface TerraformResource {
  /** Address in the configuration (no instance keys): what references name. */
  configAddress: string;
  /** Address of this instance, what a violation names (`module.db.aws_db_instance.this[0]`). */
  address: string;
  typeKey: string;
  mode: 'resource' | 'data';
  type: string;
  name: string;
  file: string;
  line?: number;
  object: Record<string, unknown>;
  /** Config addresses this resource references. */
  references: string[];
}

export function linkSet(resources: TerraformResource[]): Subject[] {
  const byConfig = new Map<string, TerraformResource[]>();
  const objects: Record<string, unknown[]> = {};
  for (const r of resources) {
    byConfig.set(r.configAddress, [
      ...(byConfig.get(r.configAddress) ?? []),
      r,
    ]);
    (objects[r.typeKey] ??= []).push(r.object);
  }
  const related = new Map<TerraformResource, Record<string, unknown[]>>(
    resources.map(r => [r, {}]),
  );
  for (const from of resources) {
    for (const target of from.references) {
      if (target === from.configAddress) continue;
      for (const to of byConfig.get(target) ?? []) {
        const map = related.get(to)!;
        (map[from.typeKey] ??= []).push(from.object);
      }
    }
  }
  return resources.map(r => ({
    family: 'terraform',
    file: r.file,
    line: r.line,
    object: r.object,
    resource: {
      kind: r.mode,
      name: r.name,
      namespace: '',
      type: r.type,
      address: r.address,
      file: r.file,
      apiVersion: '',
    },
    related: related.get(r)!,
    objects,
  }));
}
