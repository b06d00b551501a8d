import type { CheckedFile, Subject } from '../types';

/** An input the engine could not read although it should (a broken manifest, HCL or plan). */
export interface InputProblem {
  file: string;
  line?: number;
  message: string;
}

/** A subject whose `objects` may still be unknown (for Kubernetes and catalog: the whole check's). */
export type PartialSubject = Omit<Subject, 'objects'> & {
  objects?: Subject['objects'];
};

export interface Parsed {
  files: CheckedFile[];
  subjects: PartialSubject[];
  problems: InputProblem[];
}

export function emptyParsed(): Parsed {
  return { files: [], subjects: [], problems: [] };
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
