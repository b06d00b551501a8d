/** Validates catalogue entities in tests exactly as the catalogue does before accepting them. */
import {
  DefaultNamespaceEntityPolicy,
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
  componentEntityV1alpha1Validator,
  entityEnvelopeSchemaValidator,
  entitySchemaValidator,
} from '@backstage/catalog-model';

/** Validates an entity the way the catalogue does before accepting it. */
export async function validateComponent(data: unknown): Promise<Entity> {
  const envelope = entityEnvelopeSchemaValidator()(data);
  const entity = entitySchemaValidator()(envelope);
  const policy = EntityPolicies.allOf([
    new SchemaValidEntityPolicy(),
    new DefaultNamespaceEntityPolicy(),
    new NoForeignRootFieldsEntityPolicy(),
    new FieldFormatEntityPolicy(),
  ]);
  const checked = await policy.enforce(entity);
  if (!checked) throw new Error('entity policy rejected the entity');
  if (!(await componentEntityV1alpha1Validator.check(checked)))
    throw new Error('not a valid Component');
  return checked;
}
