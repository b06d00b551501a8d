/** Validates one catalogue entity the way Runway's catalogue does before it accepts it. */
import {
  DefaultNamespaceEntityPolicy,
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  domainEntityV1alpha1Validator,
  entityEnvelopeSchemaValidator,
  entitySchemaValidator,
  groupEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
  resourceEntityV1alpha1Validator,
  systemEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
} from '@backstage/catalog-model';

// The kinds app-config.yaml's catalog.rules allow from a registered repository.
const KIND_VALIDATORS = [
  componentEntityV1alpha1Validator,
  apiEntityV1alpha1Validator,
  systemEntityV1alpha1Validator,
  domainEntityV1alpha1Validator,
  resourceEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
  groupEntityV1alpha1Validator,
];
const ACCEPTED_KINDS =
  'Component, API, System, Domain, Resource, Location, User, Group';

const policies = EntityPolicies.allOf([
  new SchemaValidEntityPolicy(),
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
]);
const validateEnvelope = entityEnvelopeSchemaValidator();
const validateEntitySchema = entitySchemaValidator();

export type EntityValidation =
  | { valid: true; entity: Entity }
  | { valid: false; problem: string };

/** Returns the entity (namespace defaulted) or what is wrong with it, in the validators' words. */
export async function validateEntity(data: unknown): Promise<EntityValidation> {
  try {
    const envelope = validateEnvelope(data);
    const entity = await policies.enforce(validateEntitySchema(envelope));
    if (!entity)
      return { valid: false, problem: 'the entity policies rejected it' };
    for (const validator of KIND_VALIDATORS) {
      // check() is false for another kind and throws when the kind matches but the spec does not.
      if (await validator.check(entity)) return { valid: true, entity };
    }
    return {
      valid: false,
      problem: `kind ${entity.kind} (apiVersion ${entity.apiVersion}) is not one Runway's catalogue accepts from a repository: use one of ${ACCEPTED_KINDS}`,
    };
  } catch (error) {
    return { valid: false, problem: (error as Error).message };
  }
}
