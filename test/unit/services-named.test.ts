import { describe, expect, it } from 'vitest';
import { servicesNamedIn } from '../../src/domain/services-named.js';

describe('servicesNamedIn', () => {
  const services = ['payments', 'search', 'card-api'];
  it('finds configured services named as whole words, whatever the case', () => {
    expect(servicesNamedIn('Payments API failing; SEARCH slow', services)).toEqual(['payments', 'search']);
    expect(servicesNamedIn('card-api 502s', services)).toEqual(['card-api']);
  });
  it('does not match inside other words', () => {
    expect(servicesNamedIn('research cluster down; paymentsv2 fine', services)).toEqual([]);
  });
});
