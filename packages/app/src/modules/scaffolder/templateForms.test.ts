/**
 * Forms that never fail after Submit: every rule a golden path's action enforces on what the
 * form collects is refused by the template's form too. Each form is validated as the
 * scaffolder's Stepper validates it (its schema extraction, AJV 8 with ajv-errors), and each
 * sample is judged by the very function the action calls; the two must agree on every sample.
 * Pickers are checked against the demo organisation: what they offer is what the action takes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments, parse } from 'yaml';
import { customizeValidator } from '@rjsf/validator-ajv8';
import ajvErrors from 'ajv-errors';
import type { JsonObject } from '@backstage/types';
import { extractSchemaFromStep } from '@backstage/plugin-scaffolder-react/alpha';
import { branchNameProblem, serviceNameProblem } from '@runway/platform-common';
import {
  environmentNameProblem,
  lifetimeDaysProblem,
} from '@runway/plugin-environments-common';

const repoRoot = path.resolve(__dirname, '../../../../..');

// The Stepper's validator (plugin-scaffolder-react's Stepper.esm.js).
const validator = customizeValidator();
ajvErrors(validator.ajv as any);

interface Step {
  schema: JsonObject;
  uiSchema: Record<string, any>;
}

function templateSteps(name: string): Step[] {
  const template = parse(
    fs.readFileSync(
      path.join(repoRoot, 'templates', name, 'template.yaml'),
      'utf8',
    ),
  );
  return (template.spec.parameters as JsonObject[]).map(step =>
    extractSchemaFromStep(structuredClone(step)),
  );
}

/** The step's errors by field (the form shows each under its field), or {} when it passes. */
function formErrors(step: Step, formData: Record<string, unknown>) {
  const { errors } = validator.validateFormData(formData, step.schema);
  const byField: Record<string, string[]> = {};
  for (const error of errors) {
    const field = (error.property ?? '').replace(/^\./, '') || '(form)';
    (byField[field] ??= []).push(error.message ?? '');
  }
  return byField;
}

/** Whether the form refuses `value` in `field` of `step` (the other fields as given). */
function formRefuses(
  step: Step,
  field: string,
  value: unknown,
  rest: Record<string, unknown> = {},
) {
  const errors = formErrors(step, { ...rest, [field]: value });
  return Object.keys(errors).some(
    f => f === field || f.startsWith(`${field}.`),
  );
}

/** The demo organisation's entities (examples/), as the catalogue loads them. */
function demoEntities(): any[] {
  const files = ['org.yaml', 'systems.yaml', 'components.yaml'];
  return files.flatMap(file =>
    parseAllDocuments(
      fs.readFileSync(path.join(repoRoot, 'examples', file), 'utf8'),
    ).map(d => d.toJSON()),
  );
}

/**
 * The values at a catalogue filter key in an entity: keys are dotted paths whose last part may
 * hold dots itself (`metadata.annotations.runway.dev/cost-center`), compared case-insensitively,
 * as the catalogue's search table does.
 */
function valuesAt(node: unknown, key: string): unknown[] {
  if (key === '') return Array.isArray(node) ? node : [node];
  if (Array.isArray(node)) return node.flatMap(n => valuesAt(n, key));
  if (!node || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([prop, value]) => {
    const p = prop.toLocaleLowerCase('en-US');
    const k = key.toLocaleLowerCase('en-US');
    if (k === p) return valuesAt(value, '');
    if (k.startsWith(`${p}.`)) return valuesAt(value, key.slice(p.length + 1));
    return [];
  });
}

/** Whether an entity passes an EntityPicker/OwnerPicker `catalogFilter`. */
function matchesFilter(entity: unknown, filter: Record<string, unknown>) {
  return Object.entries(filter).every(([key, wanted]) => {
    const found = valuesAt(entity, key);
    if (wanted && typeof wanted === 'object' && !Array.isArray(wanted)) {
      return (wanted as { exists?: boolean }).exists === found.length > 0;
    }
    const accepted = ([] as unknown[])
      .concat(wanted)
      .map(v => String(v).toLocaleLowerCase('en-US'));
    return found.some(v =>
      accepted.includes(String(v).toLocaleLowerCase('en-US')),
    );
  });
}

/** What a picker offers from the demo organisation, and whether it takes anything else. */
function pickerOffers(options: {
  catalogFilter: Record<string, unknown>;
  allowArbitraryValues?: boolean;
}) {
  return {
    offered: demoEntities()
      .filter(e => matchesFilter(e, options.catalogFilter))
      .map(e => `${e.kind.toLocaleLowerCase('en-US')}:${e.metadata.name}`),
    takesTypedValues: options.allowArbitraryValues ?? true,
  };
}

const COST_CENTER_ANNOTATION = 'runway.dev/cost-center';

const SERVICE_NAMES = [
  'checkout-api',
  'a',
  'a1',
  '1checkout',
  'Checkout',
  'check_out',
  '-checkout',
  'checkout-',
  'x'.repeat(40),
  'x'.repeat(41),
];
const ENVIRONMENT_NAMES = [...SERVICE_NAMES, '142-checkout', 'pr-142'];
const BRANCHES = [
  'main',
  'feature/checkout',
  'release-1.2',
  'v1_2',
  '-x',
  '/x',
  '.x',
  'a..b',
  'a//b',
  'feature/',
  'feature.',
  'feature.lock',
  'a b',
  'ü',
  'x'.repeat(200),
  'x'.repeat(201),
];

describe('the new-service form refuses what runway:service:prepare refuses', () => {
  const [service, how] = templateSteps('new-service');

  it.each(SERVICE_NAMES)('name %j', name => {
    expect(formRefuses(service, 'name', name)).toBe(
      serviceNameProblem(name) !== undefined,
    );
  });

  it('offers as owner only teams with a cost center, and takes nothing typed', () => {
    const owner = pickerOffers(service.uiSchema.owner['ui:options']);
    const teams = demoEntities().filter(e => e.kind === 'Group');
    const canOwn = teams
      .filter(g => g.metadata.annotations?.[COST_CENTER_ANNOTATION])
      .map(g => `group:${g.metadata.name}`);

    expect(owner.takesTypedValues).toBe(false);
    expect(owner.offered.sort()).toEqual(canOwn.sort());
    // The organisation group a new user picked, which the action refused after Submit.
    expect(owner.offered).not.toContain('group:acme');
  });

  it('offers as system only systems, and takes nothing typed', () => {
    const system = pickerOffers(service.uiSchema.system['ui:options']);
    expect(system.takesTypedValues).toBe(false);
    expect(system.offered.length).toBeGreaterThan(0);
    expect(system.offered.every(ref => ref.startsWith('system:'))).toBe(true);
  });

  it('shows the PagerDuty id format when the id is wrong', () => {
    const base = { language: 'typescript', database: 'none' };
    expect(
      formErrors(how, {
        ...base,
        lifecycle: 'production',
        pagerdutyServiceId: 'PABC123',
      }),
    ).toEqual({});
    expect(
      formErrors(how, {
        ...base,
        lifecycle: 'production',
        pagerdutyServiceId: 'pabc123',
      }),
    ).toEqual({
      pagerdutyServiceId: [
        expect.stringContaining('must be P and six capital letters or digits'),
      ],
    });
  });
});

describe('the ephemeral-environment form refuses what environment:create refuses', () => {
  const [environment, contents] = templateSteps('ephemeral-environment');
  const valid = {
    name: 'pr-142',
    type: 'feature',
    owner: 'group:default/payments',
    lifetimeDays: 7,
  };

  it.each(ENVIRONMENT_NAMES)('name %j', name => {
    expect(formRefuses(environment, 'name', name, valid)).toBe(
      environmentNameProblem(name) !== undefined,
    );
  });

  it.each([0, 1, 7, 30, 31, 2.5, -1])('lifetime %j days', days => {
    expect(formRefuses(environment, 'lifetimeDays', days, valid)).toBe(
      lifetimeDaysProblem(days) !== undefined,
    );
  });

  it('offers lifetime as a bounded control', () => {
    expect(environment.uiSchema.lifetimeDays['ui:widget']).toBe('updown');
  });

  it.each(BRANCHES)('branch %j', branch => {
    const services = [{ entityRef: 'component:default/checkout', branch }];
    expect(formRefuses(contents, 'services', services)).toBe(
      branchNameProblem(branch) !== undefined,
    );
  });

  it('refuses an environment with neither a system nor a service, under the services field and at the top', () => {
    const message = 'Pick a whole system above, or add at least one service.';
    // The form starts with no services (its default), as the action receives it.
    expect(formErrors(contents, { services: [] })).toEqual({
      services: [message],
      '(form)': [message],
    });
    expect(formErrors(contents, { system: '', services: [] })).toEqual({
      services: [message],
      '(form)': [message],
    });
    expect(formRefuses(contents, 'services', undefined)).toBe(true);
    expect(
      formErrors(contents, {
        system: 'system:default/storefront',
        services: [],
      }),
    ).toEqual({});
    expect(
      formErrors(contents, {
        services: [{ entityRef: 'component:default/checkout', branch: 'main' }],
      }),
    ).toEqual({});
  });

  it('refuses more than 50 services', () => {
    const services = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        entityRef: `component:default/s${i}`,
        branch: 'main',
      }));
    expect(formRefuses(contents, 'services', services(50))).toBe(false);
    expect(formRefuses(contents, 'services', services(51))).toBe(true);
  });

  it('offers as services only components the action can deploy, and takes nothing typed', () => {
    const picker = pickerOffers(
      contents.uiSchema.services.items.entityRef['ui:options'],
    );
    const deployable = demoEntities()
      .filter(
        e =>
          e.kind === 'Component' &&
          ['service', 'website'].includes(e.spec?.type) &&
          e.metadata.annotations?.['github.com/project-slug'],
      )
      .map(e => `component:${e.metadata.name}`);

    expect(picker.takesTypedValues).toBe(false);
    expect(picker.offered.length).toBeGreaterThan(0);
    expect(picker.offered.sort()).toEqual(deployable.sort());
  });

  it('offers as owner only teams, and takes nothing typed', () => {
    const owner = pickerOffers(environment.uiSchema.owner['ui:options']);
    expect(owner.takesTypedValues).toBe(false);
    expect(owner.offered).not.toContain('group:acme');
    expect(owner.offered).toContain('group:payments');
  });
});

describe.each(['engineer-onboarding', 'engineer-team-change'])(
  'the %s form offers only teams the onboarding actions accept',
  name => {
    it('lists teams with a cost center, and takes nothing typed', () => {
      const steps = templateSteps(name);
      const team = steps.find(s => s.uiSchema.team)!.uiSchema.team;
      const picker = pickerOffers(team['ui:options']);
      const canJoin = demoEntities()
        .filter(
          e =>
            e.kind === 'Group' &&
            e.metadata.annotations?.[COST_CENTER_ANNOTATION],
        )
        .map(e => `group:${e.metadata.name}`);

      expect(picker.takesTypedValues).toBe(false);
      expect(picker.offered.sort()).toEqual(canJoin.sort());
    });
  },
);
