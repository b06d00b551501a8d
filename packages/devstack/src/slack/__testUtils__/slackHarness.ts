/**
 * Runs the Slack stand-in on an ephemeral port, seeded with the examples org, and records every
 * JSON body it sends so tests can check them against Slack's published spec.
 */
import express from 'express';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { FaultController } from '../../faults';
import { loadOrg } from '../../seed/loadOrg';
import { SlackState } from '../SlackState';
import { createSlackRouter } from '../slackRouter';

export const BOT_TOKEN = 'xoxb-devstack-test-token';

export interface RecordedResponse {
  method: string;
  status: number;
  body: Record<string, unknown>;
}

export interface SlackHarness {
  state: SlackState;
  faults: FaultController;
  /** What WebClient takes as slackApiUrl. */
  apiUrl: string;
  responses: RecordedResponse[];
  app: express.Express;
  close(): Promise<void>;
}

const examplesDir = path.resolve(__dirname, '../../../../../examples');

export async function startSlackStandIn(): Promise<SlackHarness> {
  const state = new SlackState(loadOrg(examplesDir));
  const faults = new FaultController();
  const responses: RecordedResponse[] = [];
  const app = express();
  app.use(
    '/slack/api',
    recordResponses(responses),
    createSlackRouter({ state, faults, tokens: [BOT_TOKEN] }),
  );
  const server = http.createServer(app);
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    state,
    faults,
    responses,
    app,
    apiUrl: `http://127.0.0.1:${port}/slack/api/`,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function recordResponses(into: RecordedResponse[]): express.RequestHandler {
  return (req, res, next) => {
    const json = res.json.bind(res);
    res.json = body => {
      into.push({ method: req.path.slice(1), status: res.statusCode, body });
      return json(body);
    };
    next();
  };
}
