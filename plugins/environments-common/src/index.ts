/**
 * Shared types, permissions and lifetime rules of Runway's ephemeral environments.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './permissions';
export * from './lifetime';
export * from './sandbox';
