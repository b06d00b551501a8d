import type { CompiledExpression } from '../cel/compile';
import type { Policy } from '../types';

export interface CompiledValidation {
  /** Position in the policy's validations list, for messages. */
  index: number;
  expression: CompiledExpression;
  message?: string;
  messageExpression?: CompiledExpression;
  /** The variables it needs, with theirs, in definition order. */
  needs: string[];
}

/** A policy with its expressions parsed and planned once. */
export interface CompiledPolicy {
  policy: Policy;
  variables: { name: string; expression: CompiledExpression }[];
  validations: CompiledValidation[];
}
