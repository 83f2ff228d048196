import nock from 'nock';
import type OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { createModelClient, ModelUnavailableError } from '../../src/ai/model-engine.js';

/** Where tests' OpenAI traffic goes: nock answers it; nothing real is ever called. */
export const OPENAI_TEST_BASE = 'https://api.openai.test/v1';

/**
 * For a test file that calls the model directly: no request may leave the machine (only this
 * file's fork), a fresh client per test — built after nock patched fetch, without retries of its
 * own since the engines retry once themselves — and interceptors cleared after each test.
 */
export function useModelClient(): () => OpenAI {
  let client: OpenAI;
  beforeAll(() => {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  });
  afterAll(() => nock.enableNetConnect());
  beforeEach(() => {
    client = createModelClient({ OPENAI_API_KEY: 'sk-test-fake', OPENAI_BASE_URL: OPENAI_TEST_BASE })!;
  });
  afterEach(() => {
    nock.abortPendingRequests();
    nock.cleanAll();
  });
  return () => client;
}

/** Awaits a call that must fail because the model was unavailable, and returns that error. */
export async function modelFailure(promise: Promise<unknown>): Promise<ModelUnavailableError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ModelUnavailableError);
  return err as ModelUnavailableError;
}
