/**
 * The CEL environment every policy expression runs in: CEL's standard library, the strings
 * extension (split, join, lowerAscii, ...) and two functions of Runway's own.
 */
import {
  CelScalar,
  celEnv,
  celFunc,
  celList,
  celListConcat,
  celMap,
  isCelList,
  isCelMap,
  listType,
  type CelEnv,
  type CelInput,
  type CelValue,
} from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { RE2JS } from '@bufbuild/re2';

/** `jsonDecode(s)`: a JSON string as CEL values (Terraform's `policy = <<EOF {...} EOF`). */
const jsonDecode = celFunc(
  'jsonDecode',
  [CelScalar.STRING],
  CelScalar.DYN,
  (text: string) => JSON.parse(text) as CelInput,
);

/**
 * `asList(x)`: x when it is a list, [] for null, else [x]. Terraform blocks become an object when
 * there is one and a list when there are several; `asList(object.rule)` reads both.
 */
const asList = celFunc(
  'asList',
  [CelScalar.DYN],
  listType(CelScalar.DYN),
  value => {
    if (isCelList(value)) return value;
    return value === null ? [] : [value];
  },
);

function field(
  value: CelValue | undefined,
  ...path: string[]
): CelValue | undefined {
  let current = value;
  for (const key of path)
    current = isCelMap(current) ? current.get(key) : undefined;
  return current;
}

/** The pod template's spec of a workload path by kind. */
const POD_SPEC_PATHS: Record<string, string[]> = {
  Pod: ['spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

/**
 * `podSpec(object)`: a workload's pod spec: `spec` of a Pod, the job template's of a CronJob, the
 * pod template's of anything else (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job); `{}` when
 * there is none.
 */
function podSpecOf(object: CelValue): CelValue {
  const kind = field(object, 'kind');
  const path = POD_SPEC_PATHS[typeof kind === 'string' ? kind : ''] ?? [
    'spec',
    'template',
    'spec',
  ];
  const spec = field(object, ...path);
  return isCelMap(spec) ? spec : celMap(new Map());
}

const podSpec = celFunc('podSpec', [CelScalar.DYN], CelScalar.DYN, podSpecOf);

/** `podContainers(object)`: every container of a workload's pod: init, regular and ephemeral. */
const podContainers = celFunc(
  'podContainers',
  [CelScalar.DYN],
  listType(CelScalar.DYN),
  object => {
    const spec = podSpecOf(object);
    const lists = ['initContainers', 'containers', 'ephemeralContainers']
      .map(key => field(spec, key))
      .filter(isCelList);
    return lists.length ? celListConcat(...lists) : celList([]);
  },
);

/** Names a policy may use without declaring them (type names in `type(x) == list`). */
export const CEL_TYPE_NAMES: ReadonlySet<string> = new Set([
  'int',
  'uint',
  'double',
  'bool',
  'string',
  'bytes',
  'list',
  'map',
  'null_type',
  'type',
  'dyn',
]);

const MAX_PATTERNS = 1000;
const patterns = new Map<string, RE2JS>();

/** RE2 (linear time, so no input can make a policy hang), compiled once per pattern, not per call. */
const re2 = {
  compile(pattern: string) {
    let compiled = patterns.get(pattern);
    if (!compiled) {
      compiled = RE2JS.compile(pattern);
      if (patterns.size >= MAX_PATTERNS) patterns.clear();
      patterns.set(pattern, compiled);
    }
    return compiled;
  },
};

let shared: CelEnv | undefined;

export function policyCelEnv(): CelEnv {
  shared ??= celEnv({
    funcs: [...strings, jsonDecode, asList, podSpec, podContainers],
    re2,
  });
  return shared;
}
