/** For the onboarding backend's tests: a scaffolder that records tasks, and waiting on a condition. */
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import express from 'express';

export interface RecordedTask {
  templateRef: string;
  values: any;
  /** The Authorization header the task was created with. */
  auth?: string;
}

/**
 * A scaffolder that records the tasks it is asked to create (the golden path itself runs on the
 * real scaffolder in packages/backend). Like the real one's form validation, it refuses a name
 * longer than the template's 200 characters with 400.
 */
export function recordingScaffolder() {
  const tasks: RecordedTask[] = [];
  let answerNext: 'answer' | 'lose' = 'answer';
  const plugin = createBackendPlugin({
    pluginId: 'scaffolder',
    register(env) {
      env.registerInit({
        deps: { httpRouter: coreServices.httpRouter },
        async init({ httpRouter }) {
          const router = express.Router();
          router.get('/v2/tasks', (_req, res) => {
            res.json({
              tasks: tasks
                .map((t, i) => ({
                  id: `task-${i + 1}`,
                  spec: { parameters: t.values },
                }))
                .reverse(),
              totalTasks: tasks.length,
            });
          });
          router.post('/v2/tasks', express.json(), (req, res) => {
            if (answerNext === 'lose') {
              // The task is made, but the answer never reaches the caller.
              tasks.push({ ...req.body, auth: req.header('authorization') });
              answerNext = 'answer';
              req.socket.destroy();
              return;
            }
            if (req.body.values?.name?.length > 200) {
              res.status(400).json({
                error: { name: 'InputError', message: 'name: too long' },
              });
              return;
            }
            tasks.push({ ...req.body, auth: req.header('authorization') });
            res.status(201).json({ id: `task-${tasks.length}` });
          });
          httpRouter.use(router);
        },
      });
    },
  });
  return {
    plugin,
    tasks,
    /** The next task is created but its answer lost, as when the connection drops. */
    loseNextAnswer: () => {
      answerNext = 'lose';
    },
  };
}

/** Waits until `holds` is true of what `read` answers (the worker starts runs after the request). */
export async function eventually<T>(
  read: () => T | Promise<T>,
  holds: (v: T) => boolean,
): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await read();
    if (holds(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(`never held; last value ${JSON.stringify(value)}`);
    }
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}
