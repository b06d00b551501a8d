/**
 * SCIM-like provisioning of the Slack stand-in over HTTP: `POST /_devstack/slack/users` with
 * `{ name, realName, email }` adds a person to the workspace (in #general only), as an identity
 * provider's SCIM push or an accepted invitation would. Onboarding needs its hire to exist in
 * Slack; this lets a run driven from outside the process (the bench, a demo) provide one.
 */
import express from 'express';
import { SlackState } from './SlackState';

export function createSlackProvisioningRouter(
  state: SlackState,
): express.Router {
  const router = express.Router();
  router.post('/_devstack/slack/users', express.json(), (req, res) => {
    const { name, realName, email } = (req.body ?? {}) as Record<
      string,
      unknown
    >;
    for (const [field, value] of Object.entries({ name, realName, email })) {
      if (typeof value !== 'string' || !value.trim()) {
        res.status(400).json({
          error: `${field} must be a non-empty string; send { "name", "realName", "email" }`,
        });
        return;
      }
    }
    try {
      const user = state.addUser({
        name: name as string,
        realName: realName as string,
        email: email as string,
      });
      res.status(201).json(user);
    } catch (error) {
      // addUser refuses a taken e-mail or name.
      res.status(409).json({ error: (error as Error).message });
    }
  });
  return router;
}
